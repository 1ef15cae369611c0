import type { LayerNode, ModelIR } from "../ir/ir.js";

export interface NodeHit {
  model: string;
  node: LayerNode;
  /** True when the offset is inside the layer call itself, false when inside a block call that expanded into it. */
  direct: boolean;
}

/**
 * Nodes by file, for the language server: which IR nodes a position belongs to (a
 * layer call, or a block call that expanded into nodes). Built once per check.
 */
export class NodeIndex {
  private readonly byFile = new Map<
    string,
    { model: string; node: LayerNode; start: number; end: number; direct: boolean }[]
  >();
  /** The same entries by file and start offset, for startingAt. */
  private readonly byStart = new Map<string, Map<number, NodeHit[]>>();

  add(model: string, nodes: readonly LayerNode[]): void {
    for (const node of nodes) {
      this.push(node.span.file, {
        model,
        node,
        start: node.span.start,
        end: node.span.end,
        direct: true,
      });
      for (const call of node.callStack)
        this.push(call.span.file, {
          model,
          node,
          start: call.span.start,
          end: call.span.end,
          direct: false,
        });
    }
  }

  private push(
    file: string,
    entry: { model: string; node: LayerNode; start: number; end: number; direct: boolean },
  ): void {
    const list = this.byFile.get(file) ?? [];
    list.push(entry);
    this.byFile.set(file, list);
    let starts = this.byStart.get(file);
    if (starts === undefined) this.byStart.set(file, (starts = new Map()));
    const hits = starts.get(entry.start);
    const hit = { model: entry.model, node: entry.node, direct: entry.direct };
    if (hits === undefined) starts.set(entry.start, [hit]);
    else hits.push(hit);
  }

  /**
   * Every node whose layer call (direct) or expanding block call starts exactly at the
   * offset, in the order they were expanded. Unlike `at`, its cost does not grow with the
   * rest of the program: the language server asks it once per chain item.
   */
  startingAt(file: string, start: number): readonly NodeHit[] {
    return this.byStart.get(file)?.get(start) ?? [];
  }

  /** Every node whose span (or expanding block call) contains the offset, innermost spans first. */
  at(file: string, offset: number): NodeHit[] {
    const entries = (this.byFile.get(file) ?? []).filter(
      (e) => e.start <= offset && offset <= e.end,
    );
    entries.sort((a, b) => a.end - a.start - (b.end - b.start));
    return entries.map(({ model, node, direct }) => ({ model, node, direct }));
  }

  static fromModels(models: readonly ModelIR[]): NodeIndex {
    const index = new NodeIndex();
    for (const model of models) index.add(model.name, model.nodes);
    return index;
  }
}
