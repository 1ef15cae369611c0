import type { ChainItem } from "../syntax/ast.js";
import type { LayerNode, ModelIR, ProgramIR, Shape } from "../ir/ir.js";
import type { NodeIndex } from "../semantics/index.js";

/**
 * Links source items to the IR nodes the checker produced for them, through the
 * checker's NodeIndex (which also holds the nodes of a model whose check stopped at an
 * error, so the layers before the error still show their shapes). A layer call maps to
 * the nodes whose span starts where it does, one group per instantiation of the
 * enclosing block; a block call to the nodes expanded through it. No shape is computed
 * here: every shape shown in the editor is one the checker computed.
 */

export interface Instance {
  model: string;
  /** The IR nodes of this one instantiation, in topological order. */
  nodes: LayerNode[];
}

export class ShapeIndex {
  private readonly models = new Map<string, ModelIR>();

  constructor(
    program: ProgramIR | undefined,
    private readonly nodes: NodeIndex | undefined,
  ) {
    for (const model of program?.models ?? [])
      if (!this.models.has(model.name)) this.models.set(model.name, model);
  }

  model(name: string): ModelIR | undefined {
    return this.models.get(name);
  }

  /** Every instantiation of the item that starts at this source position. */
  instancesAt(file: string, start: number): Instance[] {
    const groups = new Map<string, Instance & { seen: Set<LayerNode> }>();
    for (const hit of this.nodes?.startingAt(file, start) ?? []) {
      const stack = hit.node.callStack;
      let depth: number;
      if (hit.direct) {
        if (hit.node.span.start !== start || hit.node.span.file !== file) continue;
        depth = stack.length;
      } else {
        depth = stack.findIndex((frame) => frame.span.start === start && frame.span.file === file);
        if (depth < 0) continue;
      }
      const key = `${hit.model}|${stackSignature(stack.slice(0, depth))}`;
      let group = groups.get(key);
      if (group === undefined)
        groups.set(key, (group = { model: hit.model, nodes: [], seen: new Set() }));
      if (!group.seen.has(hit.node)) {
        group.seen.add(hit.node);
        group.nodes.push(hit.node);
      }
    }
    return [...groups.values()].map(({ model, nodes }) => ({ model, nodes }));
  }

  instancesOf(item: ChainItem): Instance[] {
    const direct = this.instancesAt(item.span.file, item.span.start);
    if (direct.length > 0 || item.kind !== "ResidualItem") return direct;
    return this.instancesAt(item.keywordSpan.file, item.keywordSpan.start);
  }

  /** The distinct output shapes of the item over its instantiations (several when a block is used with different inputs). */
  outputShapes(item: ChainItem): Shape[] {
    return distinctShapes(
      this.instancesOf(item).map(
        (instance) => instance.nodes[instance.nodes.length - 1]!.outputShape,
      ),
    );
  }
}

/** Which instantiation a node belongs to: the block calls it was expanded through, down to a depth. */
function stackSignature(
  frames: readonly { block: string; span: { start: number; file: string } }[],
): string {
  return frames.map((frame) => `${frame.block}@${frame.span.file}:${frame.span.start}`).join(">");
}

export function showShape(shape: Shape): string {
  return `[${shape.join(", ")}]`;
}

function distinctShapes(shapes: Shape[]): Shape[] {
  const seen = new Map<string, Shape>();
  for (const shape of shapes) seen.set(showShape(shape), shape);
  return [...seen.values()];
}
