import type { Attrs, Shape } from "../../ir/ir.js";
import type { OutputMeaning, ParamSpec } from "../../layers/shared/definition.js";

/**
 * A train entry: one of the data sources, losses, optimizers or schedules a train section
 * names (`loss = cross_entropy`), with its parameters and the seed-cited defaults; data the
 * checker binds arguments against and the backends read.
 */
export interface TrainEntry {
  name: string;
  doc: string;
  params: readonly ParamSpec[];
  /** Where the defaults come from (a seed and its algorithm), for the README and hover. */
  source?: string;
  /** Other names accepted for this entry (`bce` for binary_cross_entropy); the IR always carries `name`. */
  aliases?: readonly string[];
}

export interface DatasetEntry extends TrainEntry {
  /** The shape of one sample, channels-first, after the dataset's own arguments (e.g. resize). */
  sampleShape(args: Attrs): Shape;
  classes(args: Attrs): number;
}

export interface LossEntry extends TrainEntry {
  /** What the loss expects the model to output. */
  expects: "logits" | "log_probabilities" | "probabilities" | "values";
  /** Targets are class indices (the output size must equal the class count). */
  classification: boolean;
  /**
   * A classification loss: what its input may mean as a model's last layer's output
   * (src/layers/shared/definition.ts); any other is a warning the layer's definition names.
   */
  accepts?: readonly OutputMeaning[];
}

export function findEntry<T extends TrainEntry>(
  entries: readonly T[],
  name: string,
): T | undefined {
  return entries.find((e) => e.name === name || (e.aliases?.includes(name) ?? false));
}
