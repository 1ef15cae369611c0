import type { Attrs, LayerNode } from "../../ir/ir.js";
import type { Unsupported } from "../registry.js";
import type { PyPart } from "./python-layout.js";

/**
 * How a layer kind becomes PyTorch code in the generated model.py. One emitter per kind
 * (src/layers/<kind>/pytorch.ts), listed in the registry (./registry.ts), whose type
 * refuses a kind without an entry.
 *
 * Layout: the module computes channels-first, as the IR and PyTorch do: a per-sample
 * shape [C, H, W] is a batch [N, C, H, W], so no layout conversion exists anywhere and
 * the tensors are the IR's (PyTorch's) shapes.
 */
export interface PytorchKindEmitter<A extends Attrs = Attrs> {
  /**
   * The submodule built in `__init__` as `self.<attribute>` (the layer's tensors, named as
   * the IR names them, so state_dict() keys are netc's tensor names), or undefined when
   * the forward needs none.
   */
  module?(node: LayerNode<A>): PyPart;
  /** Classes the module needs, by name, each defined once in model.py (before the model). */
  classes?: Readonly<Record<string, string>>;
  /** The node's output as an expression of its inputs (`ctx.input(i)`) and `ctx.module`. */
  forward(node: LayerNode<A>, ctx: PytorchEmitContext): PyPart;
}

/** What a kind's forward may refer to. */
export interface PytorchEmitContext {
  /** The local variable holding input `index` (default 0). */
  input(index?: number): string;
  /** `self.<attribute>`: the node's submodule, for kinds with `module`. */
  readonly module: string;
}

export type PytorchRegistryEntry = PytorchKindEmitter | Unsupported;
