import type { Span } from "../../diagnostics/span.js";
import { irHash } from "../../ir/hash.js";
import type { LayerNode, ModelIR, TrainIR } from "../../ir/ir.js";
import { numberSetting } from "../common/args.js";
import { EmitError, emitterFor } from "../registry.js";
import { NodeEmitContext, type ScratchArray } from "./context.js";
import { loopsLosses } from "./losses.js";
import type { LoopsLayerEmitter } from "./layer-emitter.js";
import { loopsRegistry } from "./registry.js";
import {
  isDecoupled,
  loopsOptimizers,
  optimizerLearningRate,
  optimizerWeightDecay,
} from "./optimizers.js";
import {
  activationField,
  activationGradField,
  identifierPart,
  planModel,
  type ModelPlan,
  type ParamSlot,
} from "./plan.js";
import { contractTypesSource } from "../common/contract-types.js";
import { baseName, where } from "../common/literals.js";
import { commentText, firstLine, tsLiteral, tsString } from "../common/escape.js";
import { initLines, randomMethods, tensorInfos, tensorMethods } from "../common/tensor-arena.js";
import type { SourceLookup } from "../common/sources.js";

/**
 * Writes model.ts of the loops backend: one class with the parameters in one
 * Float32Array arena, preallocated activations and gradients for a maximum batch, a
 * forward and a backward method per layer (emitted by the layer's own module), the loss
 * and the optimizer step written out, and seeded initialisation. No imports, no Node
 * APIs: the file runs in a browser as it is.
 */

export interface ModelEmitInput {
  model: ModelIR;
  train: TrainIR;
  className: string;
  sources: SourceLookup;
  /** Default maximum batch of the constructor: the train section's batch unless told. */
  maxBatch: number;
  /** Also compute the gradient with respect to the input (`inputGradient(n)`). */
  inputGradients?: boolean;
  /** float64 swaps every Float32Array for Float64Array: the reference for gradient checks. */
  precision?: "float32" | "float64";
}

/** `conv2d(6, 5, pad=2)  — lenet5.net:5`: the call as written and where, safe inside any comment. */
export function sourceComment(span: Span, sources: SourceLookup): string {
  const text = sources.text(span.file);
  const at = where(span);
  if (text === undefined) return at;
  const written = commentText(firstLine(text.slice(span.start, span.end)).trim());
  return written === "" ? at : `${written}  — ${at}`;
}

/** Drops the blank lines that empty template parts leave inside a method body. */
function compact(body: string): string {
  return body
    .split("\n")
    .filter((line) => line.trim() !== "")
    .join("\n");
}

function layerMethods(
  plan: ModelPlan,
  sources: SourceLookup,
  scratch: Map<string, ScratchArray>,
): { methods: string[]; backwardOrder: LayerNode[] } {
  const methods: string[] = [];
  const backwardOrder: LayerNode[] = [];
  for (const node of plan.model.nodes) {
    const emitter = emitterFor<LoopsLayerEmitter>(loopsRegistry, node, "loops");
    const comment = sourceComment(node.span, sources);
    const shapes = `[${node.inputShapes.map((s) => s.join(", ")).join("] + [")}] → [${node.outputShape.join(", ")}]`;
    const forwardCtx = new NodeEmitContext(node, plan, scratch);
    const forwardBody = compact(emitter.forward(node, forwardCtx));
    methods.push(`
      /** ${commentText(node.id)}: ${comment}. ${shapes} */
      private forward_${identifierPart(node.id)}(n: number): void {
        ${forwardCtx.declarations()}
        ${forwardBody}
      }`);
    if (plan.needsGradient.get(node.id) === true) {
      const backwardCtx = new NodeEmitContext(node, plan, scratch);
      const backwardBody = compact(emitter.backward(node, backwardCtx));
      backwardOrder.push(node);
      methods.push(`
        /** ${commentText(node.id)}, gradients: ${comment} */
        private backward_${identifierPart(node.id)}(n: number): void {
          ${backwardCtx.declarations()}
          ${backwardBody}
        }`);
    }
  }
  return { methods, backwardOrder: backwardOrder.reverse() };
}

function lossMethod(plan: ModelPlan, train: TrainIR): { method: string; lossName: string } {
  const lossName = train.loss.name;
  const loss = loopsLosses[lossName];
  if (loss === undefined)
    throw new EmitError(
      `loops backend: loss "${lossName}" is not supported (known: ${Object.keys(loopsLosses).join(", ")})`,
    );
  const outputs = plan.sizes.get(plan.outputNode.id)!;
  const where = train.declared
    ? ` (train section, line ${train.loss.span.line})`
    : " (no train section: the default)";
  return {
    lossName,
    method: `
      /**
       * Loss ${lossName}${where}: ${loss.formula}.
       * Reads the logits of the last forward pass, writes d(loss)/d(logits), returns the mean loss.
       */
      lossInto(labels: ArrayLike<number>, n: number): number {
        const out = this.${activationField(plan.outputNode.id)};
        const grad = this.${activationGradField(plan.outputNode.id)};
        ${compact(loss.emit(outputs, train.loss.args))}
      }`,
  };
}

interface StepPlan {
  method: string;
  slots: { name: string; fill: number }[];
  lr: number;
}

/**
 * step(lr): the tfjs backend's order of operations (src/codegen/tfjs/emit-model.ts), so
 * both train the same: the gradient of the data loss plus the penalties' gradients
 * (layer l1·sign w + l2·w, global λ₁/n·sign w + λ₂/n·w on penalized tensors), clipped
 * by value, then scaled to the global norm limit; then per tensor, weight decay (coupled:
 * g + λθ; decoupled: θ ← θ − lr·λ·θ first, penalized tensors only) and the rule at
 * lr × lr_mult.
 */
function stepMethod(plan: ModelPlan, train: TrainIR, sources: SourceLookup): StepPlan {
  const name = train.optimizer.name;
  const optimizer = loopsOptimizers[name];
  if (optimizer === undefined)
    throw new EmitError(
      `loops backend: optimizer "${name}" is not supported (known: ${Object.keys(loopsOptimizers).join(", ")})`,
    );
  const args = train.optimizer.args;
  const decay = optimizerWeightDecay(args);
  const decoupled = isDecoupled(args);
  const clipValue = numberSetting(train, "clip_value");
  const clipNorm = numberSetting(train, "clip_norm");
  const globalL1 = numberSetting(train, "l1");
  const globalL2 = numberSetting(train, "l2");
  const trainable = plan.params.filter((slot) => slot.tensor.trainable);
  const isPenalized = (slot: ParamSlot) => slot.tensor.penalized;
  const range = (slot: ParamSlot) =>
    `for (let i = ${slot.offset}; i < ${slot.offset + slot.size}; i++)`;
  const where = (slot: ParamSlot) =>
    `${commentText(slot.name)} ${JSON.stringify(slot.tensor.shape)} — ${sourceComment(slot.node.span, sources)}`;

  // 1. penalties' gradients and clipping by value, in place in `grads`
  const adjustments = trainable.flatMap((slot) => {
    const l1 = slot.tensor.l1 + (isPenalized(slot) && globalL1 !== 0 ? globalL1 : 0);
    const l2 = slot.tensor.l2 + (isPenalized(slot) && globalL2 !== 0 ? globalL2 : 0);
    const globalPart = isPenalized(slot) && (globalL1 !== 0 || globalL2 !== 0);
    const terms: string[] = [];
    // layer terms l1·Σ|w| + l2·Σw²/2; global terms λ₁/n·Σ|w| + λ₂/(2n)·Σw² (seed 001)
    const l1Expr =
      globalPart && globalL1 !== 0
        ? `(${slot.tensor.l1} + ${globalL1} / this.trainingSetSize)`
        : String(slot.tensor.l1);
    const l2Expr =
      globalPart && globalL2 !== 0
        ? `(${slot.tensor.l2} + ${globalL2} / this.trainingSetSize)`
        : String(slot.tensor.l2);
    if (l1 !== 0) terms.push(`${l1Expr} * Math.sign(p[i])`);
    if (l2 !== 0) terms.push(`${l2Expr} * p[i]`);
    if (terms.length === 0 && clipValue === 0) return [];
    const penalty = terms.length === 0 ? "" : `grads[i] += ${terms.join(" + ")};`;
    const clip =
      clipValue === 0
        ? ""
        : `grads[i] = Math.max(${-clipValue}, Math.min(${clipValue}, grads[i]));`;
    return [
      `// ${where(slot)}
${range(slot)} { ${penalty} ${clip} }`,
    ];
  });
  // 2. clipping by the global norm over every trainable tensor
  const norm =
    clipNorm === 0
      ? ""
      : `// clip_norm: scale every gradient by min(1, c/‖g‖), ‖g‖ the L2 norm over all trainable tensors together
        let squares = 0;
        ${trainable.map((slot) => `${range(slot)} squares += grads[i] * grads[i];`).join("\n")}
        const norm = Math.sqrt(squares);
        const scale = norm > ${clipNorm} ? ${clipNorm} / norm : 1;`;
  // 3. weight decay and the rule, per tensor
  const updates = trainable.map((slot) => {
    const { tensor } = slot;
    const lr = tensor.lrMultiplier === 1 ? "learningRate" : `learningRate * ${tensor.lrMultiplier}`;
    const decays = decay !== 0 && isPenalized(slot);
    const gradient = `grads[i]${clipNorm === 0 ? "" : " * scale"}${decays && !decoupled ? ` + ${decay} * p[i]` : ""}`;
    return `
        {
          // ${where(slot)}
          const lr = ${lr};
          ${range(slot)} {
            ${decays && decoupled ? `p[i] -= lr * ${decay} * p[i]; // decoupled weight decay (AdamW)` : ""}
            const g = ${gradient};
            ${compact(optimizer.update(args, plan.paramCount))}
          }
        }`;
  });
  const from = train.declared
    ? `train section, line ${train.optimizer.span.line}`
    : "no train section: the default";
  const described = Object.entries(args)
    .map(([k, v]) => `${k} = ${String(v)}`)
    .join(", ");
  const extras = [
    decay !== 0 ? `${decoupled ? "decoupled" : "coupled"} weight decay ${decay}` : "",
    clipValue !== 0 ? `clip_value ${clipValue}` : "",
    clipNorm !== 0 ? `clip_norm ${clipNorm}` : "",
    globalL1 !== 0 ? `global l1 ${globalL1} (λ/n)` : "",
    globalL2 !== 0 ? `global l2 ${globalL2} (λ/(2n))` : "",
  ].filter((e) => e !== "");
  return {
    slots: optimizer.slots(args),
    lr: optimizerLearningRate(args),
    method: `
      /**
       * One ${name} update (${described}; ${from}) from the gradients in \`grads\` (which it
       * adjusts in place)${extras.length > 0 ? `, with ${extras.join(", ")}` : ""}.
       * Rule: ${optimizer.rule(args)}.
       */
      step(learningRate: number = ${optimizerLearningRate(args)}): void {
        this.stepCount++;
        const t = this.stepCount;
        const p = this.params;
        const grads = this.grads;
        const s = this.optimizerState;
        ${adjustments.join("\n")}
        ${norm}
        ${compact(optimizer.prologue?.(args) ?? "")}
        ${updates.map(compact).join("\n")}
      }`,
  };
}

/** penalty(): the L1/L2 terms of the minimised objective, reported apart from the data loss. */
export function penaltyMethod(plan: ModelPlan, train: TrainIR): string {
  const globalL1 = numberSetting(train, "l1");
  const globalL2 = numberSetting(train, "l2");
  const terms = plan.params
    .filter((slot) => slot.tensor.trainable)
    .flatMap((slot) => {
      const { penalized } = slot.tensor;
      const l1 = [
        slot.tensor.l1 !== 0 ? String(slot.tensor.l1) : "",
        penalized && globalL1 !== 0 ? `${globalL1} / this.trainingSetSize` : "",
      ].filter((x) => x !== "");
      const l2 = [
        slot.tensor.l2 !== 0 ? String(slot.tensor.l2 / 2) : "",
        penalized && globalL2 !== 0 ? `${globalL2} / (2 * this.trainingSetSize)` : "",
      ].filter((x) => x !== "");
      if (l1.length === 0 && l2.length === 0) return [];
      const parts = [
        l1.length > 0 ? `(${l1.join(" + ")}) * Math.abs(p[i])` : "",
        l2.length > 0 ? `(${l2.join(" + ")}) * p[i] * p[i]` : "",
      ].filter((x) => x !== "");
      return [
        `for (let i = ${slot.offset}; i < ${slot.offset + slot.size}; i++) total += ${parts.join(" + ")}; // ${commentText(slot.name)}`,
      ];
    });
  return `
    /**
     * The penalty terms of the minimised objective: per layer l1·Σ|w| + l2·Σw²/2, global
     * λ₁/n·Σ|w| + λ₂/(2n)·Σw² (seed 001, n = the training set's size); reported apart from the data loss.
     */
    penalty(): number {
      ${terms.length === 0 ? "return 0;" : `const p = this.params;\nlet total = 0;\n${terms.join("\n")}\nreturn total;`}
    }

    /** n of the global penalties λ/n (seed 001): call with the training set's size before training. */
    setTrainingSetSize(count: number): void {
      this.trainingSetSize = Math.max(1, count);
    }`;
}

export function emitModelSource(input: ModelEmitInput): string {
  const { model, train, className, sources, maxBatch } = input;
  const plan = planModel(model, input.inputGradients === true);
  const scratch = new Map<string, ScratchArray>();
  const { methods, backwardOrder } = layerMethods(plan, sources, scratch);
  const loss = lossMethod(plan, train);
  const step = stepMethod(plan, train, sources);
  const inputSize = plan.sizes.get("input")!;
  const outputSize = plan.sizes.get(plan.outputNode.id)!;
  const outputField = activationField(plan.outputNode.id);

  const info = {
    name: model.name,
    inputShape: model.inputShape,
    outputShape: plan.outputNode.outputShape,
    tensors: tensorInfos(plan.params, plan.buffers),
    irHash: irHash(model),
  };

  const activations = [
    { id: "input", size: inputSize },
    ...model.nodes.map((n) => ({ id: n.id, size: plan.sizes.get(n.id)! })),
  ];
  const gradientIds = model.nodes
    .filter((n) => plan.needsGradient.get(n.id) === true || n === plan.outputNode)
    .map((n) => n.id);
  if (input.inputGradients === true) gradientIds.unshift("input");
  const inputGradientMethod =
    input.inputGradients === true
      ? `/** d(loss)/d(input) of the last backward pass (a view). */
        inputGradient(n: number): Float32Array {
          return this.${activationGradField("input")}.subarray(0, n * ${plan.sizes.get("input")!});
        }`
      : "";
  const fieldDecls = [
    ...activations.map((a) => `private readonly ${activationField(a.id)}: Float32Array;`),
    ...gradientIds.map((id) => `private readonly ${activationGradField(id)}: Float32Array;`),
    ...[...scratch.values()].map(
      (s) => `private readonly ${s.field}: ${s.type === "i32" ? "Int32Array" : "Float32Array"};`,
    ),
  ];
  const fieldInits = [
    ...activations.map(
      (a) => `this.${activationField(a.id)} = new Float32Array(maxBatch * ${a.size});`,
    ),
    ...gradientIds.map(
      (id) =>
        `this.${activationGradField(id)} = new Float32Array(maxBatch * ${plan.sizes.get(id)!});`,
    ),
    ...[...scratch.values()].map((s) =>
      s.values !== undefined
        ? `this.${s.field} = ${s.type === "i32" ? "Int32Array" : "Float32Array"}.of(${s.values.join(", ")});`
        : `this.${s.field} = new ${s.type === "i32" ? "Int32Array" : "Float32Array"}(${s.perSample ? `maxBatch * ${s.length}` : s.length});`,
    ),
  ];
  const views = [
    ...plan.params.map(
      (s) => `/** ${commentText(s.name)} ${JSON.stringify(s.tensor.shape)} */
        private readonly ${s.field} = this.params.subarray(${s.offset}, ${s.offset + s.size});
        private readonly ${s.gradField} = this.grads.subarray(${s.offset}, ${s.offset + s.size});`,
    ),
    ...plan.buffers.map(
      (s) => `/** ${commentText(s.name)} ${JSON.stringify(s.tensor.shape)} */
        private readonly ${s.field} = this.state.subarray(${s.offset}, ${s.offset + s.size});`,
    ),
  ];
  const initialization = initLines(plan.params, plan.buffers);
  const clears = model.nodes
    .map((n) => n.id)
    .concat("input")
    .filter((id) => (plan.uses.get(id) ?? 0) > 1 && plan.needsGradient.get(id) === true)
    .map((id) => `this.${activationGradField(id)}.fill(0, 0, n * ${plan.sizes.get(id)!});`);

  const text = `
/**
 * ${commentText(model.name)} — generated by netc from ${commentText(baseName(model.span.file))} (plain-loops backend). Do not edit.
 *
 * Plain TypeScript over Float32Array, no imports: runs in Node and in a browser.
 * Every size is a constant; batches are channels-first, sample-major ([n, ${model.inputShape.join(", ")}]).
 * Parameters live in one arena (\`params\`), their gradients in another of the same layout
 * (\`grads\`), so optimizers and checkpoints handle all tensors as one array.
 */

${contractTypesSource}
/** Per-sample input and output sizes. */
export const INPUT_SIZE = ${inputSize};
export const OUTPUT_SIZE = ${outputSize};
/** Loss of the train section (${loss.lossName}) and the optimizer's default learning rate. */
export const LOSS = ${tsString(loss.lossName)};
export const DEFAULT_LEARNING_RATE = ${step.lr};

export class ${className} {
  readonly info: ModelInfo = ${tsLiteral(info)};
  /** Every parameter, in the order of \`info.tensors\`. */
  readonly params = new Float32Array(${plan.paramCount});
  /** Gradients of the mean loss, same layout as \`params\`. */
  readonly grads = new Float32Array(${plan.paramCount});
  /** Non-trained state (running statistics). */
  readonly state = new Float32Array(${plan.bufferCount});
  /** Optimizer state: ${step.slots.length === 0 ? "none" : step.slots.map((slot) => slot.name).join(", ")} (one value per parameter each, laid end to end). */
  readonly optimizerState = new Float32Array(${step.slots.length * plan.paramCount});
  /** Optimizer steps taken (Adam's t). */
  stepCount = 0;
  /** n of the global L1/L2 penalties λ/n (setTrainingSetSize). */
  private trainingSetSize = 1;
  /** State of the dropout random generator (mulberry32); saved in checkpoints. */
  randomState = 0;
  private training = false;
  readonly maxBatch: number;

  ${views.join("\n")}

  ${fieldDecls.join("\n")}

  /** Buffers are allocated here for at most \`maxBatch\` samples per call; nothing is allocated per step. */
  constructor(maxBatch: number = ${maxBatch}) {
    this.maxBatch = maxBatch;
    ${fieldInits.join("\n")}
  }

  /**
   * Initialise every tensor from the seed by the initializers of the IR. Random numbers:
   * mulberry32 (a 32-bit state, one add and three multiply-xorshift rounds per draw),
   * normals by Box–Muller. Dropout then draws from a second stream derived from the seed.
   */
  initialize(seed: number): void {
    this.randomState = seed >>> 0;
    ${initialization.join("\n")}
    ${step.slots.map((slot, k) => `this.optimizerState.fill(${slot.fill}, ${k * plan.paramCount}, ${(k + 1) * plan.paramCount}); // ${slot.name}`).join("\n")}
    this.stepCount = 0;
    this.randomState = (Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^ 0x27d4eb2f) >>> 0;
  }

  ${randomMethods("")}

  ${tensorMethods({ modelName: model.name, params: plan.params, buffers: plan.buffers, slots: step.slots, paramCount: plan.paramCount, viewsInto: "the arenas" })}

  /**
   * The forward pass for \`n\` ≤ maxBatch samples (channels-first). Returns a view of the
   * logits, valid until the next call. \`training\` switches dropout and batch norm to
   * their training behaviour.
   */
  forward(input: Float32Array, n: number, training = false): Float32Array {
    if (!Number.isInteger(n) || n < 1 || n > this.maxBatch) {
      throw new RangeError(\`batch of \${n} samples: expected 1 to \${this.maxBatch}\`);
    }
    if (input.length < n * ${inputSize}) throw new RangeError(\`input holds \${input.length} values, \${n} samples need \${n * ${inputSize}}\`);
    this.training = training;
    this.${activationField("input")}.set(input.subarray(0, n * ${inputSize}));
    ${model.nodes.map((node) => `this.forward_${identifierPart(node.id)}(n);`).join("\n")}
    return this.${outputField}.subarray(0, n * ${outputSize});
  }

  /** The logits of the last forward pass (a view), e.g. for training accuracy. */
  forwardOutput(n: number): Float32Array {
    return this.${outputField}.subarray(0, n * ${outputSize});
  }

  /** Logits for any number of samples, computed in batches of maxBatch (evaluation mode). */
  predict(input: Float32Array, n: number): Float32Array {
    const logits = new Float32Array(n * ${outputSize});
    for (let start = 0; start < n; start += this.maxBatch) {
      const count = Math.min(this.maxBatch, n - start);
      const batch = input.subarray(start * ${inputSize}, (start + count) * ${inputSize});
      logits.set(this.forward(batch, count, false), start * ${outputSize});
    }
    return logits;
  }

  /** Back-propagates the gradient of the last forward pass's output (set by \`lossInto\`) into \`grads\`. */
  backward(n: number): void {
    ${clears.join("\n")}
    ${backwardOrder.map((node) => `this.backward_${identifierPart(node.id)}(n);`).join("\n")}
  }

  ${loss.method}

  /** Forward (training mode), loss and backward: the mean loss, gradients left in \`grads\`. */
  computeGradients(input: Float32Array, labels: ArrayLike<number>, n: number): number {
    this.forward(input, n, true);
    const loss = this.lossInto(labels, n);
    this.backward(n);
    return loss;
  }

  /** The contract's form of computeGradients: the loss and a copy of each trainable tensor's gradient. */
  lossAndGradients(input: Float32Array, labels: ArrayLike<number>, n: number): LossAndGradients {
    const loss = this.computeGradients(input, labels, n);
    const gradients = new Map<string, Float32Array>();
    ${plan.params
      .filter((s) => s.tensor.trainable)
      .map((s) => `gradients.set(${tsString(s.name)}, this.${s.gradField}.slice());`)
      .join("\n")}
    return { loss, gradients };
  }

  ${step.method}

  ${penaltyMethod(plan, train)}

  ${inputGradientMethod}

  ${methods.join("\n")}
}
`;
  return input.precision === "float64" ? text.replaceAll("Float32Array", "Float64Array") : text;
}
