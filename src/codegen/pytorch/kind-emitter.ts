import type { LayerNode } from "../../ir/ir.js";
import type { PyPart } from "./python-layout.js";

/**
 * How a layer kind becomes PyTorch code in the generated model.py. One emitter per kind
 * (./kinds/<kind>.ts), listed in the registry (./kinds/index.ts), which a test holds
 * complete over every kind of the catalogue.
 *
 * Layout: the module computes channels-first, as the IR and PyTorch do: a per-sample
 * shape [C, H, W] is a batch [N, C, H, W], so no layout conversion exists anywhere and
 * the tensors are the IR's (PyTorch's) shapes.
 */
export interface PytorchKindEmitter {
  /**
   * The submodule built in `__init__` as `self.<attribute>` (the layer's tensors, named as
   * the IR names them, so state_dict() keys are netc's tensor names), or undefined when
   * the forward needs none.
   */
  module?(node: LayerNode): PyPart;
  /** Classes the module needs, by name, each defined once in model.py (before the model). */
  classes?: Readonly<Record<string, string>>;
  /** The node's output as an expression of its inputs (`ctx.input(i)`) and `ctx.module`. */
  forward(node: LayerNode, ctx: PytorchEmitContext): PyPart;
}

/** What a kind's forward may refer to. */
export interface PytorchEmitContext {
  /** The local variable holding input `index` (default 0). */
  input(index?: number): string;
  /** `self.<attribute>`: the node's submodule, for kinds with `module`. */
  readonly module: string;
}

/** A kind the backend cannot express, with the reason `netc compile` prints. */
export interface UnsupportedKind {
  unsupported: string;
}

export type PytorchRegistryEntry = PytorchKindEmitter | UnsupportedKind;

export function isUnsupported(entry: PytorchRegistryEntry): entry is UnsupportedKind {
  return "unsupported" in entry;
}
