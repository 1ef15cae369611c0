import type { AttrValue } from "../../ir/ir.js";

/**
 * Reading evaluated arguments (of a loss, an optimizer, a schedule, a data source) in the
 * emitters. The checker fills in every default, so the fallbacks only matter for IR
 * built by hand, as some tests do.
 */
export type Args = Readonly<Record<string, AttrValue>>;

/** A numeric argument, or `fallback` when it is absent or not a number. */
export function numberArg(args: Args, name: string, fallback: number): number {
  const value = args[name];
  return typeof value === "number" ? value : fallback;
}

/** A boolean argument that is on only when given as `true`. */
export function flagArg(args: Args, name: string): boolean {
  return args[name] === true;
}
