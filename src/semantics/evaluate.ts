import { Diagnostics } from "../diagnostics/messages.js";
import type { DiagnosticBag } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/span.js";
import type { Shape } from "../ir/ir.js";
import type { BinaryExpression, Expression, UnaryExpression } from "../syntax/ast.js";
import { numberRangeProblem } from "../syntax/number-range.js";
import { MAX_STRING_LENGTH, MAX_VALUE_DEPTH, MAX_VALUE_SIZE } from "./limits.js";
import { didYouMean } from "./suggest.js";
import {
  type CallArgument,
  type Value,
  bool,
  describeValue,
  float,
  int,
  isNumber,
  measureValue,
  shapeValue,
  valuesEqual,
} from "./values.js";

/** Names in scope: `let` constants and parameters; lookups go innermost first. */
export class Scope {
  private readonly values = new Map<string, Value | undefined>();
  constructor(readonly parent?: Scope) {}

  define(name: string, value: Value): void {
    this.values.set(name, value);
  }

  /** A name whose definition failed (already reported): uses of it stay silent. */
  definePoisoned(name: string): void {
    this.values.set(name, undefined);
  }

  hasOwn(name: string): boolean {
    return this.values.has(name);
  }

  /** The value, `undefined` when the name is not in scope, or "poisoned". */
  lookup(name: string): Value | "poisoned" | undefined {
    if (this.values.has(name)) return this.values.get(name) ?? "poisoned";
    return this.parent?.lookup(name);
  }

  /** Every visible name, for did-you-mean. */
  names(): string[] {
    return [...this.values.keys(), ...(this.parent?.names() ?? [])];
  }
}

export interface EvalContext {
  scope: Scope;
  /** The shape entering the current statement; undefined where `in` has no meaning (train settings). */
  inShape: Shape | undefined;
  diagnostics: DiagnosticBag;
}

/**
 * Evaluate a constant expression. Returns undefined after reporting a diagnostic, so one
 * mistake is reported once rather than cascading. Never throws.
 */
export function evaluate(expr: Expression, ctx: EvalContext): Value | undefined {
  switch (expr.kind) {
    case "NumberLiteral":
      // out of range: reported at the literal by the lexer (NET0108)
      if (numberRangeProblem(expr.value, expr.isInteger) !== undefined) return undefined;
      return expr.isInteger ? int(expr.value) : float(expr.value);
    case "StringLiteral":
      return bounded({ type: "string", value: expr.value }, expr, "the string", ctx);
    case "BooleanLiteral":
      return bool(expr.value);
    case "NameExpression": {
      const found = ctx.scope.lookup(expr.name);
      if (found === "poisoned") return undefined;
      return found ?? { type: "symbol", name: expr.name };
    }
    case "InExpression":
      if (ctx.inShape === undefined) {
        ctx.diagnostics.report(
          Diagnostics.InvalidOperation,
          expr.span,
          ["`in` (the incoming shape) has no meaning here"],
          {
            help: "`in` is the shape entering a statement of a model or block body; use a number or a parameter here",
          },
        );
        return undefined;
      }
      return { type: "in", shape: ctx.inShape };
    case "ListExpression": {
      const items: Value[] = [];
      let ok = true;
      for (const item of expr.items) {
        const value = evaluate(item, ctx);
        if (value === undefined) ok = false;
        else items.push(value);
      }
      return ok ? bounded({ type: "list", items }, expr, "the list", ctx) : undefined;
    }
    case "UnaryExpression": {
      // A run of prefix operators (`- - - x`, `not not x`) is applied innermost first in a
      // loop rather than by recursion, so thousands of them cannot overflow the stack.
      const run: UnaryExpression[] = [];
      let innermost: Expression = expr;
      while (innermost.kind === "UnaryExpression") {
        run.push(innermost);
        innermost = innermost.operand;
      }
      let value = evaluate(innermost, ctx);
      for (let i = run.length - 1; i >= 0 && value !== undefined; i--)
        value = applyUnary(run[i]!, value, ctx);
      return value;
    }
    case "BinaryExpression":
      return evaluateBinary(expr, ctx);
    case "ConditionalExpression": {
      const condition = evaluate(expr.condition, ctx);
      if (condition === undefined) return undefined;
      if (condition.type !== "bool")
        return fail(ctx, expr.condition, condition, "a condition must be a boolean");
      return evaluate(condition.value ? expr.whenTrue : expr.whenFalse, ctx);
    }
    case "MemberExpression": {
      const object = evaluate(expr.object, ctx);
      if (object === undefined) return undefined;
      return member(object, expr.property.name, expr.property.span, expr.object.span, ctx);
    }
    case "CallExpression": {
      const args: CallArgument[] = expr.args.map((arg) => {
        const argument: CallArgument = { value: evaluate(arg.value, ctx), span: arg.span };
        if (arg.name !== undefined) {
          argument.name = arg.name.name;
          argument.nameSpan = arg.name.span;
        }
        return argument;
      });
      const call: Value = {
        type: "call",
        name: expr.callee.name,
        nameSpan: expr.callee.span,
        args,
      };
      return bounded(call, expr, `the call ${expr.callee.name}(…)`, ctx);
    }
  }
}

function applyUnary(expr: UnaryExpression, operand: Value, ctx: EvalContext): Value | undefined {
  if (expr.operator === "not") {
    if (operand.type === "bool") return bool(!operand.value);
    return fail(ctx, expr.operand, operand, "`not` needs a boolean");
  }
  if (isNumber(operand))
    return { type: operand.type, value: expr.operator === "-" ? -operand.value : operand.value };
  return fail(ctx, expr.operand, operand, `unary '${expr.operator}' needs a number`);
}

function fail(ctx: EvalContext, at: Expression, found: Value, what: string): undefined {
  if (found.type === "symbol") return undefinedName(ctx, found.name, at.span);
  ctx.diagnostics.report(
    Diagnostics.InvalidOperation,
    at.span,
    [`${what}, found ${describeValue(found)}`],
    {
      help: "booleans come from true, false and comparisons (==, !=, <, <=, >, >=); numbers from literals, parameters, `let` constants and `in.…`",
    },
  );
  return undefined;
}

/** NET0207 for a symbol used where a value is needed, with a did-you-mean from the names in scope. */
export function undefinedName(
  ctx: { scope: Scope; diagnostics: DiagnosticBag },
  name: string,
  span: Span,
): undefined {
  const names = [...ctx.scope.names()];
  const help =
    didYouMean(name, names) ??
    (names.length > 0
      ? `the names in scope here are ${names.join(", ")}; define others with \`let ${name} = …\` or as a parameter`
      : `define it with \`let ${name} = …\`, or make it a parameter of the block or model`);
  ctx.diagnostics.report(Diagnostics.UndefinedName, span, [name], { help });
  return undefined;
}

const inMembers: Record<string, { ranks: number[]; describe: string }> = {
  channels: { ranks: [2, 3], describe: "dim 0 of a [C, L] or [C, H, W] shape" },
  height: { ranks: [3], describe: "dim 1 of a [C, H, W] shape" },
  width: { ranks: [3], describe: "dim 2 of a [C, H, W] shape" },
  length: { ranks: [2], describe: "dim 1 of a [C, L] shape" },
  features: { ranks: [1], describe: "the size of a flat [N] shape" },
};

function member(
  object: Value,
  name: string,
  nameSpan: Span,
  objectSpan: Span,
  ctx: EvalContext,
): Value | undefined {
  if (object.type === "in") {
    const shape = object.shape;
    if (name === "shape") return shapeValue(shape);
    if (name === "rank") return int(shape.length);
    const known = inMembers[name];
    if (known !== undefined && known.ranks.includes(shape.length)) {
      const index = name === "width" ? 2 : name === "height" || name === "length" ? 1 : 0;
      return int(shape[index]!);
    }
    const help =
      known !== undefined
        ? `\`in.${name}\` is ${known.describe}, but the incoming shape is [${shape.join(", ")}]`
        : (didYouMean(name, [...Object.keys(inMembers), "shape", "rank"]) ??
          `\`in\` has: ${[...Object.keys(inMembers), "shape", "rank"].join(", ")}`);
    ctx.diagnostics.report(Diagnostics.UnknownMember, nameSpan, ["in", name], { help });
    return undefined;
  }
  if (object.type === "list" && name === "length") return int(object.items.length);
  if (object.type === "symbol") return undefinedName(ctx, object.name, objectSpan);
  ctx.diagnostics.report(Diagnostics.UnknownMember, nameSpan, [describeValue(object), name], {
    help: "only `in` (channels, height, width, length, features, shape, rank) and lists (length) have properties",
  });
  return undefined;
}

/** Python's modulo: the result has the sign of the divisor. */
const pythonMod = (a: number, b: number) => a - b * Math.floor(a / b);

function evaluateBinary(expr: BinaryExpression, ctx: EvalContext): Value | undefined {
  const op = expr.operator;
  const left = evaluate(expr.left, ctx);
  if (left === undefined) return undefined;
  // `and` / `or` short-circuit, so `stride != 1 or in.channels != out` never evaluates a needless side.
  if (op === "and" || op === "or") {
    if (left.type !== "bool") return fail(ctx, expr.left, left, `'${op}' needs booleans`);
    if (op === "and" && !left.value) return left;
    if (op === "or" && left.value) return left;
    const right = evaluate(expr.right, ctx);
    if (right === undefined) return undefined;
    if (right.type !== "bool") return fail(ctx, expr.right, right, `'${op}' needs booleans`);
    return right;
  }
  const right = evaluate(expr.right, ctx);
  if (right === undefined) return undefined;
  if (op === "==" || op === "!=") {
    const equal = valuesEqual(left, right);
    return bool(op === "==" ? equal : !equal);
  }
  // Lengths are checked before joining: doubling a string line after line would exhaust memory.
  if (op === "+" && left.type === "string" && right.type === "string") {
    const length = left.value.length + right.value.length;
    if (length > MAX_STRING_LENGTH)
      return outOfRange(ctx, expr, "joining these strings", stringTooLong(length));
    return { type: "string", value: left.value + right.value };
  }
  if (op === "+" && left.type === "list" && right.type === "list") {
    const size = measureValue(left).size + measureValue(right).size - 1;
    if (size > MAX_VALUE_SIZE)
      return outOfRange(ctx, expr, "joining these lists", valueTooLarge(size));
    return bounded(
      { type: "list", items: [...left.items, ...right.items] },
      expr,
      "joining these lists",
      ctx,
    );
  }
  if (!isNumber(left)) return fail(ctx, expr.left, left, `'${op}' needs numbers`);
  if (!isNumber(right)) return fail(ctx, expr.right, right, `'${op}' needs numbers`);
  const a = left.value;
  const b = right.value;
  const bothInt = left.type === "int" && right.type === "int";
  const number = (v: number): Value | undefined => {
    const problem = numberRangeProblem(v, bothInt);
    if (problem === undefined) return bothInt ? int(v) : float(v);
    ctx.diagnostics.report(
      Diagnostics.ValueOutOfRange,
      expr.span,
      [`${showOperand(left)} ${op} ${showOperand(right)}`, problem],
      {
        help: "no size, count or setting of a network comes near this; check the operands, e.g. the parameter values this call receives",
      },
    );
    return undefined;
  };
  switch (op) {
    case "+":
      return number(a + b);
    case "-":
      return number(a - b);
    case "*":
      return number(a * b);
    case "/":
    case "//":
    case "%":
      if (b === 0) {
        ctx.diagnostics.report(
          Diagnostics.InvalidOperation,
          expr.span,
          [`division by zero: ${showOperand(left)} ${op} 0`],
          {
            help: "the right-hand side of / // % must not be zero; check the parameter values this call receives",
          },
        );
        return undefined;
      }
      // an integer quotient is always finite; a float one may overflow
      if (op === "/") return bothInt ? float(a / b) : number(a / b);
      if (op === "//") return number(Math.floor(a / b));
      return number(pythonMod(a, b));
    case "<":
      return bool(a < b);
    case "<=":
      return bool(a <= b);
    case ">":
      return bool(a > b);
    case ">=":
      return bool(a >= b);
  }
}

/**
 * A string, list or call within the bounds of limits.ts, or undefined after NET0219: values
 * can grow exponentially through `let` (`let b = [a, a]` line after line), and everything
 * that walks them afterwards would too.
 */
function bounded(
  value: Value,
  expr: Expression,
  what: string,
  ctx: EvalContext,
): Value | undefined {
  if (value.type === "string") {
    const length = value.value.length;
    return length > MAX_STRING_LENGTH ? outOfRange(ctx, expr, what, stringTooLong(length)) : value;
  }
  const { size, depth } = measureValue(value);
  if (size > MAX_VALUE_SIZE) return outOfRange(ctx, expr, what, valueTooLarge(size));
  if (depth > MAX_VALUE_DEPTH)
    return outOfRange(
      ctx,
      expr,
      what,
      `lists and calls nest at most ${MAX_VALUE_DEPTH} deep in a value; this one would nest ${depth} deep`,
    );
  return value;
}

const stringTooLong = (length: number) =>
  `a string holds at most ${MAX_STRING_LENGTH} characters; this one would hold ${length}`;
const valueTooLarge = (size: number) =>
  `a value holds at most ${MAX_VALUE_SIZE} items, nested lists and call arguments counted in full; this one would hold ${size}`;

function outOfRange(ctx: EvalContext, expr: Expression, what: string, why: string): undefined {
  ctx.diagnostics.report(Diagnostics.ValueOutOfRange, expr.span, [what, why], {
    help: "no network needs a value this large; build it from fewer or smaller parts",
  });
  return undefined;
}

function showOperand(value: Value): string {
  return isNumber(value) ? String(value.value) : describeValue(value);
}
