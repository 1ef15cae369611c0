import { describe, expect, it } from "vitest";
import { NonFiniteLossError, RuntimeError } from "../../src/runtime/errors.js";
import { ExplodingLossError, LossGuard } from "../../src/runtime/loss-guard.js";
import type { Dataset } from "../../src/runtime/dataset.js";

/**
 * The loss guard stops a run whose loss explodes (sgd or adam at lr 1e6 drove the loss to
 * 1e16–1e24 and the accuracy to chance, and the run ended with exit 0), and warns once when
 * the held-out accuracy after an epoch is no better than chance.
 */

function failure(action: () => unknown): RuntimeError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(RuntimeError);
    return error as RuntimeError;
  }
  throw new Error("expected a RuntimeError");
}

function labelled(labels: number[], classes = 10): Dataset {
  return {
    name: "test",
    images: new Float32Array(labels.length),
    labels: Uint8Array.from(labels),
    count: labels.length,
    shape: [1, 1, 1],
    classes,
  };
}

describe("an exploding loss", () => {
  // the per-step losses of models/mlp.net with adam(lr = 1e6), loops backend
  const adam = [2.34, 2.59e16, 1.77e16];

  it("stops at the first step whose loss is over 1,000 times the first step's, naming it and a learning rate", () => {
    const guard = new LossGuard({ optimizer: "adam", usualLr: 0.001 });
    expect(guard.check(adam[0]!, { epoch: 1, step: 1, lr: 1e6 })).toBe(2.34);
    const error = failure(() => guard.check(adam[1]!, { epoch: 1, step: 2, lr: 1e6 }));
    expect(error).toBeInstanceOf(ExplodingLossError);
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe(
      "the loss exploded at epoch 1, step 2: 2.59e+16, over 1,000 times the first step's 2.34; " +
        "the learning rate 1000000 is too high: try --lr 0.001 (adam's usual) or lower, or enable gradient clipping",
    );
  });

  it("suggests a tenth of the learning rate when it is already at or below the optimizer's usual one", () => {
    const guard = new LossGuard({ optimizer: "sgd", usualLr: 0.01 });
    guard.check(2.3, { epoch: 3, step: 7, lr: 0.01 });
    expect(
      failure(() => guard.check(4000, { epoch: 3, step: 8, lr: 0.01, clipping: true })).message,
    ).toBe(
      "the loss exploded at epoch 3, step 8: 4000, over 1,000 times the first step's 2.3; " +
        "the learning rate 0.01 is too high: try --lr 0.001",
    );
  });

  it("lets ordinary spikes through (adam at lr 0.1 peaks at 263 from 2.34, then recovers)", () => {
    const guard = new LossGuard({ optimizer: "adam", usualLr: 0.001 });
    for (const [i, loss] of [2.34, 263, 217, 53, 2.45].entries())
      expect(guard.check(loss, { epoch: 1, step: i + 1, lr: 0.1 })).toBe(loss);
  });

  it("measures from at least 1, so a small first loss (a resumed, well-trained run) is not a hair trigger", () => {
    const guard = new LossGuard({ optimizer: "sgd", usualLr: 0.01 });
    guard.check(0.001, { epoch: 5, step: 1, lr: 0.01 });
    expect(guard.check(900, { epoch: 5, step: 2, lr: 0.01 })).toBe(900);
    expect(() => guard.check(1001, { epoch: 5, step: 3, lr: 0.01 })).toThrow(ExplodingLossError);
  });

  it("still reports NaN and infinite losses as before", () => {
    const guard = new LossGuard({ optimizer: "sgd", usualLr: 0.01 });
    expect(failure(() => guard.check(NaN, { epoch: 1, step: 1, lr: 0.5 }))).toBeInstanceOf(
      NonFiniteLossError,
    );
  });
});

describe("accuracy at chance level after an epoch", () => {
  const balanced = labelled(Array.from({ length: 100 }, (_, i) => i % 10));

  it("warns once, naming the epoch, the accuracy and chance", () => {
    const warnings: string[] = [];
    const guard = new LossGuard({ optimizer: "sgd", usualLr: 0.01, warn: (w) => warnings.push(w) });
    guard.endEpoch(1, 0.12, balanced);
    guard.endEpoch(2, 0.11, balanced);
    expect(warnings).toEqual([
      "warning: after epoch 1 the accuracy is 12.00%, no better than chance (10.00%, always answering the most frequent class); " +
        "the model is not learning: the learning rate may be far too high or too low",
    ]);
  });

  it("is quiet for a model that learns, and measures chance by the most frequent class", () => {
    const warnings: string[] = [];
    const guard = new LossGuard({ optimizer: "sgd", usualLr: 0.01, warn: (w) => warnings.push(w) });
    guard.endEpoch(1, 0.3, balanced);
    // 90 of 100 labels are class 0: 91% is chance level there, 95% is not
    const skewed = labelled([...new Array(90).fill(0), ...new Array(10).fill(1)], 2);
    guard.endEpoch(2, 0.95, skewed);
    expect(warnings).toEqual([]);
    guard.endEpoch(3, 0.905, skewed);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(
      "after epoch 3 the accuracy is 90.50%, no better than chance (90.00%",
    );
  });
});
