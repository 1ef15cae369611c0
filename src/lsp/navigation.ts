import { SymbolKind, type DocumentSymbol, type Location } from "vscode-languageserver/node";
import type { Span } from "../diagnostics/span.js";
import type {
  BlockDeclaration,
  ChainItem,
  Identifier,
  ImportDeclaration,
  LayerCall,
  ModelDeclaration,
  SourceFileNode,
  Statement,
  TrainDeclaration,
} from "../syntax/ast.js";
import { resolveImport } from "../semantics/program.js";
import { nodesAt, walk, type AstNode } from "./ast-query.js";
import { spanToRange } from "./convert.js";
import type { DocumentPaths } from "./paths.js";
import { showShape, type ShapeIndex } from "./shape-index.js";

/** What the cursor names: a model or block (by name), or an imported file (by path). */
export type Target =
  | { kind: "declaration"; name: string }
  | { kind: "file"; path: string }
  | { kind: "local"; span: Span };

function isDeclarationNamed(
  node: AstNode,
  name: Identifier,
): node is (ModelDeclaration | BlockDeclaration) & AstNode {
  return (
    (node.kind === "ModelDeclaration" || node.kind === "BlockDeclaration") &&
    (node as ModelDeclaration).name === name
  );
}

export function importedPath(file: SourceFileNode, declaration: ImportDeclaration): string {
  return resolveImport(file.path, declaration.path.value);
}

export function targetAt(file: SourceFileNode, offset: number): Target | undefined {
  const path = nodesAt(file, offset);
  const innermost = path[path.length - 1];
  const parent = path[path.length - 2];
  const importDeclaration = path.find(
    (node): node is ImportDeclaration & AstNode => node.kind === "ImportDeclaration",
  );
  if (importDeclaration?.path !== undefined)
    return { kind: "file", path: importedPath(file, importDeclaration) };
  if (innermost === undefined || parent === undefined) return undefined;
  if (innermost.kind === "Identifier") {
    const identifier = innermost as unknown as Identifier;
    if (parent.kind === "LayerCall" && (parent as unknown as LayerCall).callee === identifier)
      return { kind: "declaration", name: identifier.name };
    if (
      parent.kind === "TrainDeclaration" &&
      (parent as unknown as TrainDeclaration).model === identifier
    )
      return { kind: "declaration", name: identifier.name };
    if (isDeclarationNamed(parent, identifier))
      return { kind: "declaration", name: identifier.name };
  }
  if (innermost.kind === "NameExpression") {
    const local = localDefinition(path, (innermost as unknown as { name: string }).name, offset);
    if (local !== undefined) return { kind: "local", span: local };
  }
  return undefined;
}

/** A `let` before the use in the enclosing bodies (innermost first), else a parameter of the declaration. */
function localDefinition(path: AstNode[], name: string, offset: number): Span | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const node = path[i] as unknown as {
      kind: string;
      body?: Statement[];
      params?: { name: Identifier }[];
    };
    if (Array.isArray(node.body)) {
      const lets = node.body.filter(
        (s) => s.kind === "LetStatement" && s.name?.name === name && s.span.end <= offset,
      );
      const last = lets[lets.length - 1];
      if (last !== undefined && last.kind === "LetStatement") return last.name.span;
    }
    if (node.kind === "ModelDeclaration" || node.kind === "BlockDeclaration") {
      const param = node.params?.find((p) => p.name?.name === name);
      if (param !== undefined) return param.name.span;
    }
  }
  return undefined;
}

export function definitionOf(
  target: Target,
  trees: SourceFileNode[],
  paths: DocumentPaths,
): Location[] {
  if (target.kind === "file")
    return [
      {
        uri: paths.uriOf(target.path),
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      },
    ];
  if (target.kind === "local")
    return [{ uri: paths.uriOf(target.span.file), range: spanToRange(target.span) }];
  const locations: Location[] = [];
  for (const tree of trees) {
    for (const declaration of tree.declarations) {
      if (
        (declaration.kind === "ModelDeclaration" || declaration.kind === "BlockDeclaration") &&
        declaration.name?.name === target.name
      ) {
        locations.push({
          uri: paths.uriOf(declaration.name.span.file),
          range: spanToRange(declaration.name.span),
        });
      }
    }
  }
  return locations;
}

export function referencesOf(
  target: Target,
  trees: SourceFileNode[],
  paths: DocumentPaths,
  includeDeclaration: boolean,
): Location[] {
  const spans: Span[] = [];
  for (const tree of trees) {
    for (const node of walk(tree)) {
      if (target.kind === "declaration") {
        if (
          node.kind === "LayerCall" &&
          (node as unknown as LayerCall).callee?.name === target.name
        )
          spans.push((node as unknown as LayerCall).callee.span);
        if (
          node.kind === "TrainDeclaration" &&
          (node as unknown as TrainDeclaration).model?.name === target.name
        )
          spans.push((node as unknown as TrainDeclaration).model.span);
        if (
          includeDeclaration &&
          (node.kind === "ModelDeclaration" || node.kind === "BlockDeclaration") &&
          (node as unknown as ModelDeclaration).name?.name === target.name
        ) {
          spans.push((node as unknown as ModelDeclaration).name.span);
        }
      } else if (target.kind === "file" && node.kind === "ImportDeclaration") {
        const declaration = node as unknown as ImportDeclaration;
        if (declaration.path !== undefined && importedPath(tree, declaration) === target.path)
          spans.push(declaration.path.span);
      }
    }
  }
  if (target.kind === "local") spans.push(...localUses(trees, target.span));
  if (target.kind === "local" && includeDeclaration) spans.unshift(target.span);
  return spans.map((span) => ({ uri: paths.uriOf(span.file), range: spanToRange(span) }));
}

/** Uses of a parameter or `let` (defined at `definition`): same-named names later in the same declaration. */
function localUses(trees: SourceFileNode[], definition: Span): Span[] {
  const tree = trees.find((t) => t.path === definition.file);
  if (tree === undefined) return [];
  const path = nodesAt(tree, definition.start);
  const name = (path[path.length - 1] as unknown as { name?: string }).name;
  const declaration = path[1];
  if (name === undefined || declaration === undefined) return [];
  const uses: Span[] = [];
  for (const node of walk(declaration)) {
    if (
      node.kind === "NameExpression" &&
      (node as unknown as { name: string }).name === name &&
      node.span.start > definition.start
    )
      uses.push(node.span);
  }
  return uses;
}

/** Models, blocks and train sections, with their layers (and the shape each produces) as children. */
export function documentSymbols(file: SourceFileNode, shapes: ShapeIndex): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  for (const declaration of file.declarations) {
    if (declaration.kind === "ModelDeclaration" || declaration.kind === "BlockDeclaration") {
      if (declaration.name === undefined) continue;
      symbols.push({
        name: declaration.name.name,
        detail: declaration.kind === "ModelDeclaration" ? "model" : "block",
        kind: declaration.kind === "ModelDeclaration" ? SymbolKind.Class : SymbolKind.Function,
        range: spanToRange(declaration.span),
        selectionRange: spanToRange(declaration.name.span),
        children: itemSymbols(declaration.body ?? [], shapes),
      });
    } else if (declaration.kind === "TrainDeclaration" && declaration.model !== undefined) {
      symbols.push({
        name: `train ${declaration.model.name}`,
        kind: SymbolKind.Event,
        range: spanToRange(declaration.span),
        selectionRange: spanToRange(declaration.model.span),
        children: (declaration.settings ?? [])
          .filter((s) => s.key !== undefined)
          .map((s) => ({
            name: s.key.name,
            kind: SymbolKind.Property,
            range: spanToRange(s.span),
            selectionRange: spanToRange(s.key.span),
          })),
      });
    }
  }
  return symbols;
}

function itemSymbols(statements: readonly Statement[], shapes: ShapeIndex): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  for (const statement of statements) {
    if (statement.kind !== "ChainStatement") continue;
    for (const item of statement.items as ChainItem[]) {
      const outputs = shapes.outputShapes(item).map(showShape).join(" | ");
      if (item.kind === "LayerCall") {
        if (item.callee === undefined) continue;
        const symbol: DocumentSymbol = {
          name: item.callee.name,
          kind: SymbolKind.Field,
          range: spanToRange(item.span),
          selectionRange: spanToRange(item.callee.span),
        };
        if (outputs !== "") symbol.detail = outputs;
        symbols.push(symbol);
      } else {
        const children = itemSymbols(item.body ?? [], shapes);
        if (item.shortcut !== undefined)
          children.push(...itemSymbols(item.shortcut.body ?? [], shapes));
        const symbol: DocumentSymbol = {
          name: "residual",
          kind: SymbolKind.Namespace,
          range: spanToRange(item.span),
          selectionRange: spanToRange(item.keywordSpan),
          children,
        };
        if (outputs !== "") symbol.detail = outputs;
        symbols.push(symbol);
      }
    }
  }
  return symbols;
}
