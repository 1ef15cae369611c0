/**
 * Stops training with a clear message as soon as the loss is NaN or infinite, or explodes
 * (grows a thousandfold over the run's first step: sgd or adam at lr 1e6 reach 1e16–1e24
 * within a step or two and would otherwise "finish" at chance accuracy with exit code 0),
 * and warns when the held-out accuracy after an epoch is no better than chance.
 */
import { classCounts, type Dataset } from "./dataset.js";
import { NonFiniteLossError, RuntimeError } from "./errors.js";

export interface LossContext {
  /** 1-based epoch. */
  readonly epoch: number;
  /** 1-based step within the epoch. */
  readonly step: number;
  /** The learning rate in use at this step. */
  readonly lr: number;
  /** Whether gradient clipping is already on (then it is not suggested). */
  readonly clipping?: boolean;
}

/** The training loss exploded. Exit code 1 (training failed), as for a NaN loss. */
export class ExplodingLossError extends RuntimeError {
  readonly exitCode = 1;
  override readonly name = "ExplodingLossError";
}

export function nonFiniteLossMessage(loss: number, context: LossContext): string {
  const value = Number.isNaN(loss) ? "NaN" : loss > 0 ? "Infinity" : "-Infinity";
  const advice = context.clipping
    ? `lower the learning rate (now ${context.lr})`
    : `lower the learning rate (now ${context.lr}) or enable gradient clipping`;
  return `loss became ${value} at epoch ${context.epoch}, step ${context.step}; ${advice}`;
}

/** Throws NonFiniteLossError when `loss` is NaN or ±Infinity; returns it otherwise. */
export function checkFiniteLoss(loss: number, context: LossContext): number {
  if (!Number.isFinite(loss)) throw new NonFiniteLossError(nonFiniteLossMessage(loss, context));
  return loss;
}

/**
 * A loss this many times the first step's (or 1, whichever is larger) has exploded. Ordinary
 * spikes stay far below it (adam at lr 0.1 on the MLP peaks at about 100 times, then
 * recovers); a cross-entropy of a thousand needs logits in the thousands. The floor of 1 keeps
 * a resumed, well-trained run (first loss 0.001) from stopping at a harmless rise.
 */
export const EXPLODED_FACTOR = 1000;

export interface LossGuardOptions {
  /** The optimizer's name, for the advice ("adam's usual"). */
  readonly optimizer: string;
  /** The optimizer's usual learning rate (the catalogue's default), suggested when the run's is higher. */
  readonly usualLr: number;
  /** Where warnings go; default: a line on stderr. */
  readonly warn?: (warning: string) => void;
}

/** One per run: remembers the first step's loss and whether the chance warning was given. */
export class LossGuard {
  private first: number | undefined;
  private warned = false;

  constructor(private readonly options: LossGuardOptions) {}

  /** Returns `loss`; throws NonFiniteLossError (NaN, ±Infinity) or ExplodingLossError. */
  check(loss: number, context: LossContext): number {
    checkFiniteLoss(loss, context);
    if (this.first === undefined) {
      this.first = loss;
      return loss;
    }
    if (loss > EXPLODED_FACTOR * Math.max(1, this.first)) {
      throw new ExplodingLossError(
        `the loss exploded at epoch ${context.epoch}, step ${context.step}: ${formatLoss(loss)}, ` +
          `over 1,000 times the first step's ${formatLoss(this.first)}; ${this.advice(context)}`,
      );
    }
    return loss;
  }

  /**
   * After an epoch: warns (once per run) when `accuracy` on `dataset` is no better than
   * chance, that is within a tenth of the way from always answering the most frequent class
   * to a perfect score.
   */
  endEpoch(epoch: number, accuracy: number, dataset: Dataset): void {
    if (this.warned || !Number.isFinite(accuracy) || dataset.count === 0) return;
    const chance = Math.max(...classCounts(dataset)) / dataset.count;
    if (accuracy > chance + (1 - chance) / 10) return;
    this.warned = true;
    const warn = this.options.warn ?? ((text: string) => process.stderr.write(`train: ${text}\n`));
    warn(
      `warning: after epoch ${epoch} the accuracy is ${percent(accuracy)}, no better than chance ` +
        `(${percent(chance)}, always answering the most frequent class); ` +
        "the model is not learning: the learning rate may be far too high or too low",
    );
  }

  private advice(context: LossContext): string {
    const { optimizer, usualLr } = this.options;
    const lower =
      context.lr > usualLr
        ? `try --lr ${usualLr} (${optimizer}'s usual) or lower`
        : `try --lr ${Number((context.lr / 10).toPrecision(3))}`;
    const clipping = context.clipping ? "" : ", or enable gradient clipping";
    return `the learning rate ${context.lr} is too high: ${lower}${clipping}`;
  }
}

/** Three significant digits, in exponent form only for very large or small values. */
function formatLoss(value: number): string {
  const magnitude = Math.abs(value);
  return magnitude >= 1e6 || (magnitude > 0 && magnitude < 1e-3)
    ? value.toPrecision(3)
    : String(Number(value.toPrecision(3)));
}

function percent(fraction: number): string {
  return `${(100 * fraction).toFixed(2)}%`;
}
