import type { Argument, Expression } from "./ast.js";

/**
 * Canonical text of an expression. Parentheses are not kept in the AST, so they are
 * re-inserted exactly where precedence needs them.
 */

const enum Prec {
  Conditional = 1,
  Or = 2,
  And = 3,
  Not = 4,
  Comparison = 5,
  Additive = 6,
  Multiplicative = 7,
  Unary = 8,
  Postfix = 9,
  Primary = 10,
}

const BINARY_PRECEDENCE: Record<string, Prec> = {
  or: Prec.Or,
  and: Prec.And,
  "==": Prec.Comparison,
  "!=": Prec.Comparison,
  "<": Prec.Comparison,
  "<=": Prec.Comparison,
  ">": Prec.Comparison,
  ">=": Prec.Comparison,
  "+": Prec.Additive,
  "-": Prec.Additive,
  "*": Prec.Multiplicative,
  "/": Prec.Multiplicative,
  "//": Prec.Multiplicative,
  "%": Prec.Multiplicative,
};

function precedence(e: Expression): Prec {
  switch (e.kind) {
    case "ConditionalExpression":
      return Prec.Conditional;
    case "BinaryExpression":
      return BINARY_PRECEDENCE[e.operator] ?? Prec.Primary;
    case "UnaryExpression":
      return e.operator === "not" ? Prec.Not : Prec.Unary;
    case "MemberExpression":
      return Prec.Postfix;
    default:
      return Prec.Primary;
  }
}

export interface ExpressionStyle {
  /** `pad=2` (layer calls) rather than `lr = 0.01` (everything else). */
  compactNamedArguments: boolean;
}

export function printExpression(
  e: Expression,
  style: ExpressionStyle,
  min: Prec = Prec.Conditional,
): string {
  const text = printUnparenthesised(e, style);
  return precedence(e) < min ? `(${text})` : text;
}

function printUnparenthesised(e: Expression, style: ExpressionStyle): string {
  switch (e.kind) {
    case "NumberLiteral":
      return e.raw;
    case "StringLiteral":
      return quoteString(e.value);
    case "BooleanLiteral":
      return e.value ? "true" : "false";
    case "NameExpression":
      return e.name;
    case "InExpression":
      return "in";
    case "ListExpression":
      return `[${e.items.map((i) => printExpression(i, style)).join(", ")}]`;
    case "UnaryExpression": {
      if (e.operator === "not") return `not ${printExpression(e.operand, style, Prec.Not)}`;
      const operand = printExpression(e.operand, style, Prec.Unary);
      // `- -x`, not `--x`
      return operand.startsWith("-") || operand.startsWith("+")
        ? `${e.operator} ${operand}`
        : `${e.operator}${operand}`;
    }
    case "BinaryExpression": {
      const p = BINARY_PRECEDENCE[e.operator]!;
      const nonAssociative = p === Prec.Comparison;
      const left = printExpression(e.left, style, nonAssociative ? p + 1 : p);
      const right = printExpression(e.right, style, p + 1);
      return `${left} ${e.operator} ${right}`;
    }
    case "ConditionalExpression":
      return `${printExpression(e.whenTrue, style, Prec.Or)} if ${printExpression(e.condition, style, Prec.Or)} else ${printExpression(e.whenFalse, style, Prec.Conditional)}`;
    case "MemberExpression":
      return `${printExpression(e.object, style, Prec.Postfix)}.${e.property.name}`;
    case "CallExpression":
      return `${e.callee.name}(${printArguments(e.args, style)})`;
  }
}

export function printArguments(args: readonly Argument[], style: ExpressionStyle): string {
  const equals = style.compactNamedArguments ? "=" : " = ";
  return args
    .map((a) =>
      a.name
        ? `${a.name.name}${equals}${printExpression(a.value, style)}`
        : printExpression(a.value, style),
    )
    .join(", ");
}

export function quoteString(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\t/g, "\\t")}"`;
}
