/**
 * The half of every generated tfjs model that does not depend on the model: its tensors
 * as tf.Variables in tfjs' layouts, conversion to and from PyTorch's channels-first
 * layouts at the API, initialisation, the training step's plumbing (gradients, penalties,
 * clipping, weight decay, per-tensor rates), optimizer state and counters for checkpoints.
 * A generated model.ts describes its tensors and training settings as data and extends
 * TfjsModel with what is its own: the forward pass, the loss and the optimizer's rule.
 */
import type { GeneratedModelApi, LossAndGradients, ModelInfo } from "../model-contract.js";
import { tf } from "./device.js";

/** The distribution a tensor's initial values are drawn from (a buffer: its constant fill). */
export type InitialValues =
  | { readonly kind: "uniform"; readonly low: number; readonly high: number }
  | { readonly kind: "normal"; readonly mean: number; readonly std: number }
  | { readonly kind: "constant"; readonly value: number };

/** One tensor of a generated model. */
export interface TfjsTensorSpec<N extends string = string> {
  readonly name: N;
  /** The channels-first (PyTorch) shape every API speaks. */
  readonly shape: readonly number[];
  readonly role: "param" | "buffer";
  readonly trainable: boolean;
  /** stored = transpose(reshape(channelsFirst, reshape), perm); null: stored as it is. */
  readonly layout: { readonly reshape: readonly number[]; readonly perm: readonly number[] } | null;
  readonly init: InitialValues;
  readonly lrMultiplier: number;
  /** The layer's own penalties (l1·Σ|w| + l2·Σw²/2 in the objective). */
  readonly l1: number;
  readonly l2: number;
  /** Whether the global penalties and weight decay apply (false for biases and norm scales). */
  readonly penalized: boolean;
}

/** What the train section decided about every step, as data. */
export interface TfjsTrainingSpec {
  /** The optimizer's learning rate before a schedule sets it. */
  readonly learningRate: number;
  /** The optimizer's slot tensors per trainable tensor, with their initial values. */
  readonly optimizerSlots: readonly { readonly name: string; readonly fill: number }[];
  readonly weightDecay: number;
  /** Weight decay as θ ← θ − lr·λ·θ before the rule (AdamW) rather than through the gradient. */
  readonly decoupled: boolean;
  /** 0: off. */
  readonly clipNorm: number;
  readonly clipValue: number;
  /** Global penalties λ/n·Σ|w| and λ/(2n)·Σw² (seed 001) on penalized tensors; n = the training set's size. */
  readonly l1: number;
  readonly l2: number;
}

export interface TfjsModelSpec<N extends string = string> {
  /** The model's name, per-sample shapes (channels-first) and IR hash; its tensors are listed below. */
  readonly model: Omit<ModelInfo, "tensors">;
  readonly tensors: readonly TfjsTensorSpec<N>[];
  readonly training: TfjsTrainingSpec;
  /** Whether the output is one score per class, so that a step counts correct predictions. */
  readonly classifies: boolean;
}

type OptimizerState = { name: string; shape: number[]; data: Float32Array }[];

/** The model contract's description of a generated model (src/runtime/model-contract.ts). */
export function modelInfoOf(spec: TfjsModelSpec): ModelInfo {
  return {
    ...spec.model,
    tensors: spec.tensors.map(({ name, shape, role, trainable }) => ({
      name,
      shape,
      role,
      trainable,
    })),
  };
}

export abstract class TfjsModel<N extends string = string> implements GeneratedModelApi {
  readonly info: ModelInfo;
  /** Every tensor as a tf.Variable, in its stored (tfjs) layout. */
  protected readonly v: Record<N, tf.Variable>;
  private readonly spec: TfjsModelSpec<N>;
  private readonly byName = new Map<string, TfjsTensorSpec<N>>();
  private readonly trainable: readonly TfjsTensorSpec<N>[];
  /** The optimizer's slots per trainable tensor (same stored layout as the tensor). */
  private readonly slots = new Map<N, tf.Variable[]>();
  private learningRate: number;
  private seed = 0;
  /** Counts training forward passes: seeds dropout masks and noise so runs are reproducible (saved in checkpoints). */
  private calls = 0;
  /** Optimizer steps taken (t of the bias corrections; saved in checkpoints). */
  private steps = 0;
  /** n of the global penalties λ/n·Σ|w| and λ/(2n)·Σw² (seed 001): the training set's size. */
  private trainingSetSize = 1;

  constructor(spec: TfjsModelSpec<N>) {
    this.spec = spec;
    this.info = modelInfoOf(spec);
    this.learningRate = spec.training.learningRate;
    this.trainable = spec.tensors.filter((t) => t.role === "param" && t.trainable);
    const variables = {} as Record<N, tf.Variable>;
    for (const t of spec.tensors) {
      this.byName.set(t.name, t);
      const stored = storedShape(t);
      variables[t.name] = tf.variable(tf.zeros(stored), t.trainable);
      if (t.role === "param" && t.trainable) {
        this.slots.set(
          t.name,
          spec.training.optimizerSlots.map((slot) =>
            tf.variable(tf.fill(stored, slot.fill), false),
          ),
        );
      }
    }
    this.v = variables;
  }

  /** The forward pass on a channels-first batch; returns the channels-first output. Call inside tf.tidy. */
  abstract forward(x: tf.Tensor, training: boolean): tf.Tensor;

  /** The train section's loss of the output for the labels (the data term). */
  protected abstract lossOf(output: tf.Tensor, labels: tf.Tensor): tf.Scalar;

  /**
   * The optimizer's rule for one tensor: p the parameter, g its gradient (penalties,
   * clipping and coupled weight decay applied), s its slots, lr this tensor's rate, t the
   * step (1 first). Called inside tf.tidy.
   */
  protected abstract updateTensor(
    p: tf.Variable,
    g: tf.Tensor,
    s: readonly tf.Variable[],
    lr: number,
    t: number,
  ): void;

  /** The seed of one forward call's random ops: a new one per training call, reproducible from the seed. */
  protected callSeed(training: boolean): number {
    return this.seed * 1_000_003 + (training ? ++this.calls : 0) * 101;
  }

  /** Initialise every tensor from the seed by its initializer, and reset the optimizer. */
  initialize(seed: number): void {
    this.seed = seed;
    this.calls = 0;
    this.steps = 0;
    tf.tidy(() => {
      this.spec.tensors.forEach((t, index) => {
        const shape = [...t.shape];
        const init = t.init;
        const values =
          init.kind === "constant"
            ? tf.fill(shape, init.value)
            : init.kind === "uniform"
              ? tf.randomUniform(shape, init.low, init.high, "float32", seed * 7919 + index)
              : tf.randomNormal(shape, init.mean, init.std, "float32", seed * 7919 + index);
        this.v[t.name].assign(this.toStored(t, values));
      });
      for (const slots of this.slots.values())
        slots.forEach((slot, i) =>
          slot.assign(tf.fill(slot.shape, this.spec.training.optimizerSlots[i]!.fill)),
        );
    });
  }

  /** Copies of the current tensors, channels-first. */
  getTensors(): Map<string, Float32Array> {
    const result = new Map<string, Float32Array>();
    for (const t of this.spec.tensors) result.set(t.name, this.channelsFirst(t, this.v[t.name]));
    return result;
  }

  /** Overwrite tensors (all or some) from channels-first data; shapes must match `info`. */
  setTensors(tensors: ReadonlyMap<string, Float32Array>): void {
    for (const [name, data] of tensors)
      this.v[this.tensor(name).name].assign(this.stored(name, data));
  }

  /** Logits for `n` channels-first samples (evaluation mode). */
  async predict(input: Float32Array, n: number): Promise<Float32Array> {
    const output = tf.tidy(() => this.forward(this.inputTensor(input, n), false));
    const data = (await output.data()) as Float32Array;
    output.dispose();
    return data;
  }

  /** Mean loss (the data term only) of a batch in evaluation mode. */
  async evaluateLoss(input: Float32Array, labels: ArrayLike<number>, n: number): Promise<number> {
    const value = tf.tidy(() =>
      this.lossOf(this.forward(this.inputTensor(input, n), false), this.labelTensor(labels)),
    );
    const data = await value.data();
    value.dispose();
    return data[0]!;
  }

  /** Mean loss (the data term only) and its gradients for every trainable tensor, channels-first. */
  lossAndGradients(
    input: Float32Array,
    labels: ArrayLike<number>,
    n: number,
    training = true,
  ): LossAndGradients {
    const gradients = new Map<string, Float32Array>();
    let loss = NaN;
    tf.tidy(() => {
      const x = this.inputTensor(input, n);
      const y = this.labelTensor(labels);
      const { value, grads } = this.variableGrads(() => this.lossOf(this.forward(x, training), y));
      loss = value.dataSync()[0]!;
      for (const t of this.trainable) {
        const grad = grads[this.v[t.name].name];
        if (grad !== undefined) gradients.set(t.name, this.channelsFirst(t, grad));
      }
    });
    return { loss, gradients };
  }

  /**
   * One training step on a batch: the loss plus the penalties, gradients, clipping, weight
   * decay and the optimizer's update of every trainable tensor at lr × its lr_mult.
   * Returns the minimised objective's value and how many samples the model classified
   * correctly before the update (for the training accuracy).
   */
  step(
    input: Float32Array,
    labels: ArrayLike<number>,
    n: number,
  ): { loss: number; correct: number } {
    let correct = 0;
    const t = ++this.steps;
    const loss = tf.tidy(() => {
      const x = this.inputTensor(input, n);
      const y = this.labelTensor(labels);
      const { value, grads } = this.variableGrads(() => {
        const output = this.forward(x, true);
        if (this.spec.classifies) correct = countCorrect(output, y);
        return this.withPenalties(this.lossOf(output, y));
      });
      this.applyGradients(
        new Map(this.trainable.map((entry) => [entry.name, grads[this.v[entry.name].name]!])),
        t,
      );
      return value.dataSync()[0]!;
    });
    return { loss, correct };
  }

  /**
   * Applies channels-first gradients (one per trainable tensor) as one optimizer step,
   * with the same clipping and weight decay as `step` (the penalties are not added: they
   * are part of the loss the gradients come from).
   */
  applyChannelsFirstGradients(gradients: ReadonlyMap<string, Float32Array>): void {
    const t = ++this.steps;
    tf.tidy(() => {
      const stored = new Map<N, tf.Tensor>();
      for (const entry of this.trainable) {
        const data = gradients.get(entry.name);
        if (data === undefined) throw new Error(`no gradient for '${entry.name}'`);
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
  async getOptimizerState(): Promise<OptimizerState> {
    const state: OptimizerState = [];
    for (const [name, slots] of this.slots) {
      const t = this.tensor(name);
      slots.forEach((slot, i) => {
        state.push({
          name: `${name}/${this.spec.training.optimizerSlots[i]!.name}`,
          shape: [...t.shape],
          data: this.channelsFirst(t, slot),
        });
      });
    }
    return state;
  }

  /** Restore what getOptimizerState returned (same model, same optimizer). */
  async setOptimizerState(
    state: readonly { name: string; shape: readonly number[]; data: Float32Array }[],
  ): Promise<void> {
    for (const [name, slots] of this.slots) {
      slots.forEach((slot, i) => {
        const key = `${name}/${this.spec.training.optimizerSlots[i]!.name}`;
        const saved = state.find((s) => s.name === key);
        if (saved === undefined) throw new Error(`the checkpoint has no optimizer state '${key}'`);
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
    for (const t of this.spec.tensors) this.v[t.name].dispose();
  }

  /** Clipping, weight decay and the optimizer rule, on gradients in the stored layout; call inside tf.tidy. */
  private applyGradients(gradients: Map<N, tf.Tensor>, t: number): void {
    const { clipValue, clipNorm, weightDecay, decoupled } = this.spec.training;
    if (clipValue !== 0)
      for (const [name, g] of gradients)
        gradients.set(name, tf.clipByValue(g, -clipValue, clipValue));
    if (clipNorm !== 0) {
      // scale every gradient by min(1, c/‖g‖), ‖g‖ the L2 norm over all trainable tensors together
      let squares = 0;
      for (const g of gradients.values()) squares += tf.sum(tf.square(g)).dataSync()[0]!;
      const norm = Math.sqrt(squares);
      if (norm > clipNorm)
        for (const [name, g] of gradients) gradients.set(name, tf.mul(g, clipNorm / norm));
    }
    for (const entry of this.trainable) {
      const p = this.v[entry.name];
      let g = gradients.get(entry.name)!;
      const lr = this.learningRate * entry.lrMultiplier;
      if (weightDecay !== 0 && entry.penalized) {
        // decoupled (AdamW): θ ← θ − lr·λ·θ before the step; coupled: g ← g + λθ
        if (decoupled) p.assign(tf.mul(p, 1 - lr * weightDecay));
        else g = tf.add(g, tf.mul(weightDecay, p));
      }
      this.updateTensor(p, g, this.slots.get(entry.name)!, lr, t);
    }
  }

  /** The loss plus the layer penalties l1·Σ|w| + l2·Σw²/2 and the global λ₁/n·Σ|w| + λ₂/(2n)·Σw². */
  private withPenalties(loss: tf.Scalar): tf.Scalar {
    let total: tf.Tensor = loss;
    const global = this.spec.training;
    for (const t of this.trainable) {
      const l1 = t.l1 + (t.penalized ? global.l1 / this.trainingSetSize : 0);
      const l2 = t.l2 + (t.penalized ? global.l2 / this.trainingSetSize : 0);
      const w = this.v[t.name];
      if (l1 !== 0) total = tf.add(total, tf.mul(l1, tf.sum(tf.abs(w))));
      if (l2 !== 0) total = tf.add(total, tf.mul(l2 / 2, tf.sum(tf.square(w))));
    }
    return total as tf.Scalar;
  }

  /** tf.variableGrads over the trainable tensors; a model with none (all frozen) has a loss and no gradients. */
  private variableGrads(loss: () => tf.Scalar): { value: tf.Scalar; grads: tf.NamedTensorMap } {
    if (this.trainable.length === 0) return { value: loss(), grads: {} };
    return tf.variableGrads(
      loss,
      this.trainable.map((t) => this.v[t.name]),
    );
  }

  private tensor(name: string): TfjsTensorSpec<N> {
    const t = this.byName.get(name);
    if (t === undefined) throw new Error(`${this.info.name} has no tensor named '${name}'`);
    return t;
  }

  private inputTensor(input: Float32Array, n: number): tf.Tensor {
    const size = this.info.inputShape.reduce((a, b) => a * b, 1);
    if (input.length !== n * size)
      throw new Error(`input needs ${n} × ${size} values, got ${input.length}`);
    return tf.tensor(input, [n, ...this.info.inputShape], "float32");
  }

  private labelTensor(labels: ArrayLike<number>): tf.Tensor {
    return tf.tensor(Array.from(labels), [labels.length], "float32");
  }

  /** Channels-first values as a tensor in a tensor's stored layout. */
  private toStored(t: TfjsTensorSpec<N>, value: tf.Tensor): tf.Tensor {
    if (t.layout === null) return value;
    return tf.transpose(tf.reshape(value, [...t.layout.reshape]), [...t.layout.perm]);
  }

  /** Channels-first data as a tensor in the stored layout of tensor `name`. */
  private stored(name: string, data: Float32Array): tf.Tensor {
    const t = this.tensor(name);
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (data.length !== size) {
      throw new Error(
        `tensor '${name}' needs ${size} values ([${t.shape.join(", ")}]), got ${data.length}`,
      );
    }
    return tf.tidy(() => this.toStored(t, tf.tensor(data, [...t.shape], "float32")));
  }

  /**
   * A stored tensor back in its channels-first layout, as a fresh Float32Array. The values
   * are read outside tf.tidy: tidy walks whatever its function returns looking for
   * tensors, which for a typed array is every element (seconds for ResNet-18, and a
   * "Set maximum size exceeded" crash for AlexNet's 37.7M-value dense weight).
   */
  private channelsFirst(t: TfjsTensorSpec<N>, value: tf.Tensor): Float32Array {
    const layout = t.layout;
    // dataSync may hand out the backend's own array (the cpu backend's does): copy it
    if (layout === null) return (value.dataSync() as Float32Array).slice();
    const plain = tf.tidy(() =>
      tf.reshape(tf.transpose(value, inversePermutation(layout.perm)), [...t.shape]),
    );
    // a tensor of its own, released at once: its array is nobody else's
    const data = plain.dataSync() as Float32Array;
    plain.dispose();
    return data;
  }
}

/** The shape of a tensor as tfjs stores it: its channels-first shape (or reshape) permuted. */
function storedShape(t: TfjsTensorSpec): number[] {
  if (t.layout === null) return [...t.shape];
  const base = t.layout.reshape;
  return t.layout.perm.map((p) => base[p]!);
}

function inversePermutation(perm: readonly number[]): number[] {
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => (inverse[p] = i));
  return inverse;
}

/** Samples whose largest output is at their label. */
function countCorrect(output: tf.Tensor, labels: tf.Tensor): number {
  return tf.tidy(() => {
    const hits = tf.equal(tf.argMax(output, -1), tf.cast(labels, "int32"));
    return tf.sum(tf.cast(hits, "int32")).dataSync()[0]!;
  });
}
