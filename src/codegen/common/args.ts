import type { AttrValue, TrainIR } from "../../ir/ir.js";

/**
 * Reading evaluated arguments (of a loss, an optimizer, a schedule, a data source) and
 * train settings in the emitters. The checker fills in every default, so an emitter never
 * restates one: a missing or mistyped value is a compiler bug, reported as such.
 */
export type Args = Readonly<Record<string, AttrValue>>;

function missing(name: string, value: AttrValue | undefined, expected: string): Error {
  return new Error(
    `netc bug: the IR's argument '${name}' is ${value === undefined ? "missing" : JSON.stringify(value)}; expected ${expected}`,
  );
}

export function numberArg(args: Args, name: string): number {
  const value = args[name];
  if (typeof value !== "number") throw missing(name, value, "a number");
  return value;
}

export function flagArg(args: Args, name: string): boolean {
  const value = args[name];
  if (typeof value !== "boolean") throw missing(name, value, "true or false");
  return value;
}

/** A numeric train setting; null (how the checker leaves clip_norm and clip_value off) reads as 0, off. */
export function numberSetting(
  train: TrainIR,
  name: "clip_norm" | "clip_value" | "l1" | "l2",
): number {
  const value = train.settings[name];
  if (value === null) return 0;
  if (typeof value !== "number")
    throw missing(name, value as AttrValue | undefined, "a number or null");
  return value;
}
