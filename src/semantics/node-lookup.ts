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
  /** Entries by file and start offset, built on the first `startingAt` (the editor's per-item lookups). */
  private byStart:
    Map<string, Map<number, { model: string; node: LayerNode; direct: boolean }[]>> | undefined;

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
    this.byStart = undefined;
    const list = this.byFile.get(file) ?? [];
    list.push(entry);
    this.byFile.set(file, list);
  }

  /** Every node whose span (or expanding block call) contains the offset, innermost spans first. */
  at(file: string, offset: number): NodeHit[] {
    const entries = (this.byFile.get(file) ?? []).filter(
      (e) => e.start <= offset && offset <= e.end,
    );
    entries.sort((a, b) => a.end - a.start - (b.end - b.start));
    return entries.map(({ model, node, direct }) => ({ model, node, direct }));
  }

  /**
   * Every node whose span, or one of whose expanding block calls, starts exactly at the
   * offset: what the source item there produced. O(1) per call, where `at` scans the file's
   * nodes, so a lookup per item of a long file stays linear.
   */
  startingAt(file: string, offset: number): NodeHit[] {
    if (this.byStart === undefined) {
      this.byStart = new Map();
      for (const [path, entries] of this.byFile) {
        const starts = new Map<number, { model: string; node: LayerNode; direct: boolean }[]>();
        for (const { model, node, start, direct } of entries) {
          const list = starts.get(start);
          if (list === undefined) starts.set(start, [{ model, node, direct }]);
          else list.push({ model, node, direct });
        }
        this.byStart.set(path, starts);
      }
    }
    return this.byStart.get(file)?.get(offset) ?? [];
  }

  static fromModels(models: readonly ModelIR[]): NodeIndex {
    const index = new NodeIndex();
    for (const model of models) index.add(model.name, model.nodes);
    return index;
  }
}
