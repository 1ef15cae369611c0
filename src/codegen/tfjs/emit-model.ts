import type { Distribution, ModelIR, TrainIR } from "../../ir/ir.js";
import { numberSetting } from "../common/args.js";
import { describeInitializer } from "../common/initializers.js";
import { EmitError, emitterFor } from "../registry.js";
import type {
  StoredLayout,
  TfjsEmitContext,
  TfjsHelperName,
  TfjsLayerEmitter,
} from "./layer-emitter.js";
import { tfjsLosses } from "./losses.js";
import { commentText, tsLiteral, tsString } from "../common/escape.js";
import { identifierFor, literal, modelClassName, nodeComment, where } from "./naming.js";
import {
  isDecoupled,
  optimizerLearningRate,
  optimizerWeightDecay,
  tfjsOptimizers,
} from "./optimizers.js";
import { tfjsRegistry } from "./registry.js";
import { scheduleFunction } from "./schedules.js";

/**
 * Emits model.ts for the tfjs backend: what depends on the model. Its tensors (shapes,
 * stored layouts, initial distributions, rates and penalties) and the train section's
 * step settings are a data table; the class extends the runtime's TfjsModel
 * (src/runtime/tfjs/model.ts), which holds the variables and does the rest (layout
 * conversion, initialisation, the step's plumbing, optimizer state), with the forward
 * pass, the loss and the optimizer's rule written out here. Computation runs
 * channels-last; every tensor crossing the API is channels-first, so checkpoints and
 * weights agree with the loops backend and PyTorch. The text comes from the IR alone,
 * in IR order.
 */

interface TensorEntry {
  name: string;
  shape: readonly number[];
  stored: StoredLayout | undefined;
  role: "param" | "buffer";
  trainable: boolean;
  init: Distribution;
  /** The comment above its table entry. */
  note: string;
  lrMultiplier: number;
  l1: number;
  l2: number;
  penalized: boolean;
}

function collectTensors(model: ModelIR): TensorEntry[] {
  const entries: TensorEntry[] = [];
  for (const node of model.nodes) {
    const emitter = emitterFor<TfjsLayerEmitter>(tfjsRegistry, node, "tfjs");
    for (const p of node.params) {
      entries.push({
        name: `${node.id}.${p.name}`,
        shape: p.shape,
        stored: emitter.storage?.(node, p.name),
        role: "param",
        trainable: p.trainable,
        init: p.init.distribution,
        note: describeInitializer(p.init),
        lrMultiplier: p.lrMultiplier,
        l1: p.l1,
        l2: p.l2,
        penalized: p.penalized,
      });
    }
    for (const b of node.buffers) {
      entries.push({
        name: `${node.id}.${b.name}`,
        shape: b.shape,
        stored: undefined,
        role: "buffer",
        trainable: false,
        init: { kind: "constant", value: b.fill },
        note: "buffer",
        lrMultiplier: 1,
        l1: 0,
        l2: 0,
        penalized: false,
      });
    }
  }
  return entries;
}

function tableEntry(t: TensorEntry): string {
  const layout =
    t.stored === undefined
      ? "null"
      : `{ reshape: ${literal(t.stored.reshape ?? t.shape)}, perm: ${literal(t.stored.perm)} }`;
  const fields = [
    `name: ${tsString(t.name)}`,
    `shape: ${literal(t.shape)}`,
    `role: "${t.role}"`,
    `trainable: ${t.trainable}`,
    `layout: ${layout}`,
    `init: ${tsLiteral(t.init)}`,
    `lrMultiplier: ${literal(t.lrMultiplier)}`,
    `l1: ${literal(t.l1)}`,
    `l2: ${literal(t.l2)}`,
    `penalized: ${t.penalized}`,
  ];
  return `  // ${t.note}\n  { ${fields.join(", ")} },`;
}

/** The forward body: one `const` per node, in IR order, each under a comment naming its .net line. */
function forwardBody(
  model: ModelIR,
  requireHelper: (name: TfjsHelperName) => string,
  sourceText: (file: string) => string | undefined,
): string[] {
  const names = new Map<string, string>([["input", "input"]]);
  const lines: string[] = [];
  lines.push(
    model.inputShape.length > 1
      ? `const input = ${requireHelper("toChannelsLast")}(x);`
      : "const input = x;",
  );
  // a node's variable never takes the class's name
  const taken = new Set([modelClassName(model)]);
  model.nodes.forEach((node, index) => {
    const variable = identifierFor(node.id, taken);
    names.set(node.id, variable);
    const ctx: TfjsEmitContext = {
      input: (i = 0) => {
        const id = node.inputs[i];
        const name = id === undefined ? undefined : names.get(id);
        if (name === undefined) throw new Error(`${node.id}: input ${i} is not defined before it`);
        return name;
      },
      param: (tensor) => `v[${tsString(`${node.id}.${tensor}`)}]`,
      buffer: (tensor) => `v[${tsString(`${node.id}.${tensor}`)}]`,
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

/** The runtime's layer ops a model imports, in a fixed order so that output is deterministic. */
const helperOrder: readonly TfjsHelperName[] = [
  "batchNorm",
  "connectionScatter",
  "conv2dGrouped",
  "dilateFilter",
  "toChannelsFirst",
  "toChannelsLast",
];

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
  const slots = optimizer.slots(optimizerArgs);
  const outputShape = model.nodes.find((n) => n.id === model.output)?.outputShape ?? [];
  const classes = outputShape.reduce((a, b) => a * b, 1);
  const className = modelClassName(model);
  const tensorNameType =
    tensors.length === 0 ? "never" : tensors.map((t) => tsString(t.name)).join(" | ");
  const description = { name: model.name, inputShape: model.inputShape, outputShape, irHash };
  const training = {
    learningRate: optimizerLearningRate(optimizerArgs),
    optimizerSlots: slots,
    weightDecay: optimizerWeightDecay(optimizerArgs),
    decoupled: isDecoupled(optimizerArgs),
    clipNorm: numberSetting(train, "clip_norm"),
    clipValue: numberSetting(train, "clip_value"),
    l1: numberSetting(train, "l1"),
    l2: numberSetting(train, "l2"),
  };
  const section = train.declared
    ? ` (${where(train.span)})`
    : " (none in the source: netc's defaults)";
  const lossTargets = loss.targets;
  const ops = helperOrder.filter((name) => used.has(name));

  return `/**
 * ${commentText(model.name)} for TensorFlow.js, generated by netc from ${where(model.span)}. Do not edit: recompile.
 *
 * Input [${model.inputShape.join(", ")}] and output [${outputShape.join(", ")}] per sample, channels-first; ${model.totals.params} parameters.
 * What is the same for every model (variables, layouts, initialisation, the step's
 * plumbing, optimizer state) is netc's TfjsModel; this file holds the model's own part.
 * Computation runs channels-last ([n, H, W, C]) as tfjs' kernels want it; every tensor
 * crossing the API (inputs, getTensors/setTensors, gradients) is channels-first, in
 * PyTorch's layout (conv weight [out, in/groups, kH, kW], dense weight [out, in]).
 */
import { ${["tf", "TfjsModel", "modelInfoOf", "type TfjsModelSpec", ...ops].join(", ")} } from "netc/runtime/tfjs";
import type { ModelInfo } from "netc/runtime";

/** The API every generated model exports (netc's model contract; the same types in both backends). */
export type { LossAndGradients, ModelInfo, TensorInfo } from "netc/runtime";

export type TensorName = ${tensorNameType};

/** The model's tensors and what the train section${section} decided about its steps. */
const spec: TfjsModelSpec<TensorName> = {
  model: ${tsLiteral(description)},
  tensors: [
${tensors.map(tableEntry).join("\n")}
  ],
  training: ${tsLiteral(training)},
  classifies: ${outputShape.length === 1 && classes > 1},
};

export const modelInfo: ModelInfo = modelInfoOf(spec);

/** The train section${section}. */
export const trainConfig = {
  loss: ${tsString(lossName)},
  optimizer: ${tsString(optimizerName)},
  optimizerArgs: ${tsLiteral(optimizerArgs)},
  learningRate: ${literal(training.learningRate)},
  weightDecay: ${literal(training.weightDecay)},
  schedule: ${tsLiteral(train.schedule ? { name: train.schedule.name, args: train.schedule.args } : null)},
  data: ${tsLiteral({ name: train.data.name, args: train.data.args })},
  batch: ${train.batch},
  epochs: ${train.epochs},
  seed: ${train.seed},
  settings: ${tsLiteral(JSON.parse(JSON.stringify(train.settings, settingsReplacer)))},
} as const;
${scheduleFunction(train.schedule)}
export class ${className} extends TfjsModel<TensorName> {
  constructor() {
    super(spec);
  }

  /** The forward pass on a channels-first batch [n, ${model.inputShape.join(", ")}]; returns [n, ${outputShape.join(", ")}]. */
  override forward(x: tf.Tensor, training: boolean): tf.Tensor {
    const v = this.v;
    const callSeed = this.callSeed(training);
    void v;
    void callSeed;
    ${forward.join("\n    ")}
  }

  /** ${loss.doc} (${lossName}${train.declared ? `, ${where(train.loss.span)}` : ""}). \`labels\`: ${lossTargets === "classes" ? "n class indices" : "targets (n class indices are one-hot encoded)"}. */
  protected override lossOf(output: tf.Tensor, labels: tf.Tensor): tf.Scalar {
    const classes = ${classes};
    ${
      lossTargets === "classes"
        ? `const oneHot = tf.oneHot(tf.cast(labels, "int32") as tf.Tensor1D, classes);`
        : `const target = labels.size === output.shape[0] && classes > 1 ? tf.oneHot(tf.cast(labels, "int32") as tf.Tensor1D, classes) : tf.reshape(labels, output.shape);`
    }
    void classes;
    return ${loss.expression(train.loss.args)} as tf.Scalar;
  }

  /**
   * One ${optimizerName} step for one tensor${train.declared ? ` (${where(train.optimizer.span)})` : ""}: ${optimizer.rule(optimizerArgs)}.
   * p: the parameter; g: its gradient; s: its slots (${slots.length === 0 ? "none" : slots.map((slot) => slot.name).join(", ")}); lr: the rate for this tensor; t: the step (1 first).
   */
  protected override updateTensor(p: tf.Variable, g: tf.Tensor, s: readonly tf.Variable[], lr: number, t: number): void {
    void s;
    void t;
    ${optimizer.update(optimizerArgs)}
  }
}

export function createModel(): ${className} {
  return new ${className}();
}
`;
}
