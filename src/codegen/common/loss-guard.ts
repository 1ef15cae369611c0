import type { TrainIR } from "../../ir/ir.js";
import { tsString } from "./escape.js";
import { literal } from "./literals.js";

/**
 * The loss guard of a generated train.ts (runtime/loss-guard.ts), shared by both backends:
 * `const lossGuard = …` once, `lossGuard.check(loss, …)` every step (NaN, infinite and
 * exploding losses stop the run), `lossGuard.endEpoch(…)` after each evaluation (a warning
 * at chance accuracy). The optimizer's usual learning rate (its default, carried by the IR) is
 * what an exploded run is told to try.
 */

export function lossGuardDeclaration(train: TrainIR): string {
  return `const lossGuard = new LossGuard({ optimizer: ${tsString(train.optimizer.name)}, usualLr: ${literal(train.usualLearningRate)} });`;
}

/** `, clipping: true` when the train section clips gradients (then clipping is not suggested). */
export function lossGuardClipping(train: TrainIR): string {
  const clips = ["clip_norm", "clip_value"].some((key) => {
    const value = train.settings[key];
    return typeof value === "number" && value > 0;
  });
  return clips ? ", clipping: true" : "";
}

/** After the epoch's evaluation: the held-out accuracy (validation, else test) against chance. */
export const lossGuardEndEpoch =
  "lossGuard.endEpoch(epoch + 1, validationAccuracy ?? testAccuracy, splits.validation ?? splits.test);";
