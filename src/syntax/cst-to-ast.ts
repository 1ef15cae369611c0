import type { CstElement, CstNode, IToken } from "chevrotain";
import { createDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { Diagnostics } from "../diagnostics/messages.js";
import type { SourceText, Span } from "../diagnostics/span.js";
import type * as A from "./ast.js";
import { stringValue } from "./lexer.js";
import { isIntegerLiteral } from "./number-range.js";

/**
 * CST → AST. The CST may be partial (error recovery): a child that the parser could
 * not recognise is simply missing, and tokens inserted by recovery have no position.
 * Such gaps become absent optional fields or dropped nodes, never invented values;
 * a node without its required parts (a `let` without a name) is left out.
 */

type Children = Record<string, CstElement[] | undefined>;

function isToken(e: CstElement): e is IToken {
  return (e as IToken).image !== undefined;
}

/** A token that really is in the text (not one invented by single-token insertion). */
function real(token: IToken | undefined): IToken | undefined {
  if (!token || token.isInsertedInRecovery || !Number.isFinite(token.startOffset)) return undefined;
  return token;
}

/**
 * Operators, calls and lists nest at most this deep in one expression (NET0109). The parser
 * reads operator chains in loops, but the tree it yields is as deep as the chain is long,
 * and every pass over expressions (evaluation, the formatter, the language server) walks it
 * recursively: `1 + 1 + …` with 20,000 terms overflowed the stack in each of them. Like the
 * bracket cap (MAX_NESTING_DEPTH), this bounds all of them at once; no real expression
 * comes near it.
 */
export const MAX_EXPRESSION_DEPTH = 256;

export class AstBuilder {
  /** NET0109 for expressions nested deeper than MAX_EXPRESSION_DEPTH (they are left out). */
  readonly diagnostics: Diagnostic[] = [];
  /** The depth of each expression node built, so that no check ever walks a tree. */
  private readonly depths = new WeakMap<A.Expression, number>();

  constructor(private readonly source: SourceText) {}

  private depth(e: A.Expression): number {
    return this.depths.get(e) ?? 1;
  }

  /** Record a new node's depth: one more than its deepest part. */
  private nested<E extends A.Expression>(e: E, parts: readonly A.Expression[]): E {
    let deepest = 0;
    for (const part of parts) deepest = Math.max(deepest, this.depth(part));
    this.depths.set(e, deepest + 1);
    return e;
  }

  // ── helpers ───────────────────────────────────────────────────────────────

  private tokenSpan(token: IToken): Span {
    return this.source.span(token.startOffset, token.endOffset! + 1);
  }

  private token(children: Children, name: string, index = 0): IToken | undefined {
    const e = children[name]?.[index];
    return e && isToken(e) ? real(e) : undefined;
  }

  private tokens(children: Children, name: string): IToken[] {
    return (children[name] ?? []).filter(isToken).filter((t) => real(t) !== undefined);
  }

  private node(children: Children, name: string, index = 0): CstNode | undefined {
    const e = children[name]?.[index];
    return e && !isToken(e) ? e : undefined;
  }

  private nodes(children: Children, name: string): CstNode[] {
    return (children[name] ?? []).filter((e): e is CstNode => !isToken(e));
  }

  /** Span of a CST node from its first to its last real token. */
  private nodeSpan(node: CstNode): Span | undefined {
    const loc = node.location;
    if (
      loc &&
      Number.isFinite(loc.startOffset) &&
      Number.isFinite(loc.endOffset) &&
      !node.recoveredNode
    ) {
      return this.source.span(loc.startOffset, loc.endOffset! + 1);
    }
    const first = firstToken(node);
    const last = lastToken(node);
    if (!first || !last) return undefined;
    return this.source.span(first.startOffset, last.endOffset! + 1);
  }

  private spanBetween(
    first: IToken | Span | undefined,
    last: IToken | Span | undefined,
    fallback: Span,
  ): Span {
    const start =
      first === undefined ? fallback.start : "image" in first ? first.startOffset : first.start;
    const end =
      last === undefined ? fallback.end : "image" in last ? last.endOffset! + 1 : last.end;
    return this.source.span(start, Math.max(start, end));
  }

  private identifier(token: IToken | undefined): A.Identifier | undefined {
    return token
      ? { kind: "Identifier", name: token.image, span: this.tokenSpan(token) }
      : undefined;
  }

  // ── declarations ──────────────────────────────────────────────────────────

  sourceFile(roots: CstNode[], path: string, comments: A.Comment[]): A.SourceFileNode {
    const declarations: A.Declaration[] = [];
    for (const root of roots) {
      for (const d of this.nodes(root.children, "declaration")) {
        const decl = this.declaration(d);
        if (decl) declarations.push(decl);
      }
    }
    return {
      kind: "SourceFile",
      path,
      declarations,
      comments,
      span: this.source.span(0, this.source.text.length),
    };
  }

  private declaration(node: CstNode): A.Declaration | undefined {
    const c = node.children;
    const imp = this.node(c, "importDeclaration");
    if (imp) return this.importDeclaration(imp);
    const model = this.node(c, "modelDeclaration");
    if (model) return this.modelOrBlock(model, "ModelDeclaration");
    const block = this.node(c, "blockDeclaration");
    if (block) return this.modelOrBlock(block, "BlockDeclaration");
    const train = this.node(c, "trainDeclaration");
    if (train) return this.trainDeclaration(train);
    return undefined;
  }

  private importDeclaration(node: CstNode): A.ImportDeclaration | undefined {
    const keyword = this.token(node.children, "KwImport");
    const str = this.token(node.children, "StringLiteral");
    if (!keyword || !str) return undefined;
    return {
      kind: "ImportDeclaration",
      path: { kind: "StringLiteral", value: stringValue(str.image), span: this.tokenSpan(str) },
      span: this.spanBetween(keyword, str, this.tokenSpan(keyword)),
    };
  }

  private modelOrBlock(
    node: CstNode,
    kind: "ModelDeclaration" | "BlockDeclaration",
  ): A.ModelDeclaration | A.BlockDeclaration | undefined {
    const c = node.children;
    const name = this.identifier(this.token(c, "Identifier"));
    const span = this.nodeSpan(node);
    if (!name || !span) return undefined;
    const paramList = this.node(c, "parameterList");
    const params = paramList ? this.parameters(paramList) : [];
    const bodyNode = this.node(c, "body");
    const body = bodyNode ? this.body(bodyNode) : [];
    return { kind, name, params, body, span } as A.ModelDeclaration | A.BlockDeclaration;
  }

  private parameters(node: CstNode): A.Parameter[] {
    const out: A.Parameter[] = [];
    for (const p of this.nodes(node.children, "parameter")) {
      const name = this.identifier(this.token(p.children, "Identifier"));
      const span = this.nodeSpan(p);
      if (!name || !span) continue;
      const param: A.Parameter = { kind: "Parameter", name, span };
      const value = this.node(p.children, "expression");
      const def = value ? this.expression(value) : undefined;
      if (def) param.default = def;
      out.push(param);
    }
    return out;
  }

  private trainDeclaration(node: CstNode): A.TrainDeclaration | undefined {
    const c = node.children;
    const model = this.identifier(this.token(c, "Identifier"));
    const span = this.nodeSpan(node);
    if (!model || !span) return undefined;
    const argList = this.node(c, "argumentList");
    const settings: A.TrainSetting[] = [];
    for (const s of this.nodes(c, "trainSetting")) {
      const key = this.identifier(this.token(s.children, "Identifier"));
      const valueNode = this.node(s.children, "expression");
      const value = valueNode ? this.expression(valueNode) : undefined;
      const settingSpan = this.nodeSpan(s);
      if (key && value && settingSpan)
        settings.push({ kind: "TrainSetting", key, value, span: settingSpan });
    }
    return {
      kind: "TrainDeclaration",
      model,
      args: argList ? this.arguments(argList) : [],
      settings,
      span,
    };
  }

  // ── statements ────────────────────────────────────────────────────────────

  private body(node: CstNode): A.Statement[] {
    const out: A.Statement[] = [];
    for (const s of this.nodes(node.children, "statement")) {
      const statement = this.statement(s);
      if (statement) out.push(statement);
    }
    return out;
  }

  private statement(node: CstNode): A.Statement | undefined {
    const c = node.children;
    const input = this.node(c, "inputStatement");
    if (input) {
      const e = this.node(input.children, "expression");
      const shape = e ? this.expression(e) : undefined;
      const span = this.nodeSpan(input);
      return shape && span ? { kind: "InputStatement", shape, span } : undefined;
    }
    const binding = this.node(c, "letStatement") ?? this.node(c, "optionStatement");
    if (binding) {
      const name = this.identifier(this.token(binding.children, "Identifier"));
      const e = this.node(binding.children, "expression");
      const value = e ? this.expression(e) : undefined;
      const span = this.nodeSpan(binding);
      if (!name || !value || !span) return undefined;
      const kind = binding.name === "letStatement" ? "LetStatement" : "OptionStatement";
      return { kind, name, value, span };
    }
    const chain = this.node(c, "chain");
    if (chain) return this.chain(chain);
    return undefined;
  }

  private chain(node: CstNode): A.ChainStatement | undefined {
    const items: A.ChainItem[] = [];
    for (const itemNode of this.nodes(node.children, "chainItem")) {
      const item = this.chainItem(itemNode);
      if (item) items.push(item);
    }
    const span = this.nodeSpan(node);
    if (items.length === 0 || !span) return undefined;
    return { kind: "ChainStatement", items, span };
  }

  private chainItem(node: CstNode): A.ChainItem | undefined {
    const c = node.children;
    const span = this.nodeSpan(node);
    if (!span) return undefined;
    let item: A.ChainItem | undefined;
    const call = this.node(c, "layerCall");
    const residual = this.node(c, "residual");
    if (call) {
      const callee = this.identifier(this.token(call.children, "Identifier"));
      if (!callee) return undefined;
      const argList = this.node(call.children, "argumentList");
      item = {
        kind: "LayerCall",
        callee,
        args: argList ? this.arguments(argList) : [],
        hasParens: argList !== undefined,
        span,
      };
    } else if (residual) {
      const keyword = this.token(residual.children, "KwResidual");
      if (!keyword) return undefined;
      const bodyNode = this.node(residual.children, "body");
      const res: A.ResidualItem = {
        kind: "ResidualItem",
        body: bodyNode ? this.body(bodyNode) : [],
        keywordSpan: this.tokenSpan(keyword),
        span,
      };
      const shortcutNode = this.node(residual.children, "shortcut");
      const shortcutSpan = shortcutNode ? this.nodeSpan(shortcutNode) : undefined;
      if (shortcutNode && shortcutSpan) {
        const shortcut: A.Shortcut = { kind: "Shortcut", body: [], span: shortcutSpan };
        const cond = this.node(shortcutNode.children, "expression");
        const condition = cond ? this.expression(cond) : undefined;
        if (condition) shortcut.condition = condition;
        const sBody = this.node(shortcutNode.children, "body");
        if (sBody) shortcut.body = this.body(sBody);
        res.shortcut = shortcut;
      }
      item = res;
    }
    if (!item) return undefined;
    const repeatNode = this.node(c, "repeat");
    const repeat = repeatNode ? this.expression(repeatNode) : undefined;
    if (repeat) item.repeat = repeat;
    const assertionNode = this.node(c, "assertion");
    const assertion = assertionNode ? this.expression(assertionNode) : undefined;
    if (assertion) item.assertion = assertion;
    return item;
  }

  private arguments(node: CstNode): A.Argument[] {
    const out: A.Argument[] = [];
    for (const a of this.nodes(node.children, "argument")) {
      const e = this.node(a.children, "expression");
      const value = e ? this.expression(e) : undefined;
      const span = this.nodeSpan(a);
      if (!value || !span) continue;
      const arg: A.Argument = { kind: "Argument", value, span };
      const hasEquals = this.token(a.children, "Equals") !== undefined;
      const name = hasEquals ? this.identifier(this.token(a.children, "Identifier")) : undefined;
      if (name) arg.name = name;
      out.push(arg);
    }
    return out;
  }

  // ── expressions ───────────────────────────────────────────────────────────

  /** An expression, or undefined if it could not be recognised or nests too deeply (NET0109). */
  expression(node: CstNode): A.Expression | undefined {
    const e = this.unboundedExpression(node);
    if (e === undefined || this.depth(e) <= MAX_EXPRESSION_DEPTH) return e;
    this.diagnostics.push(
      createDiagnostic(Diagnostics.ExpressionTooDeep, e.span, [MAX_EXPRESSION_DEPTH], {
        help: "split it into several `let` constants",
      }),
    );
    return undefined;
  }

  private unboundedExpression(node: CstNode): A.Expression | undefined {
    const c = node.children;
    // the parser's single-token fast path puts the operand token directly in `expression`
    if (c["orExpression"] === undefined) return this.primary(node);
    const operands = this.nodes(c, "orExpression").map((n) => this.binaryChain(n));
    // `a if c1 else b1 if c2 else b2` → a if c1 else (b1 if c2 else b2)
    const ifCount = (c["KwIf"] ?? []).length;
    const first = operands[0];
    if (!first) return undefined;
    if (ifCount === 0 || operands.length < 3) return first;
    const pairs = Math.floor((operands.length - 1) / 2);
    let acc = operands[2 * pairs];
    for (let k = pairs; k >= 1 && acc; k--) {
      const whenTrue = k === 1 ? first : operands[2 * (k - 1)];
      const condition = operands[2 * k - 1];
      if (!whenTrue || !condition) return first;
      acc = this.nested(
        {
          kind: "ConditionalExpression",
          whenTrue,
          condition,
          whenFalse: acc,
          span: this.source.span(whenTrue.span.start, acc.span.end),
        },
        [whenTrue, condition, acc],
      );
    }
    return acc ?? first;
  }

  /** Left-associative binary levels, unary prefixes and postfix chains, iteratively. */
  private binaryChain(node: CstNode): A.Expression | undefined {
    switch (node.name) {
      case "orExpression":
        return this.leftAssociative(node, "andExpression");
      case "andExpression":
        return this.leftAssociative(node, "notExpression");
      case "notExpression":
        return this.prefixed(node, "comparison");
      case "comparison":
        return this.leftAssociative(node, "additive");
      case "additive":
        return this.leftAssociative(node, "multiplicative");
      case "multiplicative":
        return this.leftAssociative(node, "unary");
      case "unary":
        return this.prefixed(node, "postfix");
      case "postfix":
        return this.postfix(node);
      default:
        return undefined;
    }
  }

  private leftAssociative(node: CstNode, operandRule: string): A.Expression | undefined {
    const operands = this.nodes(node.children, operandRule);
    const operators = (node.children["operator"] ?? []).filter(isToken);
    let acc = operands[0] ? this.binaryChain(operands[0]) : undefined;
    for (let i = 1; i < operands.length && acc; i++) {
      const op = real(operators[i - 1]);
      const right = this.binaryChain(operands[i]!);
      if (!op || !right) return acc;
      acc = this.nested(
        {
          kind: "BinaryExpression",
          operator: op.image as A.BinaryOperator,
          left: acc,
          right,
          operatorSpan: this.tokenSpan(op),
          span: this.source.span(acc.span.start, right.span.end),
        },
        [acc, right],
      );
    }
    return acc;
  }

  private prefixed(node: CstNode, operandRule: string): A.Expression | undefined {
    const inner = this.node(node.children, operandRule);
    let acc = inner ? this.binaryChain(inner) : undefined;
    const operators = (node.children["operator"] ?? []).filter(isToken);
    for (let i = operators.length - 1; i >= 0 && acc; i--) {
      const op = real(operators[i]);
      if (!op) continue;
      acc = this.nested(
        {
          kind: "UnaryExpression",
          operator: op.image as A.UnaryOperator,
          operand: acc,
          span: this.source.span(op.startOffset, acc.span.end),
        },
        [acc],
      );
    }
    return acc;
  }

  private postfix(node: CstNode): A.Expression | undefined {
    const p = this.node(node.children, "primary");
    let acc = p ? this.primary(p) : undefined;
    for (const member of this.tokens(node.children, "member")) {
      if (!acc) break;
      const property = this.identifier(member)!;
      acc = this.nested(
        {
          kind: "MemberExpression",
          object: acc,
          property,
          span: this.source.span(acc.span.start, property.span.end),
        },
        [acc],
      );
    }
    return acc;
  }

  private primary(node: CstNode): A.Expression | undefined {
    const c = node.children;
    const num = this.token(c, "NumberLiteral");
    if (num) return numberLiteral(num, this.tokenSpan(num));
    const str = this.token(c, "StringLiteral");
    if (str)
      return { kind: "StringLiteral", value: stringValue(str.image), span: this.tokenSpan(str) };
    const t = this.token(c, "KwTrue") ?? this.token(c, "KwFalse");
    if (t) return { kind: "BooleanLiteral", value: t.image === "true", span: this.tokenSpan(t) };
    const inToken = this.token(c, "KwIn");
    if (inToken) return { kind: "InExpression", span: this.tokenSpan(inToken) };
    const name = this.token(c, "Identifier");
    if (name) {
      const argList = this.node(c, "argumentList");
      if (!argList) return { kind: "NameExpression", name: name.image, span: this.tokenSpan(name) };
      const span = this.nodeSpan(node) ?? this.tokenSpan(name);
      const args = this.arguments(argList);
      return this.nested(
        { kind: "CallExpression", callee: this.identifier(name)!, args, span },
        args.map((a) => a.value),
      );
    }
    const list = this.node(c, "list");
    if (list) {
      const span = this.nodeSpan(list);
      if (!span) return undefined;
      const items: A.Expression[] = [];
      for (const e of this.nodes(list.children, "expression")) {
        const item = this.expression(e);
        if (item) items.push(item);
      }
      return this.nested({ kind: "ListExpression", items, span }, items);
    }
    const inner = this.node(c, "expression");
    return inner ? this.expression(inner) : undefined;
  }
}

const NUMBER_PREFIX = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/;

function numberLiteral(token: IToken, span: Span): A.NumberLiteral {
  const raw = token.image;
  // A malformed number (already reported as NET0105) stands for its longest valid prefix,
  // integer or float as that prefix is (`12abc` is 12, `1e` is 1), so that it causes no
  // second, misleading type error.
  // A literal out of range (NET0108, number-range.ts) keeps its value; the evaluator
  // treats it as already reported.
  const valid = NUMBER_PREFIX.exec(raw)?.[0] ?? "0";
  return {
    kind: "NumberLiteral",
    value: Number(valid),
    isInteger: isIntegerLiteral(valid),
    raw,
    span,
  };
}

/** First real token under a CST node (document order). */
export function firstToken(node: CstNode): IToken | undefined {
  let best: IToken | undefined;
  for (const key in node.children) {
    for (const e of node.children[key]!) {
      const t = isToken(e) ? real(e) : firstToken(e);
      if (t && (!best || t.startOffset < best.startOffset)) best = t;
    }
  }
  return best;
}

/** Last real token under a CST node (document order). */
export function lastToken(node: CstNode): IToken | undefined {
  let best: IToken | undefined;
  for (const key in node.children) {
    for (const e of node.children[key]!) {
      const t = isToken(e) ? real(e) : lastToken(e);
      if (t && (!best || t.startOffset > best.startOffset)) best = t;
    }
  }
  return best;
}
