import type { LayerNode } from "../../ir/ir.js";
import type { LoopsEmitContext } from "./layer-emitter.js";
import { activationField, activationGradField, identifierPart, type ModelPlan } from "./plan.js";

/** A per-node array the emitters asked for, allocated once by the model's constructor. */
export interface ScratchArray {
  field: string;
  length: number;
  type: "f32" | "i32";
  perSample: boolean;
  /** Contents of a constant table (ctx.constant), else the array starts zeroed. */
  values?: readonly number[];
}

function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function capitalised(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * The context one layer emitter sees for one node and one direction. It hands out
 * short local names (x, y, dy, weight, dWeight, …) and records which were used, so the
 * method that wraps the emitted statements declares exactly those locals, bound to
 * the model's fields: `const weight = this.p_conv2d_1_weight;`.
 */
export class NodeEmitContext implements LoopsEmitContext {
  readonly batch = "n";
  readonly training = "this.training";
  readonly random = "this.random()";
  /** local name → field expression, in first-use order. */
  readonly locals = new Map<string, string>();

  constructor(
    private readonly node: LayerNode,
    private readonly plan: ModelPlan,
    private readonly scratchArrays: Map<string, ScratchArray>,
  ) {}

  private bind(local: string, field: string): string {
    const existing = this.locals.get(local);
    if (existing !== undefined && existing !== field)
      throw new Error(`loops backend: local ${local} bound twice in ${this.node.id}`);
    this.locals.set(local, field);
    return local;
  }

  private inputName(prefix: string, i: number): string {
    return this.node.inputs.length === 1 ? prefix : `${prefix}${i}`;
  }

  input(i = 0): string {
    return this.bind(this.inputName("x", i), `this.${activationField(this.node.inputs[i]!)}`);
  }

  output(): string {
    return this.bind("y", `this.${activationField(this.node.id)}`);
  }

  outputGrad(): string {
    return this.bind("dy", `this.${activationGradField(this.node.id)}`);
  }

  inputGrad(i = 0): string | undefined {
    const id = this.node.inputs[i]!;
    if (this.plan.needsGradient.get(id) !== true) return undefined;
    return this.bind(this.inputName("dx", i), `this.${activationGradField(id)}`);
  }

  accumulatesInputGrad(i = 0): boolean {
    return (this.plan.uses.get(this.node.inputs[i]!) ?? 0) > 1;
  }

  private paramSlot(name: string) {
    const slot = this.plan.params.find((p) => p.node === this.node && p.tensor.name === name);
    if (slot === undefined)
      throw new Error(`loops backend: ${this.node.id} has no parameter ${name}`);
    return slot;
  }

  param(name: string): string {
    return this.bind(camel(name), `this.${this.paramSlot(name).field}`);
  }

  paramGrad(name: string): string | undefined {
    const slot = this.paramSlot(name);
    if (!slot.tensor.trainable) return undefined;
    return this.bind(`d${capitalised(camel(name))}`, `this.${slot.gradField}`);
  }

  buffer(name: string): string {
    const slot = this.plan.buffers.find((b) => b.node === this.node && b.tensor.name === name);
    if (slot === undefined) throw new Error(`loops backend: ${this.node.id} has no buffer ${name}`);
    return this.bind(camel(name), `this.${slot.field}`);
  }

  scratch(
    name: string,
    length: number,
    options: { type?: "f32" | "i32"; perSample?: boolean } = {},
  ): string {
    const field = `tmp_${identifierPart(this.node.id)}_${identifierPart(name)}`;
    const wanted: ScratchArray = {
      field,
      length,
      type: options.type ?? "f32",
      perSample: options.perSample ?? false,
    };
    const known = this.scratchArrays.get(field);
    if (
      known !== undefined &&
      (known.length !== length ||
        known.type !== wanted.type ||
        known.perSample !== wanted.perSample)
    ) {
      throw new Error(
        `loops backend: scratch array ${name} of ${this.node.id} requested with two different sizes`,
      );
    }
    this.scratchArrays.set(field, wanted);
    return this.bind(camel(name), `this.${field}`);
  }

  constant(name: string, values: readonly number[], type: "f32" | "i32" = "i32"): string {
    const field = `const_${identifierPart(this.node.id)}_${identifierPart(name)}`;
    const known = this.scratchArrays.get(field);
    if (known !== undefined && JSON.stringify(known.values) !== JSON.stringify(values)) {
      throw new Error(
        `loops backend: constant ${name} of ${this.node.id} given two different contents`,
      );
    }
    this.scratchArrays.set(field, { field, length: values.length, type, perSample: false, values });
    return this.bind(camel(name), `this.${field}`);
  }

  /** `const x = this.act_input;` lines for the locals the emitted statements use. */
  declarations(): string {
    return [...this.locals].map(([local, field]) => `const ${local} = ${field};`).join("\n");
  }
}
