import type { Configured, TrainIR } from "../../ir/ir.js";
import { numberArg } from "./args.js";
import { literal } from "./literals.js";

/**
 * Early stopping in a generated train.ts, shared by both backends (moved from
 * tfjs/emit-train.ts). The emitted statements use these names from the script:
 * `stopper` ({ best, badEpochs, bestTensors }), `model` (getTensors), `splits`,
 * `validationAccuracy`, `lossOn(model, dataset)` (awaited), `progress`, `epoch`
 * and `stoppedAt`.
 */

/** early_stopping(metric, patience, min_delta) from the train section, if any. */
export function earlyStopping(
  train: TrainIR,
): { metric: string; patience: number; minDelta: number } | undefined {
  const setting = train.settings.early_stopping;
  if (setting === undefined) return undefined;
  const { args } = setting as Configured;
  return {
    metric: String(args.metric),
    patience: numberArg(args, "patience"),
    minDelta: numberArg(args, "min_delta"),
  };
}

/** After validation: compare the watched metric with the best so far and keep the best weights. */
export function stoppingCheck(stopping: ReturnType<typeof earlyStopping>): string {
  if (stopping === undefined) return "";
  const compare =
    stopping.metric === "val_loss"
      ? `const value = await lossOn(model, splits.validation);
        const improved = stopper.best === null || value < stopper.best - ${literal(stopping.minDelta)};`
      : `const value = validationAccuracy ?? 0;
        const improved = stopper.best === null || value > stopper.best + ${literal(stopping.minDelta)};`;
  return `// early_stopping(metric = ${stopping.metric}, patience = ${stopping.patience}, min_delta = ${stopping.minDelta}) (seed 000's 提前终止): keep the best weights
      if (splits.validation !== null) {
        ${compare}
        if (improved) {
          stopper.best = value;
          stopper.badEpochs = 0;
          stopper.bestTensors = model.getTensors();
        } else stopper.badEpochs++;
      }`;
}

/** After the checkpoint: stop once the metric has not improved for `patience` epochs. */
export function stoppingBreak(stopping: ReturnType<typeof earlyStopping>): string {
  if (stopping === undefined) return "";
  return `if (stopper.badEpochs >= ${stopping.patience}) {
        progress.message("  early stopping: ${stopping.metric} has not improved for ${stopping.patience} epochs; restoring the best weights");
        stoppedAt = epoch + 1;
        break;
      }`;
}
