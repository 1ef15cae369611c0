import type { LayerNode } from "../ir/ir.js";
import { isLayerKindName, type LayerKindName } from "../layers/definitions.js";
import { where } from "./common/literals.js";

/**
 * What every backend's registry (src/codegen/<backend>/registry.ts) shares: a registry
 * maps every layer kind to the backend's emitter for it, or to an explicit refusal with
 * its reason, and its type makes a missing kind a compile error.
 */

/** A registry entry for a kind the backend does not emit. */
export interface Unsupported {
  /** Why, for the user: "conv2d_table's packed weights need a gather this backend lacks". */
  readonly unsupported: string;
}

export function isUnsupported(entry: object): entry is Unsupported {
  return "unsupported" in entry;
}

/** A backend cannot emit the program as asked (a layer kind, loss or optimizer it lacks): reported to the user in one line. */
export class EmitError extends Error {}

/** The emitter of `node`'s kind in `registry`; throws EmitError when the backend refuses the kind. */
export function emitterFor<E extends object>(
  registry: Readonly<Record<LayerKindName, E | Unsupported>>,
  node: LayerNode,
  backend: string,
): E {
  if (!isLayerKindName(node.kind))
    throw new Error(`${backend} backend: the IR names no layer kind '${node.kind}'`);
  const entry = registry[node.kind];
  if (isUnsupported(entry))
    throw new EmitError(
      `${where(node.span)}: the ${backend} backend cannot emit ${node.kind}: ${entry.unsupported}`,
    );
  return entry;
}
