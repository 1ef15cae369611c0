import type { LayerNode } from "../../ir/ir.js";
import type { WasmEmitContext } from "./layer-emitter.js";
import type { MemoryLayout, ScratchRequests, WasmPlan } from "./plan.js";
import { global, type Expr, type WatFunction } from "./wat.js";

/**
 * The context one layer emitter sees for one node and one direction. Emission runs
 * twice: a first pass (no layout yet) only records the scratch memory and constant
 * tables the emitters ask for; the memory map is then laid out (./plan.ts) and the
 * second pass emits the code with every address filled in.
 */
export class NodeContext implements WasmEmitContext {
  readonly n = "(local.get $n)";
  readonly records = global("records");
  readonly grads = global("grads");
  readonly thread = global("thread");
  readonly training = "(local.get $training)";
  readonly firstThread = "(i32.eqz (global.get $thread_index))";
  readonly recordBytes: number;

  constructor(
    readonly fn: WatFunction,
    private readonly node: LayerNode,
    private readonly plan: WasmPlan,
    private readonly requests: ScratchRequests,
    private readonly layout: MemoryLayout | undefined,
    readonly relaxed: boolean,
    readonly maxBatch: number,
  ) {
    this.recordBytes = layout?.record.bytes ?? 0;
  }

  private key(name: string): string {
    // injective whatever the node id holds (a `name=` may contain "/")
    return JSON.stringify([this.node.id, name]);
  }

  input(i = 0): number {
    return this.layout?.record.activation.get(this.node.inputs[i]!) ?? 0;
  }

  output(): number {
    return this.layout?.record.activation.get(this.node.id) ?? 0;
  }

  outputGrad(): number {
    return this.layout?.record.gradient.get(this.node.id) ?? 0;
  }

  inputGrad(i = 0): number | undefined {
    const id = this.node.inputs[i]!;
    if (this.plan.needsGradient.get(id) !== true) return undefined;
    return this.layout?.record.gradient.get(id) ?? 0;
  }

  accumulatesInputGrad(i = 0): boolean {
    return (this.plan.uses.get(this.node.inputs[i]!) ?? 0) > 1;
  }

  private paramSlot(name: string) {
    const slot = this.plan.params.find((p) => p.node === this.node && p.tensor.name === name);
    if (slot === undefined)
      throw new Error(`wasm backend: ${this.node.id} has no parameter ${name}`);
    return slot;
  }

  param(name: string): number {
    return (this.layout?.params ?? 0) + 4 * this.paramSlot(name).offset;
  }

  paramGrad(name: string): number | undefined {
    const slot = this.paramSlot(name);
    return slot.tensor.trainable ? 4 * slot.offset : undefined;
  }

  buffer(name: string): number {
    const slot = this.plan.buffers.find((b) => b.node === this.node && b.tensor.name === name);
    if (slot === undefined) throw new Error(`wasm backend: ${this.node.id} has no buffer ${name}`);
    return (this.layout?.state ?? 0) + 4 * slot.offset;
  }

  scratch(name: string, bytes: number, options: { perSample?: boolean } = {}): number {
    const key = this.key(name);
    const table = options.perSample === true ? this.requests.perSample : this.requests.perThread;
    const known = table.get(key);
    if (known !== undefined && known !== bytes)
      throw new Error(`wasm backend: scratch ${key} requested with two sizes`);
    table.set(key, bytes);
    if (this.layout === undefined) return 0;
    const where =
      options.perSample === true ? this.layout.record.scratch : this.layout.header.scratch;
    return where.get(key)!;
  }

  transient(bytes: number): number {
    this.requests.transient = Math.max(this.requests.transient, bytes);
    return this.layout?.header.transient ?? 0;
  }

  constant(name: string, values: readonly number[], type: "f32" | "i32" = "i32"): number {
    const key = this.key(name);
    const known = this.requests.constants.get(key);
    if (known !== undefined && JSON.stringify(known.values) !== JSON.stringify(values))
      throw new Error(`wasm backend: constant ${key} given two different contents`);
    this.requests.constants.set(key, { values, type });
    return this.layout?.constants.get(key) ?? 0;
  }

  random(): Expr {
    return "(call $random)";
  }
}
