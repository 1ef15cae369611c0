import type { Span } from "../diagnostics/span.js";
import type {
  BlockDeclaration,
  ChainItem,
  Declaration,
  LayerCall,
  ModelDeclaration,
  ResidualItem,
  SourceFileNode,
  Statement,
} from "../syntax/ast.js";

/**
 * Queries over a (possibly partial) syntax tree. The walk is generic over any object
 * with `kind` and `span`, so a node type added to the AST later is still found.
 */

export interface AstNode {
  kind: string;
  span: Span;
}

function isAstNode(value: unknown): value is AstNode {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { kind?: unknown }).kind === "string" &&
    typeof (value as { span?: unknown }).span === "object"
  );
}

function children(node: object): AstNode[] {
  const found: AstNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === "span" || key === "comments") continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isAstNode(item)) found.push(item);
    } else if (isAstNode(value)) {
      found.push(value);
    }
  }
  return found;
}

/** The chain of nodes whose span contains `offset`, outermost first (the end offset counts as inside). */
export function nodesAt(file: SourceFileNode, offset: number): AstNode[] {
  const path: AstNode[] = [];
  let current: AstNode | undefined = file;
  while (current !== undefined) {
    path.push(current);
    current = children(current).find(
      (child) => child.span.start <= offset && offset <= child.span.end,
    );
  }
  return path;
}

/** Every node of the tree, in source order. */
export function* walk(node: AstNode): Generator<AstNode> {
  yield node;
  for (const child of children(node)) yield* walk(child);
}

export type BodyDeclaration = ModelDeclaration | BlockDeclaration;

export function bodyDeclarations(file: SourceFileNode): BodyDeclaration[] {
  return file.declarations.filter(
    (d): d is BodyDeclaration => d.kind === "ModelDeclaration" || d.kind === "BlockDeclaration",
  );
}

/** Each chain item of a body with the declaration it belongs to, residual bodies included. */
export function* chainItems(statements: readonly Statement[]): Generator<ChainItem> {
  for (const statement of statements) {
    if (statement.kind !== "ChainStatement") continue;
    for (const item of statement.items) {
      yield item;
      if (item.kind === "ResidualItem") {
        yield* chainItems(item.body);
        if (item.shortcut) yield* chainItems(item.shortcut.body);
      }
    }
  }
}

export function layerCalls(file: SourceFileNode): LayerCall[] {
  const calls: LayerCall[] = [];
  for (const node of walk(file)) if (node.kind === "LayerCall") calls.push(node as LayerCall);
  return calls;
}

export function declarationNamed(
  files: Iterable<SourceFileNode>,
  name: string,
): Declaration | undefined {
  for (const file of files) {
    for (const declaration of file.declarations) {
      if (
        (declaration.kind === "ModelDeclaration" || declaration.kind === "BlockDeclaration") &&
        declaration.name?.name === name
      ) {
        return declaration;
      }
    }
  }
  return undefined;
}

export function isResidual(item: ChainItem): item is ResidualItem {
  return item.kind === "ResidualItem";
}
