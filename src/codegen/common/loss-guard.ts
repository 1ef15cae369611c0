import type { TrainIR } from "../../ir/ir.js";
import { findEntry } from "../../semantics/train/catalogue.js";
import { optimizers } from "../../semantics/train/optimizers.js";
import { literal } from "./literals.js";

/**
 * The loss guard of a generated train.ts (runtime/loss-guard.ts), shared by both backends:
 * `const lossGuard = …` once, `lossGuard.check(loss, …)` every step (NaN, infinite and
 * exploding losses stop the run), `lossGuard.endEpoch(…)` after each evaluation (a warning
 * at chance accuracy). The optimizer's usual learning rate, the catalogue's default, is
 * what an exploded run is told to try.
 */

export function lossGuardDeclaration(train: TrainIR | undefined): string {
  const name = train?.optimizer.name ?? "sgd";
  const lr = findEntry(optimizers, name)?.params.find((p) => p.name === "lr")?.default;
  const usualLr = typeof lr === "number" ? lr : 0.01;
  return `const lossGuard = new LossGuard({ optimizer: ${JSON.stringify(name)}, usualLr: ${literal(usualLr)} });`;
}

/** `, clipping: true` when the train section clips gradients (then clipping is not suggested). */
export function lossGuardClipping(train: TrainIR | undefined): string {
  const clips = ["clip_norm", "clip_value"].some((key) => {
    const value = train?.settings[key];
    return typeof value === "number" && value > 0;
  });
  return clips ? ", clipping: true" : "";
}

/** After the epoch's evaluation: the held-out accuracy (validation, else test) against chance. */
export const lossGuardEndEpoch =
  "lossGuard.endEpoch(epoch + 1, validationAccuracy ?? testAccuracy, splits.validation ?? splits.test);";
