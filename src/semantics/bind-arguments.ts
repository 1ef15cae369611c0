import { Diagnostics } from "../diagnostics/messages.js";
import type { DiagnosticBag } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/span.js";
import type { AttrValue } from "../ir/ir.js";
import type { ArgType, ParamSpec } from "../layers/shared/definition.js";
import { type Scope, undefinedName } from "./evaluate.js";
import { didYouMean } from "./suggest.js";
import { type CallArgument, type Value, describeValue, isNumber, toAttr } from "./values.js";

/** The result of matching a call's arguments to a parameter list. */
export interface BoundArguments {
  /** Every parameter: the given value converted to its type, or its default. */
  values: Record<string, AttrValue>;
  /** The raw values as given (for block parameters, which keep full Values). */
  raw: Map<string, Value>;
  spans: Map<string, Span>;
  /** False when any argument was reported; the caller then skips the layer's shape rule. */
  ok: boolean;
}

export interface BindOptions {
  /** How the callee is named in messages: "conv2d", "block 'basic'", "mnist". */
  callee: string;
  calleeSpan: Span;
  /** Only the first `positional` parameters may be given by position (per-layer options are named-only). */
  positional?: number;
  scope: Scope;
  diagnostics: DiagnosticBag;
}

/**
 * Match arguments to parameters: positional first, then named (NET0212), no unknown
 * names (NET0202, with did-you-mean), no duplicates (NET0204), not too many positional
 * ones (NET0206), nothing required missing (NET0203), each of the right type (NET0205,
 * NET0207 for an undefined name where a number is expected) and value (NET0210).
 * Parameters with `type` undefined accept any value (block parameters).
 */
export function bindArguments(
  args: readonly CallArgument[],
  params: readonly (Omit<ParamSpec, "type"> & { type?: ArgType })[],
  options: BindOptions,
): BoundArguments {
  const { diagnostics } = options;
  const bound: BoundArguments = { values: {}, raw: new Map(), spans: new Map(), ok: true };
  const positionalLimit = options.positional ?? params.length;
  let seenNamed = false;
  let positionalIndex = 0;
  const given = new Map<string, CallArgument>();

  for (const arg of args) {
    if (arg.name === undefined) {
      if (seenNamed) {
        const intended = params[positionalIndex];
        diagnostics.report(Diagnostics.PositionalAfterNamed, arg.span, [], {
          help:
            intended !== undefined && positionalIndex < positionalLimit
              ? `move it before the named arguments, or name it: ${intended.name} = …`
              : "move it before the named arguments, or give it a name",
        });
        bound.ok = false;
        continue;
      }
      if (positionalIndex >= positionalLimit) {
        // reported once, at the first one too many (counting them all once, not per argument)
        if (positionalIndex === positionalLimit)
          diagnostics.report(
            Diagnostics.TooManyArguments,
            arg.span,
            [options.callee, positionalLimit, args.filter((a) => a.name === undefined).length],
            {
              help:
                positionalLimit === 0
                  ? `${options.callee} takes no positional arguments`
                  : `its positional parameters are ${params
                      .slice(0, positionalLimit)
                      .map((p) => p.name)
                      .join(", ")}`,
            },
          );
        positionalIndex++;
        bound.ok = false;
        continue;
      }
      given.set(params[positionalIndex]!.name, arg);
      positionalIndex++;
      continue;
    }
    seenNamed = true;
    const param = params.find((p) => p.name === arg.name);
    if (param === undefined) {
      const names = params.map((p) => p.name);
      const help =
        didYouMean(arg.name, names) ??
        (names.length === 0
          ? `${calleeName(options.callee)} takes no arguments`
          : `${calleeName(options.callee)} takes: ${names.join(", ")}`);
      diagnostics.report(
        Diagnostics.UnknownArgument,
        arg.nameSpan ?? arg.span,
        [options.callee, arg.name],
        { help },
      );
      bound.ok = false;
      continue;
    }
    if (given.has(arg.name)) {
      const first = given.get(arg.name)!;
      diagnostics.report(Diagnostics.DuplicateArgument, arg.nameSpan ?? arg.span, [arg.name], {
        labels: [
          {
            span: first.span,
            message:
              first.name === undefined ? "first given here, by position" : "first given here",
          },
        ],
        help: "keep one of the two and remove the other",
      });
      bound.ok = false;
      continue;
    }
    given.set(arg.name, arg);
  }

  for (const param of params) {
    const arg = given.get(param.name);
    if (arg === undefined) {
      if (param.default === undefined) {
        diagnostics.report(
          Diagnostics.MissingArgument,
          options.calleeSpan,
          [options.callee, param.name],
          {
            notes: [`${param.name}: ${param.doc}`],
            help: `give '${param.name}': ${signature(calleeName(options.callee), params, positionalLimit)}`,
          },
        );
        bound.ok = false;
      } else {
        bound.values[param.name] = param.default;
      }
      continue;
    }
    const valueSpan = arg.span;
    bound.spans.set(param.name, valueSpan);
    if (arg.value === undefined) {
      bound.ok = false;
      continue;
    }
    bound.raw.set(param.name, arg.value);
    if (param.type === undefined) {
      bound.values[param.name] = toAttr(arg.value);
      continue;
    }
    const converted = convert(arg.value, param.type, param.name, options, valueSpan, param.default);
    if (converted === undefined) bound.ok = false;
    else bound.values[param.name] = converted;
  }
  return bound;
}

/** The bare name of a callee: "basic" for "block 'basic'". */
function calleeName(callee: string): string {
  return /'([^']+)'/.exec(callee)?.[1] ?? callee;
}

/**
 * "conv2d(filters, kernel, stride = 1, …)": the parameters that may be given by position
 * and any other required ones, for help lines; named-only options are left to "…".
 */
export function signature(
  name: string,
  params: readonly { name: string; default?: AttrValue }[],
  positional = params.length,
): string {
  const shown = params.filter((p, i) => i < positional || p.default === undefined);
  const parts = shown.map((p) =>
    p.default === undefined
      ? p.name
      : `${p.name} = ${p.default === null ? "…" : showDefault(p.default)}`,
  );
  if (shown.length < params.length) parts.push("…");
  return `${name}(${parts.join(", ")})`;
}

function showDefault(value: AttrValue): string {
  if (Array.isArray(value)) return `[${value.map(showDefault).join(", ")}]`;
  return String(value);
}

/** An example of a valid value of a type, for help lines. */
function exampleOf(type: ArgType): string {
  switch (type.kind) {
    case "int":
      return `${Math.max(type.min ?? 1, 1)}`;
    case "float":
      return type.min !== undefined && type.min > 0 ? `${type.min * 2}` : "0.5";
    case "bool":
      return "true";
    case "string":
      return '"c1"';
    case "symbol":
      return type.options[0]!;
    case "intOrSymbol":
      return `1 or ${type.options[0]}`;
    case "ints":
      return "3 or [3, 3]";
    case "shape":
      return "[16, 5, 5]";
    case "table":
      return "[[0, 1], [1, 2]]";
    case "floats":
      return "0.5 or [0.1307, 0.3081]";
  }
}

/** "an integer ≥ 1", for messages. */
export function describeType(type: ArgType): string {
  switch (type.kind) {
    case "int":
      return "an integer";
    case "float":
      return "a number";
    case "bool":
      return "true or false";
    case "string":
      return "a string";
    case "symbol":
      return `one of ${type.options.join(", ")}`;
    case "intOrSymbol":
      return `an integer or ${type.options.join(", ")}`;
    case "ints":
      return "an integer or a list of integers";
    case "shape":
      return "a shape (a list of positive integers)";
    case "table":
      return "a list of lists of integers";
    case "floats":
      return "a number or a list of numbers";
  }
}

function convert(
  value: Value,
  type: ArgType,
  name: string,
  options: BindOptions,
  span: Span,
  fallback: AttrValue | undefined,
): AttrValue | undefined {
  const { diagnostics } = options;
  // the default is the best example of a valid value, when there is one (built only for a
  // message: this runs for every argument of every layer)
  const example = () =>
    fallback !== undefined && fallback !== null ? showDefault(fallback) : exampleOf(type);
  const wholeNumberWanted =
    type.kind === "int" || type.kind === "ints" || type.kind === "intOrSymbol";
  const wrongType = (): undefined => {
    diagnostics.report(
      Diagnostics.ArgumentType,
      span,
      [name, options.callee, describeType(type), describeValue(value)],
      {
        help:
          value.type === "float" && wholeNumberWanted && Number.isInteger(value.value)
            ? `integers and floats are distinct; write it without the decimal point: ${name} = ${value.value}`
            : `for example: ${name} = ${example()}`,
      },
    );
    return undefined;
  };
  const badValue = (text: string, help?: string): undefined => {
    diagnostics.report(Diagnostics.InvalidArgumentValue, span, [name, options.callee, text], {
      help: help ?? `for example: ${name} = ${example()}`,
    });
    return undefined;
  };
  const numeric =
    type.kind === "int" ||
    type.kind === "float" ||
    type.kind === "ints" ||
    type.kind === "shape" ||
    type.kind === "floats" ||
    type.kind === "table";
  if (value.type === "symbol" && numeric)
    return undefinedName({ scope: options.scope, diagnostics }, value.name, span);
  const checkInt = (v: Value, min: number | undefined): number | undefined | "wrong" => {
    if (v.type !== "int") return "wrong";
    if (min !== undefined && v.value < min)
      return badValue(`must be at least ${min}, found ${v.value}`);
    return v.value;
  };

  switch (type.kind) {
    case "int": {
      const r = checkInt(value, type.min);
      return r === "wrong" ? wrongType() : r;
    }
    case "float": {
      if (!isNumber(value)) return wrongType();
      const v = value.value;
      if (type.min !== undefined && (type.minExclusive ? v <= type.min : v < type.min))
        return badValue(
          `must be ${type.minExclusive ? "greater than" : "at least"} ${type.min}, found ${v}`,
        );
      if (type.max !== undefined && v > type.max)
        return badValue(`must be at most ${type.max}, found ${v}`);
      return v;
    }
    case "bool":
      return value.type === "bool" ? value.value : wrongType();
    case "string":
      return value.type === "string" ? value.value : wrongType();
    case "symbol": {
      if (value.type !== "symbol" && value.type !== "string") return wrongType();
      const text = value.type === "symbol" ? value.name : value.value;
      if (!type.options.includes(text)) {
        return badValue(
          `must be one of ${type.options.join(", ")}, found ${text}`,
          didYouMean(text, type.options),
        );
      }
      return text;
    }
    case "intOrSymbol": {
      if (value.type === "symbol") {
        if (type.options.includes(value.name)) return value.name;
        return badValue(
          `must be an integer or ${type.options.join(", ")}, found ${value.name}`,
          didYouMean(value.name, type.options),
        );
      }
      const r = checkInt(value, type.min);
      return r === "wrong" ? wrongType() : r;
    }
    case "ints": {
      if (value.type === "list") {
        if (value.items.length === 0) return wrongType();
        const out: number[] = [];
        for (const item of value.items) {
          const r = checkInt(item, type.min);
          if (r === "wrong") return wrongType();
          if (r === undefined) return undefined;
          out.push(r);
        }
        return out;
      }
      const r = checkInt(value, type.min);
      return r === "wrong" ? wrongType() : r;
    }
    case "shape": {
      const shape =
        value.type === "in"
          ? {
              type: "list" as const,
              items: value.shape.map((v) => ({ type: "int" as const, value: v })),
            }
          : value;
      if (shape.type !== "list" || shape.items.length === 0) return wrongType();
      const out: number[] = [];
      for (const item of shape.items) {
        if (item.type !== "int") return wrongType();
        if (item.value < 1) return badValue(`must have positive sizes, found ${item.value}`);
        out.push(item.value);
      }
      return out;
    }
    case "table": {
      if (value.type !== "list") return wrongType();
      const rows: number[][] = [];
      for (const row of value.items) {
        if (row.type !== "list" || !row.items.every((i) => i.type === "int")) return wrongType();
        rows.push(row.items.map((i) => (i as { value: number }).value));
      }
      return rows;
    }
    case "floats": {
      if (isNumber(value)) return value.value;
      if (value.type !== "list" || value.items.length === 0) return wrongType();
      const out: number[] = [];
      for (const item of value.items) {
        if (!isNumber(item)) return wrongType();
        out.push(item.value);
      }
      return out;
    }
  }
}
