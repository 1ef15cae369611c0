import { irHash } from "../../ir/hash.js";
import type { ModelIR, TrainIR } from "../../ir/ir.js";
import { contractTypesSource } from "../common/contract-types.js";
import { commentText, tsLiteral, tsString, tsTemplateText } from "../common/escape.js";
import { initCall, penaltyMethod, sourceComment, type SourceLookup } from "../loops/emit-model.js";
import { loopsOptimizers, optimizerLearningRate } from "../loops/optimizers.js";
import type { CompiledModule } from "./emit-module.js";
import { wasmOptimizers } from "./optimizers.js";

/**
 * Writes model.ts of the compiled CPU backend: a class with the loops backend's API
 * (../loops/README.md: params/grads/state/optimizerState arenas, forward, lossInto,
 * backward, computeGradients, step, …) whose arenas are views into the WebAssembly
 * memory and whose methods call the module's exports. It moves samples between the
 * caller's batch-major arrays and the module's records, initialises the tensors exactly
 * as the loops backend does (same generator, same order, so both start from the same
 * weights for a seed), and picks the binary: relaxed-SIMD when the engine validates it,
 * else plain SIMD. No Node APIs: it runs in a browser as it is.
 */

export interface WasmModelEmitInput {
  model: ModelIR;
  train: TrainIR;
  className: string;
  sources: SourceLookup;
  maxBatch: number;
  compiled: CompiledModule;
  inputGradients: boolean;
}

function baseName(file: string): string {
  const parts = file.split(/[\\/]/);
  return parts[parts.length - 1] ?? file;
}

export function emitWasmModelSource(input: WasmModelEmitInput): string {
  const { model, train, className, compiled, maxBatch, sources } = input;
  const { plan, layout } = compiled;
  const inputSize = plan.sizes.get("input")!;
  const outputSize = plan.sizes.get(plan.outputNode.id)!;
  const optimizerName = train.optimizer.name;
  const optimizerArgs = train.optimizer.args;
  const corrections = wasmOptimizers[optimizerName]?.corrections?.(optimizerArgs);
  const slots = plan.optimizerSlots;
  const info = {
    name: model.name,
    inputShape: model.inputShape,
    outputShape: plan.outputNode.outputShape,
    tensors: [
      ...plan.params.map((s) => ({
        name: s.name,
        shape: s.tensor.shape,
        role: "param",
        trainable: s.tensor.trainable,
      })),
      ...plan.buffers.map((s) => ({
        name: s.name,
        shape: s.tensor.shape,
        role: "buffer",
        trainable: false,
      })),
    ],
    irHash: irHash(model),
  };
  const map = {
    params: layout.params,
    grads: layout.grads,
    state: layout.state,
    optimizer: layout.optimizer,
    fixed: layout.fixedBytes,
    header: layout.header.bytes,
    gradients: layout.gradientBytes,
    random: layout.header.random,
    record: layout.record.bytes,
    input: layout.record.input,
    labels: layout.record.labels,
    logits: layout.record.activation.get(plan.outputNode.id)!,
    ...(input.inputGradients ? { inputGradient: layout.record.gradient.get("input")! } : {}),
  };
  const views = [
    ...plan.params.map(
      (
        s,
      ) => `/** ${commentText(s.name)} ${JSON.stringify(s.tensor.shape)} — ${sourceComment(s.node.span, sources)} */
        private readonly ${s.field}: Float32Array;`,
    ),
    ...plan.buffers.map(
      (s) => `/** ${commentText(s.name)} ${JSON.stringify(s.tensor.shape)} */
        private readonly ${s.field}: Float32Array;`,
    ),
  ];
  const viewInits = [
    ...plan.params.map(
      (s) => `this.${s.field} = this.params.subarray(${s.offset}, ${s.offset + s.size});`,
    ),
    ...plan.buffers.map(
      (s) => `this.${s.field} = this.state.subarray(${s.offset}, ${s.offset + s.size});`,
    ),
  ];
  const initLines = [
    ...plan.params.map((s) => {
      const { call, note } = initCall(s.tensor.init, `this.${s.field}`);
      return `// ${commentText(s.name)}: ${note}\n${call}`;
    }),
    ...plan.buffers.map((s) => `this.${s.field}.fill(${s.tensor.fill});`),
  ];
  const tensorTable = [
    ...plan.params.map((s) => `[${tsString(s.name)}, this.${s.field}]`),
    ...plan.buffers.map((s) => `[${tsString(s.name)}, this.${s.field}]`),
  ];
  const slotList = loopsOptimizers[optimizerName]?.slots(optimizerArgs) ?? [];
  const slotFills = slotList.map((s) => s.fill);
  const optimizerViews = plan.params
    .filter((s) => s.tensor.trainable)
    .flatMap((s) =>
      slotList.map((slot, k) => {
        const start = k * plan.paramCount + s.offset;
        return `{ name: ${tsString(`${s.name}/${slot.name}`)}, shape: ${JSON.stringify(s.tensor.shape)}, data: this.optimizerState.subarray(${start}, ${start + s.size}) }`;
      }),
    );
  const inputGradientMethod = input.inputGradients
    ? `/** d(loss)/d(input) of the last backward pass, batch-major (a view, valid until the next call). */
      inputGradient(n: number): Float32Array {
        const out = this.inputGradients.subarray(0, n * INPUT_SIZE);
        for (let s = 0; s < n; s++) {
          const at = (this.recordsBase + s * MAP.record + MAP.inputGradient) / 4;
          out.set(this.floats.subarray(at, at + INPUT_SIZE), s * INPUT_SIZE);
        }
        return out;
      }`
    : "";

  return `
/**
 * ${commentText(model.name)} — generated by netc from ${commentText(baseName(model.span.file))} (compiled CPU backend). Do not edit.
 *
 * The forward and backward passes, the loss and the optimizer step are WebAssembly SIMD
 * kernels specialised to this model's shapes (model-wasm.ts holds the binaries; model.wat
 * is their text). This class keeps the loops backend's API: the arenas below are views
 * into the module's memory, and the methods move samples in and out and call it. No Node
 * APIs: the file runs in a browser as it is.
 */
import { WASM_PLAIN, WASM_RELAXED } from "./model-wasm.js";

${contractTypesSource}
/** Per-sample input and output sizes. */
export const INPUT_SIZE = ${inputSize};
export const OUTPUT_SIZE = ${outputSize};
/** Loss of the train section (${compiled.lossName}) and the optimizer's default learning rate. */
export const LOSS = ${tsString(compiled.lossName)};
export const DEFAULT_LEARNING_RATE = ${optimizerLearningRate(optimizerArgs)};
/** Whether the loss reads float targets (else class indices). */
const LOSS_TAKES_TARGETS = ${compiled.lossLabels === "target"};

/** The memory map, in bytes (src/codegen/wasm/plan.ts of netc draws it). */
const MAP = ${tsLiteral(map)} as const;
/** Floats of the parameter arena and of each optimizer slot; buffer floats. */
const PARAM_COUNT = ${plan.paramCount};
const BUFFER_COUNT = ${plan.bufferCount};
const OPTIMIZER_SLOTS = ${slots};

interface Exports {
  bind(thread: number, region: number, records: number, grads: number): void;
  init(): void;
  forward(n: number, training: number): void;
  backward(n: number): void;
  loss(n: number, dense: number, scale: number): number;
  step(rate: number, t: number, c1: number, c2: number, trainingSetSize: number): void;
  reduce(from: number, to: number, others: number, first: number, stride: number): void;
}

/** A compiled module and whether it is the relaxed-SIMD build. */
export interface CompiledKernels {
  module: WebAssembly.Module;
  relaxed: boolean;
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * The binaries import a shared memory (threads share one). Where SharedArrayBuffer is
 * unavailable (a page without cross-origin isolation) the import is made unshared: the
 * memory import is the module's first, and its limits flag goes from 3 (shared, with a
 * maximum) to 1.
 */
function unshared(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const copy = bytes.slice();
  let at = 8;
  const leb = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = copy[at++]!;
      value |= (byte & 0x7f) << shift;
      if (byte < 0x80) return value;
    }
  };
  while (at < copy.length) {
    const id = copy[at++]!;
    const size = leb();
    if (id !== 2) {
      at += size;
      continue;
    }
    leb(); // import count
    at += leb(); // module name
    at += leb(); // field name
    if (copy[at] !== 2 || copy[at + 1] !== 3) break;
    copy[at + 1] = 1;
    return copy;
  }
  throw new Error(${tsString(`${model.name}: unexpected WebAssembly import section`)});
}

const compiledKernels = new Map<boolean, CompiledKernels>();

/**
 * Compiles the kernels once per kind of memory: the relaxed-SIMD build (fused
 * multiply-add) where the engine accepts it, else the plain SIMD build.
 */
export function compileKernels(shared: boolean): CompiledKernels {
  const known = compiledKernels.get(shared);
  if (known !== undefined) return known;
  const relaxedBytes = decode(WASM_RELAXED);
  const relaxed = WebAssembly.validate(relaxedBytes);
  const chosen = relaxed ? relaxedBytes : decode(WASM_PLAIN);
  const kernels = { module: new WebAssembly.Module(shared ? chosen : unshared(chosen)), relaxed };
  compiledKernels.set(shared, kernels);
  return kernels;
}

/** Bytes of one thread's region holding \`samples\` records. */
function regionBytes(samples: number): number {
  return MAP.header + samples * MAP.record;
}

/** How a model joins another's memory as one of its threads (the workers of parallel.ts). */
export interface ThreadBinding {
  memory: WebAssembly.Memory;
  module: WebAssembly.Module;
  relaxed: boolean;
  thread: number;
}

export class ${className} {
  readonly info: ModelInfo = ${tsLiteral(info)};
  readonly maxBatch: number;
  /** Threads the memory has regions for, and which of them this object computes as. */
  readonly threads: number;
  readonly thread: number;
  /** The samples one worker thread's region holds: ⌈maxBatch / threads⌉. */
  readonly maxShare: number;
  readonly memory: WebAssembly.Memory;
  readonly module: WebAssembly.Module;
  /** Whether the kernels use relaxed-SIMD fused multiply-add (rounding then differs from the plain build's). */
  readonly relaxed: boolean;
  /** Every parameter, in the order of \`info.tensors\` (the loops backend's layout). */
  readonly params: Float32Array;
  /** Gradients of the mean loss, same layout as \`params\`. */
  readonly grads: Float32Array;
  /** Non-trained state (running statistics). */
  readonly state: Float32Array;
  /** Optimizer state: ${slots} slot(s) of one value per parameter, laid end to end. */
  readonly optimizerState: Float32Array;
  /** Optimizer steps taken (Adam's t). */
  stepCount = 0;
  private trainingSetSize = 1;
  private readonly kernels: Exports;
  private readonly floats: Float32Array;
  private readonly ints: Int32Array;
  private readonly regionBase: number;
  private readonly recordsBase: number;
  private readonly logits: Float32Array;
  ${input.inputGradients ? "private readonly inputGradients: Float32Array;" : ""}

  ${views.join("\n")}

  /**
   * Memory for \`maxBatch\` samples per call, in \`threads\` regions (the first holds a whole
   * batch, the others ⌈maxBatch/threads⌉ samples each); nothing is allocated per step.
   * With \`join\`, the object computes as thread \`join.thread\` of another model's memory.
   */
  constructor(maxBatch: number = ${maxBatch}, threads = 1, join?: ThreadBinding) {
    this.maxBatch = maxBatch;
    this.threads = Math.max(1, Math.min(threads, maxBatch));
    this.maxShare = Math.ceil(maxBatch / this.threads);
    this.thread = join?.thread ?? 0;
    if (join !== undefined) {
      this.memory = join.memory;
      this.module = join.module;
      this.relaxed = join.relaxed;
    } else {
      const bytes = this.gradientsOf(this.threads) + 64;
      const pages = Math.ceil(bytes / 65536);
      if (pages > 65536) {
        throw new RangeError(\`${tsTemplateText(model.name)} needs \${(bytes / 2 ** 30).toFixed(2)} GiB for batches of \${maxBatch} on \${this.threads} thread(s); a WebAssembly memory holds at most 4 GiB\`);
      }
      let memory: WebAssembly.Memory;
      let shared = true;
      try {
        memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
      } catch {
        memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
        shared = false;
      }
      const compiled = compileKernels(shared);
      this.memory = memory;
      this.module = compiled.module;
      this.relaxed = compiled.relaxed;
    }
    const math = { exp: Math.exp, log: Math.log, log1p: Math.log1p, tanh: Math.tanh, cos: Math.cos };
    const instance = new WebAssembly.Instance(this.module, { env: { memory: this.memory }, math });
    this.kernels = instance.exports as unknown as Exports;
    this.floats = new Float32Array(this.memory.buffer);
    this.ints = new Int32Array(this.memory.buffer);
    this.params = this.floats.subarray(MAP.params / 4, MAP.params / 4 + PARAM_COUNT);
    this.grads = this.floats.subarray(MAP.grads / 4, MAP.grads / 4 + PARAM_COUNT);
    this.state = this.floats.subarray(MAP.state / 4, MAP.state / 4 + BUFFER_COUNT);
    this.optimizerState = this.floats.subarray(MAP.optimizer / 4, MAP.optimizer / 4 + OPTIMIZER_SLOTS * PARAM_COUNT);
    ${viewInits.join("\n")}
    this.regionBase = this.regionOf(this.thread);
    this.recordsBase = this.regionBase + MAP.header;
    const gradients = this.thread === 0 ? MAP.grads : this.gradientsOf(this.thread);
    this.kernels.bind(this.thread, this.regionBase, this.recordsBase, gradients);
    if (join === undefined) this.kernels.init();
    this.logits = new Float32Array(maxBatch * OUTPUT_SIZE);
    ${input.inputGradients ? "this.inputGradients = new Float32Array(maxBatch * INPUT_SIZE);" : ""}
  }

  /** The byte address of thread t's gradient arena (t ≥ 1; after every region; \`threads\` gives the end of memory). */
  private gradientsOf(t: number): number {
    return MAP.fixed + regionBytes(this.maxBatch) + (this.threads - 1) * regionBytes(this.maxShare) + (t - 1) * MAP.gradients;
  }

  /** The byte address of thread t's region. */
  private regionOf(t: number): number {
    if (t === 0) return MAP.fixed;
    return MAP.fixed + regionBytes(this.maxBatch) + (t - 1) * regionBytes(this.maxShare);
  }

  /** State of this thread's dropout generator (mulberry32); saved in checkpoints. */
  get randomState(): number {
    return this.ints[(this.regionBase + MAP.random) / 4]! >>> 0;
  }

  set randomState(value: number) {
    this.ints[(this.regionBase + MAP.random) / 4] = value | 0;
  }

  /**
   * Initialise every tensor from the seed by the initializers of the IR, exactly as the
   * loops backend does: mulberry32 draws, normals by Box–Muller. Dropout then draws from a
   * second stream derived from the seed.
   */
  initialize(seed: number): void {
    this.randomState = seed >>> 0;
    ${initLines.join("\n")}
    ${slotFills.map((fill, k) => `this.optimizerState.fill(${fill}, ${k * plan.paramCount}, ${(k + 1) * plan.paramCount});`).join("\n")}
    this.stepCount = 0;
    this.randomState = (Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^ 0x27d4eb2f) >>> 0;
  }

  /** Uniform in [0, 1): mulberry32, on this thread's generator state. */
  private random(): number {
    let t = (this.randomState = (this.randomState + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  private fillUniform(target: Float32Array, low: number, high: number): void {
    for (let i = 0; i < target.length; i++) target[i] = low + (high - low) * this.random();
  }

  private fillNormal(target: Float32Array, mean: number, std: number): void {
    for (let i = 0; i < target.length; i++) {
      const radius = Math.sqrt(-2 * Math.log(1 - this.random()));
      target[i] = mean + std * radius * Math.cos(2 * Math.PI * this.random());
    }
  }

  /** Every tensor as a view into the memory (writing to one changes the model), by name. */
  tensorViews(): [string, Float32Array][] {
    return [${tensorTable.join(", ")}];
  }

  /** The optimizer's slots of every trainable tensor as views into \`optimizerState\`, named "<tensor>/<slot>" as checkpoints store them. */
  optimizerViews(): { name: string; shape: readonly number[]; data: Float32Array }[] {
    return [${optimizerViews.join(", ")}];
  }

  /** Copies of every tensor, channels-first, by "<node id>.<tensor name>". */
  getTensors(): Map<string, Float32Array> {
    return new Map(this.tensorViews().map(([name, view]) => [name, view.slice()]));
  }

  /** Overwrite some or all tensors; each must have its tensor's exact size. */
  setTensors(tensors: ReadonlyMap<string, Float32Array>): void {
    const views = new Map(this.tensorViews());
    for (const [name, values] of tensors) {
      const view = views.get(name);
      if (view === undefined) throw new Error(\`${tsTemplateText(model.name)} has no tensor named \${name}\`);
      if (values.length !== view.length) {
        throw new Error(\`tensor \${name} needs \${view.length} values, got \${values.length}\`);
      }
      view.set(values);
    }
  }

  /** Samples thread t's region holds: a whole batch for the first, ⌈maxBatch/threads⌉ for the others. */
  private capacity(t = this.thread): number {
    return t === 0 ? this.maxBatch : this.maxShare;
  }

  /** Copies samples [start, start + count) of a batch into thread t's records (this object's thread by default). */
  loadSamples(input: ArrayLike<number>, start: number, count: number, t = this.thread): void {
    if (!Number.isInteger(count) || count < 0 || count > this.capacity(t)) {
      throw new RangeError(\`batch of \${count} samples: expected 1 to \${this.capacity(t)}\`);
    }
    if (input.length < (start + count) * INPUT_SIZE) {
      throw new RangeError(\`input holds \${input.length} values, \${start + count} samples need \${(start + count) * INPUT_SIZE}\`);
    }
    const records = this.regionOf(t) + MAP.header;
    const typed = ArrayBuffer.isView(input) ? (input as unknown as Float32Array) : undefined;
    for (let s = 0; s < count; s++) {
      const at = (records + s * MAP.record + MAP.input) / 4;
      const from = (start + s) * INPUT_SIZE;
      if (typed !== undefined) this.floats.set(typed.subarray(from, from + INPUT_SIZE), at);
      else for (let i = 0; i < INPUT_SIZE; i++) this.floats[at + i] = input[from + i]!;
    }
  }

  /** Copies the labels of samples [start, start + count) into thread t's records. */
  loadLabels(labels: ArrayLike<number>, start: number, count: number, dense: boolean, t = this.thread): void {
    const records = this.regionOf(t) + MAP.header;
    for (let s = 0; s < count; s++) {
      const at = (records + s * MAP.record + MAP.labels) / 4;
      if (dense) for (let j = 0; j < OUTPUT_SIZE; j++) this.floats[at + j] = labels[(start + s) * OUTPUT_SIZE + j]!;
      else this.ints[at] = labels[start + s]!;
    }
  }

  /** Whether these labels are dense targets (n × outputs values) rather than class indices, for this loss. */
  denseLabels(labels: ArrayLike<number>, n: number): boolean {
    return LOSS_TAKES_TARGETS && labels.length >= n * OUTPUT_SIZE && OUTPUT_SIZE > 1;
  }

  /** Copies the logits of thread t's first \`count\` records into \`target\` from sample \`start\`. */
  copyLogits(target: Float32Array, start: number, count: number, t = this.thread): void {
    const records = this.regionOf(t) + MAP.header;
    for (let s = 0; s < count; s++) {
      const at = (records + s * MAP.record + MAP.logits) / 4;
      target.set(this.floats.subarray(at, at + OUTPUT_SIZE), (start + s) * OUTPUT_SIZE);
    }
  }

  /**
   * The forward pass for \`n\` ≤ maxBatch samples (channels-first). Returns a view of the
   * logits, valid until the next call. \`training\` switches dropout and batch norm to
   * their training behaviour.
   */
  forward(input: ArrayLike<number>, n: number, training = false): Float32Array {
    if (!Number.isInteger(n) || n < 1 || n > this.capacity()) {
      throw new RangeError(\`batch of \${n} samples: expected 1 to \${this.capacity()}\`);
    }
    this.loadSamples(input, 0, n);
    this.kernels.forward(n, training ? 1 : 0);
    return this.forwardOutput(n);
  }

  /** The logits of the last forward pass, batch-major (a view). */
  forwardOutput(n: number): Float32Array {
    this.copyLogits(this.logits, 0, n);
    return this.logits.subarray(0, n * OUTPUT_SIZE);
  }

  /** Logits for any number of samples, computed in batches of maxBatch (evaluation mode). */
  predict(input: Float32Array, n: number): Float32Array {
    const logits = new Float32Array(n * OUTPUT_SIZE);
    for (let start = 0; start < n; start += this.maxBatch) {
      const count = Math.min(this.maxBatch, n - start);
      const batch = input.subarray(start * INPUT_SIZE, (start + count) * INPUT_SIZE);
      logits.set(this.forward(batch, count, false), start * OUTPUT_SIZE);
    }
    return logits;
  }

  /**
   * Loss ${compiled.lossName} on the last forward pass: writes d(loss)/d(logits) and returns the
   * mean loss. \`scale\` multiplies the gradient (a thread's share of a larger batch).
   */
  lossInto(labels: ArrayLike<number>, n: number, scale = 1): number {
    const dense = this.denseLabels(labels, n);
    this.loadLabels(labels, 0, n, dense);
    return this.kernels.loss(n, dense ? 1 : 0, scale);
  }

  /** Back-propagates the gradient set by \`lossInto\` into this thread's gradient arena. */
  backward(n: number): void {
    this.kernels.backward(n);
  }

  /** Forward (training mode), loss and backward: the mean loss, gradients left in \`grads\`. */
  computeGradients(input: ArrayLike<number>, labels: ArrayLike<number>, n: number): number {
    this.forward(input, n, true);
    const loss = this.lossInto(labels, n);
    this.backward(n);
    return loss;
  }

  /**
   * One thread's share of a data-parallel step: its samples are already in its records
   * (loadSamples, loadLabels), its gradient is scaled by count/n so that the threads'
   * gradients sum to the batch's. Returns the share's mean loss.
   */
  computeShare(count: number, n: number, dense: boolean): number {
    if (count === 0) return 0;
    this.kernels.forward(count, 1);
    const loss = this.kernels.loss(count, dense ? 1 : 0, count / n);
    this.kernels.backward(count);
    return loss;
  }

  /** Adds the other threads' gradients into \`grads\` for arena bytes [from, to), in thread order. */
  reduceGradients(from: number, to: number): void {
    if (this.threads === 1 || from >= to) return;
    this.kernels.reduce(from, to, this.threads - 1, this.gradientsOf(1), MAP.gradients);
  }

  /** The contract's form of computeGradients: the loss and a copy of each trainable tensor's gradient. */
  lossAndGradients(input: ArrayLike<number>, labels: ArrayLike<number>, n: number): LossAndGradients {
    const loss = this.computeGradients(input, labels, n);
    const gradients = new Map<string, Float32Array>();
    ${plan.params
      .filter((s) => s.tensor.trainable)
      .map(
        (s) =>
          `gradients.set(${tsString(s.name)}, this.grads.subarray(${s.offset}, ${s.offset + s.size}).slice());`,
      )
      .join("\n")}
    return { loss, gradients };
  }

  /** One ${optimizerName} update from the gradients in \`grads\` (which it adjusts in place). */
  step(learningRate: number = DEFAULT_LEARNING_RATE): void {
    this.stepCount++;
    const t = this.stepCount;
    ${
      corrections === undefined
        ? "this.kernels.step(learningRate, t, 1, 1, this.trainingSetSize);"
        : `this.kernels.step(learningRate, t, 1 - Math.pow(${corrections.c1}, t), 1 - Math.pow(${corrections.c2}, t), this.trainingSetSize);`
    }
  }

  ${penaltyMethod(plan, train)}

  ${inputGradientMethod}
}
`;
}
