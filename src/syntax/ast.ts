import type { Span } from "../diagnostics/span.js";

/**
 * The abstract syntax tree of a .net file. Every node keeps its source span; the
 * parser recovers from errors, so a tree may be partial (fields that the parser could
 * not fill are absent, never invented).
 */

export interface Identifier {
  kind: "Identifier";
  name: string;
  span: Span;
}

// ── expressions ─────────────────────────────────────────────────────────────

export type Expression =
  | NumberLiteral
  | StringLiteral
  | BooleanLiteral
  | NameExpression
  | InExpression
  | ListExpression
  | UnaryExpression
  | BinaryExpression
  | ConditionalExpression
  | MemberExpression
  | CallExpression;

export interface NumberLiteral {
  kind: "NumberLiteral";
  value: number;
  /** True for `64`, false for `64.0` or `1e-3`: integers and floats are distinct types. */
  isInteger: boolean;
  raw: string;
  span: Span;
}

export interface StringLiteral {
  kind: "StringLiteral";
  value: string;
  span: Span;
}

export interface BooleanLiteral {
  kind: "BooleanLiteral";
  value: boolean;
  span: Span;
}

/**
 * A bare name. It refers to a parameter or `let` constant in scope; where none is in
 * scope it is a symbol (`same`, `cross_entropy`, `he_normal`, `floor`) and the consumer
 * decides whether that symbol is acceptable.
 */
export interface NameExpression {
  kind: "NameExpression";
  name: string;
  span: Span;
}

/** `in`: the shape flowing into the current statement of a block (`in.channels`). */
export interface InExpression {
  kind: "InExpression";
  span: Span;
}

export interface ListExpression {
  kind: "ListExpression";
  items: Expression[];
  span: Span;
}

export type UnaryOperator = "-" | "+" | "not";

export interface UnaryExpression {
  kind: "UnaryExpression";
  operator: UnaryOperator;
  operand: Expression;
  span: Span;
}

export type BinaryOperator =
  "+" | "-" | "*" | "/" | "//" | "%" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "and" | "or";

export interface BinaryExpression {
  kind: "BinaryExpression";
  operator: BinaryOperator;
  left: Expression;
  right: Expression;
  operatorSpan: Span;
  span: Span;
}

/** `a if condition else b` (Python's form). */
export interface ConditionalExpression {
  kind: "ConditionalExpression";
  whenTrue: Expression;
  condition: Expression;
  whenFalse: Expression;
  span: Span;
}

/** `in.channels`, `in.shape`. */
export interface MemberExpression {
  kind: "MemberExpression";
  object: Expression;
  property: Identifier;
  span: Span;
}

/** A call in expression position: `mnist(validation = 0.1)`, `sgd(lr = 0.01)`, `max(a, b)`. */
export interface CallExpression {
  kind: "CallExpression";
  callee: Identifier;
  args: Argument[];
  span: Span;
}

export interface Argument {
  kind: "Argument";
  /** Present for named arguments (`pad = 2`). */
  name?: Identifier;
  value: Expression;
  span: Span;
}

// ── statements inside a model or block body ─────────────────────────────────

export type Statement = InputStatement | ChainStatement | LetStatement | OptionStatement;

/** `input [1, 28, 28]` */
export interface InputStatement {
  kind: "InputStatement";
  shape: Expression;
  span: Span;
}

/** `conv2d(6, 5) -> relu -> maxpool(2)`: one or more items joined by `->`. */
export interface ChainStatement {
  kind: "ChainStatement";
  items: ChainItem[];
  span: Span;
}

/** `let width = 64` */
export interface LetStatement {
  kind: "LetStatement";
  name: Identifier;
  value: Expression;
  span: Span;
}

/** `option rounding = floor`: a model-wide setting. */
export interface OptionStatement {
  kind: "OptionStatement";
  name: Identifier;
  value: Expression;
  span: Span;
}

export type ChainItem = LayerCall | ResidualItem;

interface ChainItemSuffixes {
  /** `basic(64) * 2` */
  repeat?: Expression;
  /** `dense(120) : [120]` */
  assertion?: Expression;
}

/** A layer or block use: `relu`, `conv2d(6, 5, pad = 2)`, `basic(64)`. */
export interface LayerCall extends ChainItemSuffixes {
  kind: "LayerCall";
  callee: Identifier;
  args: Argument[];
  /** Whether parentheses were written (`relu` vs `relu()`), for the formatter. */
  hasParens: boolean;
  span: Span;
}

/** `residual { … } shortcut if cond { … }` */
export interface ResidualItem extends ChainItemSuffixes {
  kind: "ResidualItem";
  body: Statement[];
  shortcut?: Shortcut;
  keywordSpan: Span;
  span: Span;
}

export interface Shortcut {
  kind: "Shortcut";
  condition?: Expression;
  body: Statement[];
  span: Span;
}

// ── top-level declarations ──────────────────────────────────────────────────

export type Declaration =
  ImportDeclaration | ModelDeclaration | BlockDeclaration | TrainDeclaration;

export interface Parameter {
  kind: "Parameter";
  name: Identifier;
  default?: Expression;
  span: Span;
}

/** `import "blocks.net"` */
export interface ImportDeclaration {
  kind: "ImportDeclaration";
  path: StringLiteral;
  span: Span;
}

export interface ModelDeclaration {
  kind: "ModelDeclaration";
  name: Identifier;
  params: Parameter[];
  body: Statement[];
  span: Span;
}

export interface BlockDeclaration {
  kind: "BlockDeclaration";
  name: Identifier;
  params: Parameter[];
  body: Statement[];
  span: Span;
}

/** `train LeNet5 { data = mnist() … }` or `train ResNet18(classes = 100) { … }` */
export interface TrainDeclaration {
  kind: "TrainDeclaration";
  model: Identifier;
  args: Argument[];
  settings: TrainSetting[];
  span: Span;
}

export interface TrainSetting {
  kind: "TrainSetting";
  key: Identifier;
  value: Expression;
  span: Span;
}

/** A `#` comment, kept for the formatter and the language server. */
export interface Comment {
  text: string;
  span: Span;
}

export interface SourceFileNode {
  kind: "SourceFile";
  path: string;
  declarations: Declaration[];
  comments: Comment[];
  span: Span;
}
