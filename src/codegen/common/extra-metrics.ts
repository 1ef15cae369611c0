import type { TrainIR } from "../../ir/ir.js";

/**
 * The optional per-epoch metrics of a generated train.ts, shared by both backends:
 * `metrics = [accuracy, top5, loss]` in the train section adds validation and test
 * top-5 accuracy and/or mean loss to the epoch's printed lines, the metrics log
 * (valTop5/testTop5, valLoss/testLoss) and the `--format json` summary (testTop5,
 * validationTop5, testLoss, validationLoss). Accuracy is always reported.
 *
 * Every snippet is "" when its metric is not requested, and otherwise starts with a
 * newline, so an emitter appends it at the end of an existing line and the default
 * output stays byte-identical. The statements use these names from the script:
 * `model`, `splits`, `progress`, `lossOn(model, dataset)` (async) and
 * `top5On(model, dataset)` (the emitter's own, sync or async).
 */

export interface ExtraMetrics {
  readonly top5: boolean;
  readonly loss: boolean;
}

/** Which of the optional metrics the train section asks for (accuracy needs no code: it is always on). */
export function extraMetrics(train: TrainIR): ExtraMetrics {
  const setting = train.settings.metrics;
  const names = Array.isArray(setting) ? setting : [setting];
  return { top5: names.includes("top5"), loss: names.includes("loss") };
}

export interface ExtraMetricsCode {
  /** After the `let testAccuracy = NaN;` line of main. */
  readonly declare: string;
  /** After the test accuracy is computed (each epoch, and again after restoring weights). */
  readonly evaluate: string;
  /** After the last field of the epoch record. */
  readonly recordFields: string;
  /** After the epoch's "test accuracy" message. */
  readonly message: string;
  /** After `validationAccuracy,` in the summary object. */
  readonly summaryFields: string;
}

/**
 * `awaitTop5`: whether the backend's top5On returns a promise. `messageGuard`: a prefix
 * for the message statements, e.g. "if (!quiet) " (or "").
 */
export function extraMetricsCode(
  metrics: ExtraMetrics,
  options: { awaitTop5: boolean; messageGuard: string },
): ExtraMetricsCode {
  const top5 = options.awaitTop5 ? "await top5On" : "top5On";
  const percent = (name: string) => `\${(100 * ${name}).toFixed(2)}%`;
  const declare: string[] = [];
  const evaluate: string[] = [];
  const recordFields: string[] = [];
  const message: string[] = [];
  const summaryFields: string[] = [];
  if (metrics.top5) {
    declare.push("let validationTop5: number | null = null;", "let testTop5 = NaN;");
    evaluate.push(
      "// metrics = top5: the label among the five highest scores",
      `validationTop5 = splits.validation === null ? null : ${top5}(model, splits.validation);`,
      `testTop5 = ${top5}(model, splits.test);`,
    );
    recordFields.push("valTop5: validationTop5,", "testTop5,");
    message.push(
      `${options.messageGuard}progress.message(\`  test top-5 accuracy ${percent("testTop5")}\${validationTop5 === null ? "" : \` (validation ${percent("validationTop5")})\`}\`);`,
    );
    summaryFields.push("testTop5,", "validationTop5,");
  }
  if (metrics.loss) {
    declare.push("let validationLoss: number | null = null;", "let testLoss = NaN;");
    evaluate.push(
      "// metrics = loss: mean data loss in evaluation mode",
      "validationLoss = splits.validation === null ? null : await lossOn(model, splits.validation);",
      "testLoss = await lossOn(model, splits.test);",
    );
    recordFields.push("valLoss: validationLoss,", "testLoss,");
    message.push(
      `${options.messageGuard}progress.message(\`  test loss \${testLoss.toFixed(4)}\${validationLoss === null ? "" : \` (validation \${validationLoss.toFixed(4)})\`}\`);`,
    );
    summaryFields.push("testLoss,", "validationLoss,");
  }
  const lines = (statements: string[], indent: string) =>
    statements.map((s) => `\n${indent}${s}`).join("");
  return {
    declare: lines(declare, "  "),
    evaluate: lines(evaluate, "      "),
    recordFields: lines(recordFields, "        "),
    message: lines(message, "      "),
    summaryFields: lines(summaryFields, "    "),
  };
}
