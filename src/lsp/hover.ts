import type { Hover } from "vscode-languageserver/node";
import type { LayerNode, Shape } from "../ir/ir.js";
import type {
  Argument,
  BlockDeclaration,
  ChainItem,
  LayerCall,
  ModelDeclaration,
  SourceFileNode,
  TrainSetting,
} from "../syntax/ast.js";
import { windowOf } from "../ir/ir.js";
import { exactOutput, formulaText, showNumber } from "../layers/shared/window.js";
import { nodesAt, type AstNode, declarationNamed } from "./ast-query.js";
import { vocabulary, layerArguments, paramLine, type VocabularyEntry } from "./vocabulary.js";
import { spanToRange } from "./convert.js";
import type { Instance, ShapeIndex } from "./shape-index.js";
import { showShape } from "./shape-index.js";

/**
 * Hover: on a layer call, its kind's documentation, input and output shapes, parameter
 * count, and for windowed layers (convolutions, poolings) the size rule with the
 * actual numbers; on an argument name, that parameter's documentation; on a block or
 * model name, its signature and output shape.
 */
export function hoverAt(
  file: SourceFileNode,
  offset: number,
  shapes: ShapeIndex,
  trees: SourceFileNode[],
): Hover | null {
  const path = nodesAt(file, offset);
  const innermost = path[path.length - 1];
  const call = [...path]
    .reverse()
    .find((node): node is LayerCall & AstNode => node.kind === "LayerCall");
  const argument = [...path]
    .reverse()
    .find((node): node is Argument & AstNode => node.kind === "Argument");

  if (call !== undefined && argument?.name !== undefined && within(argument.name.span, offset)) {
    return argumentHover(call, argument, trees);
  }
  if (
    call !== undefined &&
    call.callee !== undefined &&
    (argument === undefined || within(call.callee.span, offset))
  ) {
    return {
      contents: { kind: "markdown", value: layerCallMarkdown(call, shapes, trees) },
      range: spanToRange(call.callee.span),
    };
  }
  const residual = [...path].reverse().find((node) => node.kind === "ResidualItem") as
    (ChainItem & AstNode) | undefined;
  if (
    residual !== undefined &&
    residual.kind === "ResidualItem" &&
    within(residual.keywordSpan, offset)
  ) {
    const out = shapes.outputShapes(residual);
    const lines = [
      "**residual**: the body's output added to the shortcut's (identity when none is given)",
    ];
    if (out.length > 0) lines.push(`output: ${out.map(showShape).map(code).join(" | ")}`);
    return {
      contents: { kind: "markdown", value: lines.join("\n\n") },
      range: spanToRange(residual.keywordSpan),
    };
  }
  const setting = path.find((node) => node.kind === "TrainSetting") as
    (TrainSetting & AstNode) | undefined;
  if (setting !== undefined && innermost !== undefined && innermost !== (setting.key as unknown)) {
    const entry = trainEntry(setting.key?.name, (innermost as unknown as { name?: unknown }).name);
    if (entry !== undefined) {
      const lines = [`**${entry.name}**\n\n${entry.doc}`];
      if (entry.params.length > 0)
        lines.push(entry.params.map((p) => `- ${code(paramLine(p))} — ${p.doc}`).join("\n"));
      return {
        contents: { kind: "markdown", value: lines.join("\n\n") },
        range: spanToRange(innermost.span),
      };
    }
  }
  if (innermost !== undefined && innermost.kind === "Identifier") {
    const declaration = path.find(
      (node): node is (ModelDeclaration | BlockDeclaration) & AstNode =>
        (node.kind === "ModelDeclaration" || node.kind === "BlockDeclaration") &&
        (node as ModelDeclaration).name === innermost,
    );
    if (declaration !== undefined) {
      return {
        contents: { kind: "markdown", value: declarationMarkdown(declaration, shapes) },
        range: spanToRange(innermost.span),
      };
    }
    const train = path.find((node) => node.kind === "TrainDeclaration");
    if (train !== undefined) {
      const model = declarationNamed(trees, (innermost as unknown as { name: string }).name);
      if (model !== undefined && model.kind === "ModelDeclaration") {
        return {
          contents: { kind: "markdown", value: declarationMarkdown(model, shapes) },
          range: spanToRange(innermost.span),
        };
      }
    }
  }
  return null;
}

/** The train entry a train value names: `cross_entropy` under `loss`, `sgd` under `optimizer`. */
function trainEntry(key: string | undefined, name: unknown): VocabularyEntry | undefined {
  if (typeof name !== "string") return undefined;
  const c = vocabulary();
  const lists: Record<string, readonly VocabularyEntry[]> = {
    data: c.datasets,
    loss: c.losses,
    optimizer: c.optimizers,
    schedule: c.schedules,
  };
  return (key !== undefined ? lists[key] : undefined)?.find((entry) => entry.name === name);
}

function within(span: { start: number; end: number }, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

function code(text: string): string {
  return `\`${text}\``;
}

function argumentHover(call: LayerCall, argument: Argument, trees: SourceFileNode[]): Hover | null {
  const name = argument.name!.name;
  const kind = vocabulary().layer(call.callee.name);
  const param = kind !== undefined ? layerArguments(kind).find((p) => p.name === name) : undefined;
  if (param !== undefined) {
    return {
      contents: { kind: "markdown", value: `${code(paramLine(param))}\n\n${param.doc}` },
      range: spanToRange(argument.name!.span),
    };
  }
  const block = declarationNamed(trees, call.callee.name);
  if (block !== undefined && block.kind === "BlockDeclaration") {
    const blockParam = block.params.find((p) => p.name?.name === name);
    if (blockParam !== undefined) {
      return {
        contents: {
          kind: "markdown",
          value: `parameter ${code(name)} of block ${code(block.name.name)}`,
        },
        range: spanToRange(argument.name!.span),
      };
    }
  }
  return null;
}

function layerCallMarkdown(call: LayerCall, shapes: ShapeIndex, trees: SourceFileNode[]): string {
  const name = call.callee.name;
  const kind = vocabulary().layer(name);
  const instances = shapes.instancesOf(call);
  const sections: string[] = [];
  if (kind !== undefined) {
    sections.push(`**${name}** (${kind.category})\n\n${kind.doc}`);
  } else {
    const block = declarationNamed(trees, name);
    if (block !== undefined)
      sections.push(`**block ${name}**(${signature(block as BlockDeclaration)})`);
    else sections.push(`**${name}**: not a known layer or block`);
  }
  if (instances.length > 0)
    sections.push(
      instances
        .map((instance) => instanceMarkdown(instance, kind !== undefined))
        .join("\n\n---\n\n"),
    );
  if (kind !== undefined && kind.params.length > 0) {
    sections.push(kind.params.map((p) => `- ${code(paramLine(p))} — ${p.doc}`).join("\n"));
  }
  return sections.join("\n\n");
}

function instanceMarkdown(instance: Instance, isLayer: boolean): string {
  const first = instance.nodes[0]!;
  const last = instance.nodes[instance.nodes.length - 1]!;
  const lines: string[] = [];
  const input = first.inputShapes[0];
  const via =
    first.callStack.length > 0 ? ` (in ${first.callStack.map((f) => f.block).join(" → ")})` : "";
  lines.push(
    `${input ? code(showShape(input)) + " → " : ""}${code(showShape(last.outputShape))}${via}`,
  );
  const params = instance.nodes.reduce((sum, node) => sum + node.counts.params, 0);
  const macs = instance.nodes.reduce((sum, node) => sum + node.counts.macs, 0);
  lines.push(
    `parameters: ${params.toLocaleString("en-US")} · multiply-accumulates: ${macs.toLocaleString("en-US")}`,
  );
  if (isLayer) {
    for (const node of instance.nodes.slice(0, 1)) {
      const formula = windowFormula(node);
      if (formula.length > 0) lines.push(formula.map((f) => `- ${f}`).join("\n"));
    }
  }
  return lines.join("\n\n");
}

/**
 * The size rule per spatial axis with the node's own numbers, from the window geometry
 * the checker resolved; shown only when the checker's output agrees with it.
 */
export function windowFormula(node: LayerNode): string[] {
  const window = windowOf(node);
  if (window === undefined) return [];
  const lines: string[] = [];
  for (const axis of window.axes) {
    const exact = exactOutput(axis);
    const rounded = Number.isInteger(exact) ? "" : ` → ⌊⌋ = ${Math.floor(exact)}`;
    if (axis.output !== Math.floor(exact)) return [];
    lines.push(`${axis.name}: ${formulaText(axis)} ${showNumber(exact)}${rounded}`);
  }
  return lines;
}

function signature(declaration: ModelDeclaration | BlockDeclaration): string {
  return declaration.params
    .map((p) => (p.default !== undefined ? `${p.name.name} = ${sourceOf(p.default)}` : p.name.name))
    .join(", ");
}

function sourceOf(expression: {
  kind: string;
  raw?: string;
  value?: unknown;
  name?: string;
}): string {
  if (expression.raw !== undefined) return expression.raw;
  if (expression.name !== undefined) return expression.name;
  if (expression.value !== undefined) return String(expression.value);
  return "…";
}

function declarationMarkdown(
  declaration: ModelDeclaration | BlockDeclaration,
  shapes: ShapeIndex,
): string {
  const keyword = declaration.kind === "ModelDeclaration" ? "model" : "block";
  const lines = [`**${keyword} ${declaration.name.name}**(${signature(declaration)})`];
  if (declaration.kind === "ModelDeclaration") {
    const model = shapes.model(declaration.name.name);
    if (model !== undefined) {
      lines.push(`${code(showShape(model.inputShape))} → ${code(showShape(outputOf(model)))}`);
      lines.push(
        `parameters: ${model.totals.params.toLocaleString("en-US")} · multiply-accumulates: ${model.totals.macs.toLocaleString("en-US")}`,
      );
    }
  }
  return lines.join("\n\n");
}

function outputOf(model: {
  nodes: readonly LayerNode[];
  output: string;
  inputShape: Shape;
}): Shape {
  return model.nodes.find((node) => node.id === model.output)?.outputShape ?? model.inputShape;
}
