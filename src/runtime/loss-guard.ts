/** Stops training with a clear message as soon as the loss is NaN or infinite. */
import { NonFiniteLossError } from "./errors.js";

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
