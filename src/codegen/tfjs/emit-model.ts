import type { Initializer, ModelIR, TrainIR } from "../../ir/ir.js";
import { numberSetting } from "../common/args.js";
import { describeInitializer } from "../common/initializers.js";
import { EmitError, emitterFor } from "../registry.js";
import type {
  StoredLayout,
  TfjsEmitContext,
  TfjsHelperName,
  TfjsLayerEmitter,
} from "./layer-emitter.js";
import { tfjsHelperOrder, tfjsHelperSources } from "./helpers.js";
import { inversePermutation, storedShape } from "./lib/layout.js";
import { tfjsLosses } from "./losses.js";
import { identifierFor, literal, modelClassName, nodeComment, where } from "./naming.js";
import { tfjsRegistry } from "./registry.js";
import {
  isDecoupled,
  optimizerLearningRate,
  optimizerWeightDecay,
  tfjsOptimizers,
} from "./optimizers.js";
import { scheduleFunction } from "./schedules.js";
import { contractTypesSource } from "../common/contract-types.js";

/**
 * Emits model.ts for the tfjs backend: the model as tf.Variables and tf ops, computing
 * channels-last internally, with every tensor crossing the API (getTensors, setTensors,
 * gradients, inputs) channels-first, so checkpoints and weights agree with the loops
 * backend and PyTorch. The text is assembled from the IR alone, in IR order.
 */

interface TensorEntry {
  name: string;
  irShape: readonly number[];
  stored: StoredLayout | undefined;
  role: "param" | "buffer";
  trainable: boolean;
  init: Initializer | { fill: number };
  lrMultiplier: number;
  l1: number;
  l2: number;
  /** Whether weight penalties (global l1/l2, weight decay) apply (false for biases, norm scales). */
  penalized: boolean;
}

function collectTensors(model: ModelIR): TensorEntry[] {
  const entries: TensorEntry[] = [];
  for (const node of model.nodes) {
    const emitter = emitterFor<TfjsLayerEmitter>(tfjsRegistry, node, "tfjs");
    for (const p of node.params) {
      entries.push({
        name: `${node.id}.${p.name}`,
        irShape: p.shape,
        stored: emitter.storage?.(node, p.name),
        role: "param",
        trainable: p.trainable,
        init: p.init,
        lrMultiplier: p.lrMultiplier,
        l1: p.l1,
        l2: p.l2,
        penalized: p.penalized,
      });
    }
    for (const b of node.buffers) {
      entries.push({
        name: `${node.id}.${b.name}`,
        irShape: b.shape,
        stored: undefined,
        role: "buffer",
        trainable: false,
        init: { fill: b.fill },
        lrMultiplier: 1,
        l1: 0,
        l2: 0,
        penalized: false,
      });
    }
  }
  return entries;
}

/** The tf expression that initialises one tensor in its channels-first shape. */
function initExpression(entry: TensorEntry, seedOffset: number): string {
  const shape = literal(entry.irShape);
  if ("fill" in entry.init) return `tf.fill(${shape}, ${literal(entry.init.fill)})`;
  const d = entry.init.distribution;
  const seed = `seed * 7919 + ${seedOffset}`;
  switch (d.kind) {
    case "constant":
      return `tf.fill(${shape}, ${literal(d.value)})`;
    case "uniform":
      return `tf.randomUniform(${shape}, ${literal(d.low)}, ${literal(d.high)}, "float32", ${seed})`;
    case "normal":
      return `tf.randomNormal(${shape}, ${literal(d.mean)}, ${literal(d.std)}, "float32", ${seed})`;
  }
}

function toStoredExpression(value: string, entry: TensorEntry): string {
  if (entry.stored === undefined) return value;
  const reshaped =
    entry.stored.reshape === undefined
      ? value
      : `tf.reshape(${value}, ${literal(entry.stored.reshape)})`;
  return `tf.transpose(${reshaped}, ${literal(entry.stored.perm)})`;
}

/** The forward body: one `const` per node, in IR order, each under a comment naming its .net line. */
function forwardBody(
  model: ModelIR,
  requireHelper: (name: TfjsHelperName) => string,
  sourceText: (file: string) => string | undefined,
): string[] {
  const names = new Map<string, string>([["input", "input"]]);
  const lines: string[] = [];
  const inputRank = model.inputShape.length;
  lines.push(
    inputRank > 1 ? `const input = ${requireHelper("toChannelsLast")}(x);` : "const input = x;",
  );
  model.nodes.forEach((node, index) => {
    const variable = identifierFor(node.id);
    names.set(node.id, variable);
    const ctx: TfjsEmitContext = {
      input: (i = 0) => {
        const id = node.inputs[i];
        const name = id === undefined ? undefined : names.get(id);
        if (name === undefined) throw new Error(`${node.id}: input ${i} is not defined before it`);
        return name;
      },
      param: (tensor) => `v[${JSON.stringify(`${node.id}.${tensor}`)}]`,
      buffer: (tensor) => `v[${JSON.stringify(`${node.id}.${tensor}`)}]`,
      training: "training",
      callSeed: `(callSeed + ${index})`,
      helper: requireHelper,
      literal,
    };
    lines.push(nodeComment(node, sourceText(node.span.file)));
    lines.push(
      `const ${variable} = ${emitterFor<TfjsLayerEmitter>(tfjsRegistry, node, "tfjs").forward(node, ctx)};`,
    );
  });
  const output = names.get(model.output);
  if (output === undefined)
    throw new Error(`model ${model.name}: output node '${model.output}' not found`);
  const outputRank = model.nodes.find((n) => n.id === model.output)?.outputShape.length ?? 1;
  lines.push(
    outputRank > 1 ? `return ${requireHelper("toChannelsFirst")}(${output});` : `return ${output};`,
  );
  return lines;
}

/** A train setting's value as data: a call-like setting (early_stopping) without its source span. */
function settingsReplacer(key: string, value: unknown): unknown {
  return key === "span" || key === "given" ? undefined : value;
}

/** The whole model.ts text (before formatting). */
export function emitModelSource(
  model: ModelIR,
  train: TrainIR,
  irHash: string,
  sourceText: (file: string) => string | undefined = () => undefined,
): string {
  const tensors = collectTensors(model);
  const used = new Set<TfjsHelperName>();
  const requireHelper = (name: TfjsHelperName) => {
    used.add(name);
    return name;
  };
  const forward = forwardBody(model, requireHelper, sourceText);
  // Helpers used by the API methods themselves.
  requireHelper("toChannelsLast");
  requireHelper("toChannelsFirst");

  const lossName = train.loss.name;
  const loss = tfjsLosses[lossName];
  if (loss === undefined) {
    throw new EmitError(
      `${where(train.loss.span)}: the tfjs backend has no loss '${lossName}' (it has ${Object.keys(tfjsLosses).join(", ")})`,
    );
  }
  const optimizerName = train.optimizer.name;
  const optimizerArgs = train.optimizer.args;
  const optimizer = tfjsOptimizers[optimizerName];
  if (optimizer === undefined) {
    throw new EmitError(
      `${where(train.optimizer.span)}: the tfjs backend has no optimizer '${optimizerName}' yet (it has ${Object.keys(tfjsOptimizers).join(", ")})`,
    );
  }
  const learningRate = optimizerLearningRate(optimizerArgs);
  const weightDecay = optimizerWeightDecay(optimizerArgs);
  const decoupled = isDecoupled(optimizerArgs);
  const slots = optimizer.slots(optimizerArgs);
  const clipNorm = numberSetting(train, "clip_norm");
  const clipValue = numberSetting(train, "clip_value");
  const globalL1 = numberSetting(train, "l1");
  const globalL2 = numberSetting(train, "l2");
  const outputShape = model.nodes.find((n) => n.id === model.output)?.outputShape ?? [];
  const classes = outputShape.reduce((a, b) => a * b, 1);
  const className = modelClassName(model);
  const countsCorrect = outputShape.length === 1 && classes > 1;
  const tensorNameType =
    tensors.length === 0 ? "never" : tensors.map((t) => JSON.stringify(t.name)).join(" | ");
  const penalized = tensors.filter(
    (t) => t.role === "param" && t.trainable && (t.l1 !== 0 || t.l2 !== 0),
  );
  const globallyPenalized = tensors.filter((t) => t.role === "param" && t.trainable && t.penalized);

  const out: string[] = [];
  out.push(`/**
 * ${model.name} for TensorFlow.js, generated by netc from ${where(model.span)}. Do not edit: recompile.
 *
 * Input [${model.inputShape.join(", ")}] and output [${outputShape.join(", ")}] per sample, channels-first; ${model.totals.params} parameters.
 * Computation runs channels-last ([n, H, W, C]) as tfjs' kernels want it; every tensor
 * crossing this module's API (inputs, getTensors/setTensors, gradients) is channels-first,
 * in PyTorch's layout (conv weight [out, in/groups, kH, kW], dense weight [out, in]).
 */`);
  out.push(`import { tf } from "netc/runtime/tfjs";`);
  out.push(`
/** The API every generated model exports (netc's model contract; the same types in both backends). */
${contractTypesSource}`);
  out.push(`export type TensorName = ${tensorNameType};`);
  out.push(`
/** Every tensor: its channels-first shape, and how it is stored when tfjs wants another layout. */
const tensorTable: readonly {
  name: TensorName;
  shape: readonly number[];
  role: "param" | "buffer";
  trainable: boolean;
  storedShape: readonly number[];
  /** stored = transpose(reshape(channelsFirst, reshape), perm); null: stored as is. */
  layout: { reshape: readonly number[]; perm: readonly number[]; inverse: readonly number[] } | null;
  lrMultiplier: number;
  l1: number;
  l2: number;
  /** Whether global l1/l2 and weight decay apply (false for biases and norm scales). */
  penalized: boolean;
}[] = [
${tensors
  .map((t) => {
    const layout =
      t.stored === undefined
        ? "null"
        : `{ reshape: ${literal(t.stored.reshape ?? t.irShape)}, perm: ${literal(t.stored.perm)}, inverse: ${literal(inversePermutation(t.stored.perm))} }`;
    return `  { name: ${JSON.stringify(t.name)}, shape: ${literal(t.irShape)}, role: "${t.role}", trainable: ${t.trainable}, storedShape: ${literal(storedShape(t.irShape, t.stored))}, layout: ${layout}, lrMultiplier: ${literal(t.lrMultiplier)}, l1: ${literal(t.l1)}, l2: ${literal(t.l2)}, penalized: ${t.penalized} },`;
  })
  .join("\n")}
];
`);
  out.push(`export const modelInfo: ModelInfo = {
  name: ${JSON.stringify(model.name)},
  inputShape: ${literal(model.inputShape)},
  outputShape: ${literal(outputShape)},
  tensors: tensorTable.map(({ name, shape, role, trainable }) => ({ name, shape, role, trainable })),
  irHash: ${JSON.stringify(irHash)},
};
`);
  out.push(`/** The train section${train.declared ? ` (${where(train.span)})` : " (none in the source: netc's defaults)"}. */
export const trainConfig = {
  loss: ${JSON.stringify(lossName)},
  optimizer: ${JSON.stringify(optimizerName)},
  optimizerArgs: ${JSON.stringify(optimizerArgs)},
  learningRate: ${literal(learningRate)},
  weightDecay: ${literal(weightDecay)},
  schedule: ${JSON.stringify(train.schedule ? { name: train.schedule.name, args: train.schedule.args } : null)},
  data: ${JSON.stringify({ name: train.data.name, args: train.data.args })},
  batch: ${train.batch},
  epochs: ${train.epochs},
  seed: ${train.seed},
  settings: ${JSON.stringify(train.settings, settingsReplacer)},
} as const;
`);
  out.push(scheduleFunction(train.schedule));
  out.push(`
/**
 * One ${optimizerName} step for one tensor${train.declared ? ` (${where(train.optimizer.span)})` : ""}: ${optimizer.rule(optimizerArgs)}.
 * p: the parameter; g: its gradient; s: its slots (${slots.length === 0 ? "none" : slots.map((slot) => slot.name).join(", ")}); lr: the rate for this tensor; t: the step (1 first).
 */
function updateTensor(p: tf.Variable, g: tf.Tensor, s: readonly tf.Variable[], lr: number, t: number): void {
  void s;
  void t;
  ${optimizer.update(optimizerArgs)}
}

/** Slot tensors of the optimizer per trainable tensor, with their initial values. */
const optimizerSlots: readonly { name: string; fill: number }[] = ${JSON.stringify(slots)};
`);
  for (const name of tfjsHelperOrder) if (used.has(name)) out.push(tfjsHelperSources[name]);

  const lossTargets = loss.targets;
  out.push(`
/** ${loss.doc} (${lossName}${train.declared ? `, ${where(train.loss.span)}` : ""}). */
function lossOf(output: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  const classes = ${classes};
  ${
    lossTargets === "classes"
      ? `const oneHot = tf.oneHot(tf.cast(labels, "int32") as tf.Tensor1D, classes);`
      : `const target = labels.size === output.shape[0] && classes > 1 ? tf.oneHot(tf.cast(labels, "int32") as tf.Tensor1D, classes) : tf.reshape(labels, output.shape);`
  }
  void classes;
  return ${loss.expression(train.loss.args)} as tf.Scalar;
}
`);

  const initLines = tensors.map((t, i) => {
    const comment = "fill" in t.init ? `constant ${t.init.fill}` : describeInitializer(t.init);
    return `this.v[${JSON.stringify(t.name)}].assign(${toStoredExpression(initExpression(t, i), t)}); // ${comment}`;
  });

  const penaltyLines = penalized.map((t) => {
    const terms: string[] = [];
    const v = `this.v[${JSON.stringify(t.name)}]`;
    if (t.l1 !== 0) terms.push(`tf.mul(${literal(t.l1)}, tf.sum(tf.abs(${v})))`);
    if (t.l2 !== 0) terms.push(`tf.mul(${literal(t.l2 / 2)}, tf.sum(tf.square(${v})))`);
    return terms
      .map((term) => `total = tf.add(total, ${term}); // ${t.name}: layer l1·Σ|w| + l2·Σw²/2`)
      .join("\n");
  });
  const globalPenaltyLines = globallyPenalized.flatMap((t) => {
    const v = `this.v[${JSON.stringify(t.name)}]`;
    const terms: string[] = [];
    if (globalL1 !== 0)
      terms.push(
        `total = tf.add(total, tf.mul(${literal(globalL1)} / this.trainingSetSize, tf.sum(tf.abs(${v}))));`,
      );
    if (globalL2 !== 0)
      terms.push(
        `total = tf.add(total, tf.mul(${literal(globalL2)} / (2 * this.trainingSetSize), tf.sum(tf.square(${v}))));`,
      );
    return terms;
  });
  const allPenalties = [...penaltyLines, ...globalPenaltyLines];
  const hasPenalties = allPenalties.length > 0;

  const clipLines: string[] = [];
  if (clipValue !== 0)
    clipLines.push(
      `for (const name of names) gradients.set(name, tf.clipByValue(gradients.get(name)!, ${literal(-clipValue)}, ${literal(clipValue)}));`,
    );
  if (clipNorm !== 0) {
    clipLines.push(`// clip_norm: scale every gradient by min(1, c/‖g‖), ‖g‖ the L2 norm over all trainable tensors together
    const norm = Math.sqrt(names.reduce((sum, name) => sum + tf.sum(tf.square(gradients.get(name)!)).dataSync()[0]!, 0));
    if (norm > ${literal(clipNorm)}) for (const name of names) gradients.set(name, tf.mul(gradients.get(name)!, ${literal(clipNorm)} / norm));`);
  }

  out.push(`
export class ${className} {
  readonly info: ModelInfo = modelInfo;
  /** Every tensor as a tf.Variable, in its stored (tfjs) layout. */
  private readonly v: Record<TensorName, tf.Variable>;
  /** The optimizer's slots per trainable tensor (same stored layout as the tensor). */
  private readonly slots = new Map<TensorName, tf.Variable[]>();
  private learningRate: number = trainConfig.learningRate;
  private seed = 0;
  /** Counts training forward passes: seeds dropout masks and noise so runs are reproducible (saved in checkpoints). */
  private calls = 0;
  /** Optimizer steps taken (t of the bias corrections; saved in checkpoints). */
  private steps = 0;
  /** n of the global penalties λ/n·Σ|w| and λ/(2n)·Σw² (seed 001): the training set's size. */
  private trainingSetSize = 1;

  constructor() {
    const variables = {} as Record<TensorName, tf.Variable>;
    for (const t of tensorTable) {
      variables[t.name] = tf.variable(tf.zeros(t.storedShape as number[]), t.trainable);
      if (t.role === "param" && t.trainable) {
        this.slots.set(t.name, optimizerSlots.map((slot) => tf.variable(tf.fill(t.storedShape as number[], slot.fill), false)));
      }
    }
    this.v = variables;
  }

  /** Initialise every tensor from the seed by the initializers in the IR, and reset the optimizer. */
  initialize(seed: number): void {
    this.seed = seed;
    this.calls = 0;
    this.steps = 0;
    tf.tidy(() => {
      ${initLines.join("\n      ")}
      for (const slots of this.slots.values()) slots.forEach((slot, i) => slot.assign(tf.fill(slot.shape, optimizerSlots[i]!.fill)));
    });
  }

  /** Copies of the current tensors, channels-first. */
  getTensors(): Map<string, Float32Array> {
    const result = new Map<string, Float32Array>();
    for (const t of tensorTable) {
      result.set(t.name, this.channelsFirst(t.name, this.v[t.name]));
    }
    return result;
  }

  /** Overwrite tensors (all or some) from channels-first data; shapes must match \`info\`. */
  setTensors(tensors: ReadonlyMap<string, Float32Array>): void {
    for (const [name, data] of tensors) {
      const t = tensorTable.find((entry) => entry.name === name);
      if (t === undefined) throw new Error(\`${model.name} has no tensor named '\${name}'\`);
      this.v[t.name].assign(this.stored(t.name, data));
    }
  }

  /** The forward pass on a channels-first batch [n, ${model.inputShape.join(", ")}]; returns [n, ${outputShape.join(", ")}]. */
  forward(x: tf.Tensor, training: boolean): tf.Tensor {
    const v = this.v;
    const callSeed = this.seed * 1_000_003 + (training ? ++this.calls : 0) * 101;
    void v;
    void callSeed;
    ${forward.join("\n    ")}
  }

  /** Logits for \`n\` channels-first samples (evaluation mode). */
  async predict(input: Float32Array, n: number): Promise<Float32Array> {
    const output = tf.tidy(() => this.forward(this.inputTensor(input, n), false));
    const data = (await output.data()) as Float32Array;
    output.dispose();
    return data;
  }

  /** Mean loss (${lossName}, the data term only) of a batch in evaluation mode. */
  async evaluateLoss(input: Float32Array, labels: ArrayLike<number>, n: number): Promise<number> {
    const value = tf.tidy(() => lossOf(this.forward(this.inputTensor(input, n), false), this.labelTensor(labels)));
    const data = await value.data();
    value.dispose();
    return data[0]!;
  }

  /**
   * Mean loss (${lossName}, the data term only) and its gradients for every trainable
   * tensor, channels-first. \`labels\`: ${lossTargets === "classes" ? "n class indices" : "targets (n class indices are one-hot encoded)"}.
   */
  lossAndGradients(input: Float32Array, labels: ArrayLike<number>, n: number, training = true): LossAndGradients {
    const gradients = new Map<string, Float32Array>();
    let loss = NaN;
    tf.tidy(() => {
      const x = this.inputTensor(input, n);
      const y = this.labelTensor(labels);
      const { value, grads } = tf.variableGrads(() => lossOf(this.forward(x, training), y), this.trainableVariables());
      loss = value.dataSync()[0]!;
      for (const t of tensorTable) {
        const grad = grads[this.v[t.name].name];
        if (grad !== undefined) gradients.set(t.name, this.channelsFirst(t.name, grad));
      }
    });
    return { loss, gradients };
  }

  /**
   * One training step on a batch: loss${hasPenalties ? " plus the L1/L2 penalties" : ""}, gradients${clipLines.length > 0 ? ", clipping" : ""}${weightDecay !== 0 ? `, ${decoupled ? "decoupled" : "coupled"} weight decay` : ""}
   * and the ${optimizerName} update of every trainable tensor at lr × its lr_mult. Returns
   * the minimised objective's value and how many samples the model classified correctly
   * before the update (for the training accuracy).
   */
  step(input: Float32Array, labels: ArrayLike<number>, n: number): { loss: number; correct: number } {
    let correct = 0;
    const t = ++this.steps;
    const loss = tf.tidy(() => {
      const x = this.inputTensor(input, n);
      const y = this.labelTensor(labels);
      const { value, grads } = tf.variableGrads(() => {
        const output = this.forward(x, true);
        ${countsCorrect ? "correct = countCorrect(output, y);" : ""}
        return this.withPenalties(lossOf(output, y));
      }, this.trainableVariables());
      this.applyGradients(new Map(trainableTable().map((entry) => [entry.name, grads[this.v[entry.name].name]!] as [TensorName, tf.Tensor])), t);
      return value.dataSync()[0]!;
    });
    return { loss, correct };
  }

  /**
   * Applies channels-first gradients (one per trainable tensor) as one optimizer step,
   * with the same clipping and weight decay as \`step\` (the penalties are not added:
   * they are part of the loss the gradients come from).
   */
  applyChannelsFirstGradients(gradients: ReadonlyMap<string, Float32Array>): void {
    const t = ++this.steps;
    tf.tidy(() => {
      const stored = new Map<TensorName, tf.Tensor>();
      for (const entry of trainableTable()) {
        const data = gradients.get(entry.name);
        if (data === undefined) throw new Error(\`no gradient for '\${entry.name}'\`);
        stored.set(entry.name, this.stored(entry.name, data));
      }
      this.applyGradients(stored, t);
    });
  }

  /** The learning rate before per-tensor multipliers (a schedule sets it each epoch). */
  setLearningRate(lr: number): void {
    this.learningRate = lr;
  }

  getLearningRate(): number {
    return this.learningRate;
  }

  /** n of the global penalties λ/n (seed 001): call with the training set's size before training. */
  setTrainingSetSize(count: number): void {
    this.trainingSetSize = Math.max(1, count);
  }

  /** The optimizer's slots, channels-first, named "tensor/slot", in a fixed order, for checkpoints. */
  async getOptimizerState(): Promise<{ name: string; shape: number[]; data: Float32Array }[]> {
    const state: { name: string; shape: number[]; data: Float32Array }[] = [];
    for (const [name, slots] of this.slots) {
      const t = tensorTable.find((entry) => entry.name === name)!;
      slots.forEach((slot, i) => {
        state.push({ name: \`\${name}/\${optimizerSlots[i]!.name}\`, shape: [...t.shape], data: this.channelsFirst(name, slot) });
      });
    }
    return state;
  }

  /** Restore what getOptimizerState returned (same model, same optimizer). */
  async setOptimizerState(state: readonly { name: string; shape: readonly number[]; data: Float32Array }[]): Promise<void> {
    for (const [name, slots] of this.slots) {
      slots.forEach((slot, i) => {
        const key = \`\${name}/\${optimizerSlots[i]!.name}\`;
        const saved = state.find((s) => s.name === key);
        if (saved === undefined) throw new Error(\`the checkpoint has no optimizer state '\${key}'\`);
        slot.assign(this.stored(name, saved.data));
      });
    }
  }

  /** Step and forward-call counters: with the tensors and slots they make a resumed run bit-identical. */
  getCounters(): { steps: number; calls: number } {
    return { steps: this.steps, calls: this.calls };
  }

  setCounters(counters: { steps: number; calls: number }): void {
    this.steps = counters.steps;
    this.calls = counters.calls;
  }

  /** Release every variable and optimizer slot. */
  dispose(): void {
    for (const slots of this.slots.values()) for (const slot of slots) slot.dispose();
    for (const t of tensorTable) this.v[t.name].dispose();
  }

  /** Clipping, weight decay and the optimizer rule, on gradients in the stored layout; call inside tf.tidy. */
  private applyGradients(gradients: Map<TensorName, tf.Tensor>, t: number): void {
    const names = trainableTable().map((entry) => entry.name);
    void names;
    ${clipLines.join("\n    ")}
    for (const entry of trainableTable()) {
      const p = this.v[entry.name];
      let g = gradients.get(entry.name)!;
      const lr = this.learningRate * entry.lrMultiplier;
      ${
        weightDecay === 0
          ? "void g;"
          : decoupled
            ? `// decoupled weight decay (AdamW): θ ← θ − lr·λ·θ before the step
      if (entry.penalized) p.assign(tf.mul(p, 1 - lr * ${literal(weightDecay)}));`
            : `// weight decay through the gradient: g ← g + λθ
      if (entry.penalized) g = tf.add(g, tf.mul(${literal(weightDecay)}, p));`
      }
      updateTensor(p, g, this.slots.get(entry.name)!, lr, t);
    }
  }

  private withPenalties(loss: tf.Scalar): tf.Scalar {
    ${hasPenalties ? `let total: tf.Tensor = loss;\n    ${allPenalties.join("\n    ")}\n    return total as tf.Scalar;` : "return loss;"}
  }

  private trainableVariables(): tf.Variable[] {
    return trainableTable().map((t) => this.v[t.name]);
  }

  private inputTensor(input: Float32Array, n: number): tf.Tensor {
    const size = ${model.inputShape.reduce((a, b) => a * b, 1)};
    if (input.length !== n * size) throw new Error(\`input needs \${n} × \${size} values, got \${input.length}\`);
    return tf.tensor(input, [n, ...modelInfo.inputShape], "float32");
  }

  private labelTensor(labels: ArrayLike<number>): tf.Tensor {
    return tf.tensor(Array.from(labels), [labels.length], "float32");
  }

  /** Channels-first data as a tensor in the stored layout of tensor \`name\`. */
  private stored(name: TensorName, data: Float32Array): tf.Tensor {
    const t = tensorTable.find((entry) => entry.name === name)!;
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (data.length !== size) {
      throw new Error(\`tensor '\${name}' needs \${size} values ([\${t.shape.join(", ")}]), got \${data.length}\`);
    }
    return tf.tidy(() => {
      const value = tf.tensor(data, t.shape as number[], "float32");
      return t.layout === null ? value : tf.transpose(tf.reshape(value, t.layout.reshape as number[]), t.layout.perm as number[]);
    });
  }

  /** A stored tensor back in its channels-first layout, as a fresh Float32Array. */
  private channelsFirst(name: TensorName, value: tf.Tensor): Float32Array {
    const t = tensorTable.find((entry) => entry.name === name)!;
    return tf.tidy(() => {
      const layout = t.layout;
      const plain = layout === null ? value : tf.reshape(tf.transpose(value, layout.inverse as number[]), t.shape as number[]);
      return Float32Array.from(plain.dataSync());
    }) as unknown as Float32Array;
  }
}

/** The trainable tensors, in table order. */
function trainableTable(): (typeof tensorTable)[number][] {
  return tensorTable.filter((t) => t.role === "param" && t.trainable);
}

${
  countsCorrect
    ? `/** Samples whose largest output is at their label. */
function countCorrect(output: tf.Tensor, labels: tf.Tensor): number {
  return tf.tidy(() => {
    const hits = tf.equal(tf.argMax(output, -1), tf.cast(labels, "int32"));
    return tf.sum(tf.cast(hits, "int32")).dataSync()[0]!;
  });
}

`
    : ""
}export function createModel(): ${className} {
  return new ${className}();
}
`);
  return out.join("\n");
}
