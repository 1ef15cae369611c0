import type { BufferTensor, Initializer, ParamTensor } from "../../ir/ir.js";
import { commentText, tsString, tsTemplateText } from "./escape.js";
import { describeInitializer } from "./initializers.js";

/**
 * The tensor plumbing of a generated model class whose tensors are views into arenas
 * (`params`, `state`, `optimizerState`): the loops and wasm backends' model.ts. Both
 * emit the same seeded initialisation (so a seed gives both backends the same weights),
 * the same tensors by name and the same optimizer slots by checkpoint name. The class
 * the pieces go into has `randomState`, `optimizerState` and one field per tensor.
 */

/** A tensor's place in an arena: the backends' plans' parameter and buffer slots. */
export interface ArenaSlot<Tensor> {
  /** "<node id>.<tensor name>", the contract's tensor name. */
  name: string;
  /** The class field holding the tensor's view. */
  field: string;
  offset: number;
  size: number;
  tensor: Tensor;
}

/** The contract's tensor list (ModelInfo.tensors) in arena order: the parameters, then the buffers. */
export function tensorInfos(
  params: readonly ArenaSlot<ParamTensor>[],
  buffers: readonly ArenaSlot<BufferTensor>[],
) {
  return [
    ...params.map((s) => ({
      name: s.name,
      shape: s.tensor.shape,
      role: "param",
      trainable: s.tensor.trainable,
    })),
    ...buffers.map((s) => ({
      name: s.name,
      shape: s.tensor.shape,
      role: "buffer",
      trainable: false,
    })),
  ];
}

/** How an initializer becomes a fill call, and its description for the comment above it. */
export function initCall(init: Initializer, target: string): { call: string; note: string } {
  const d = init.distribution;
  const call =
    d.kind === "constant"
      ? `${target}.fill(${d.value});`
      : d.kind === "uniform"
        ? `this.fillUniform(${target}, ${d.low}, ${d.high});`
        : `this.fillNormal(${target}, ${d.mean}, ${d.std});`;
  return { call, note: describeInitializer(init) };
}

/** initialize(seed)'s statements that fill every parameter (with its initializer, named in a comment) and every buffer. */
export function initLines(
  params: readonly ArenaSlot<ParamTensor>[],
  buffers: readonly ArenaSlot<BufferTensor>[],
): string[] {
  return [
    ...params.map((s) => {
      const { call, note } = initCall(s.tensor.init, `this.${s.field}`);
      return `// ${commentText(s.name)}: ${note}\n${call}`;
    }),
    ...buffers.map((s) => `this.${s.field}.fill(${s.tensor.fill});`),
  ];
}

/**
 * random(), the dropout and initialisation generator (mulberry32 on `randomState`), and
 * the fills initCall's calls use. `randomNote` ends random's doc comment ("" or ", on …").
 */
export function randomMethods(randomNote: string): string {
  return `/** Uniform in [0, 1): mulberry32${randomNote}. */
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
  }`;
}

export interface TensorMethodsInput {
  /** The model's name, for the error of an unknown tensor. */
  modelName: string;
  params: readonly ArenaSlot<ParamTensor>[];
  buffers: readonly ArenaSlot<BufferTensor>[];
  /** The optimizer's per-parameter slots, laid end to end in `optimizerState`. */
  slots: readonly { name: string }[];
  /** Parameters in all (the length of one slot in `optimizerState`). */
  paramCount: number;
  /** What the views look into, for tensorViews' doc comment: "the arenas", "the memory". */
  viewsInto: string;
}

/** tensorViews, optimizerViews, getTensors and setTensors: every tensor and optimizer slot by name. */
export function tensorMethods(input: TensorMethodsInput): string {
  const { params, buffers, slots, paramCount } = input;
  const tensorTable = [
    ...params.map((s) => `[${tsString(s.name)}, this.${s.field}]`),
    ...buffers.map((s) => `[${tsString(s.name)}, this.${s.field}]`),
  ];
  const optimizerViews = params
    .filter((s) => s.tensor.trainable)
    .flatMap((s) =>
      slots.map((slot, k) => {
        const start = k * paramCount + s.offset;
        return `{ name: ${tsString(`${s.name}/${slot.name}`)}, shape: ${JSON.stringify(s.tensor.shape)}, data: this.optimizerState.subarray(${start}, ${start + s.size}) }`;
      }),
    );
  return `/** Every tensor as a view into ${input.viewsInto} (writing to one changes the model), by name. */
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
      if (view === undefined) throw new Error(\`${tsTemplateText(input.modelName)} has no tensor named \${name}\`);
      if (values.length !== view.length) {
        throw new Error(\`tensor \${name} needs \${view.length} values, got \${values.length}\`);
      }
      view.set(values);
    }
  }`;
}
