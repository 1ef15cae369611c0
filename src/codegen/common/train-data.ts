import type { TrainIR } from "../../ir/ir.js";
import { numberArg } from "./args.js";
import { commentText, tsString } from "./escape.js";
import { literal, where } from "./literals.js";

/**
 * The data section of a generated train.ts, shared by both backends (moved from
 * tfjs/train-data.ts): every option of the data sources
 * (src/semantics/train/datasets.ts) as calls into netc/runtime, in the order datasets.ts documents:
 * load (values in [0, 1] = bytes/255), scale, resize, pad, then zero_centre or normalize
 * (statistics of the training part, applied unchanged to validation and test); the
 * augmentation options become the Batcher's per-batch AugmentOptions.
 */

export interface DataPlan {
  /** Statements that define `splits` (a DataSplits) from `flags`. */
  load: string;
  /** The Batcher's options object literal (shuffle, augment), over `flags`. */
  batcherOptions: string;
}

export function dataPlan(train: TrainIR): DataPlan {
  const { name, args, given } = train.data;
  const from = train.declared ? where(train.data.span) : "netc's default data";
  const source = name === "idx" ? "mnist" : name;
  // fashion_mnist's default folder is left out of the emitted code so that the runtime's
  // loader, which knows it too, can say "install dataset-fashion-mnist" when it is missing.
  const givenPath =
    typeof args.path === "string" && (name !== "fashion_mnist" || given.includes("path"))
      ? args.path
      : undefined;
  const validation = numberArg(args, "validation");
  const limit = typeof args.limit === "number" ? args.limit : undefined;
  const scale = numberArg(args, "scale");
  const rawFactor = scale * 255;
  const resize = typeof args.resize === "number" ? args.resize : undefined;
  const pad = numberArg(args, "pad");
  const normalize = Array.isArray(args.normalize) ? (args.normalize as number[]) : undefined;
  const zeroCentre = args.zero_centre === true;
  const lines: string[] = [];
  lines.push(
    `// ${from}: ${name}(${commentText(
      Object.entries(args)
        .map(([k, v]) => `${k} = ${literal(v)}`)
        .join(", "),
    )})`,
  );
  lines.push(`const loaded = loadTrainingData({
    source: ${tsString(source)} as DataSource,
    path: flags.data ?? ${givenPath === undefined ? "undefined" : tsString(givenPath)},
    validation: ${literal(validation)},
    limit: flags.limit ?? ${limit === undefined ? "undefined" : literal(limit)},
    batch: flags.batch,
  });`);
  lines.push(
    `let parts: Dataset[] = [loaded.train, ...(loaded.validation === null ? [] : [loaded.validation]), loaded.test];`,
  );
  if (Math.abs(rawFactor - 1) > 1e-12) {
    lines.push(`// scale = ${scale}: the loaders give bytes/255, so multiply by scale·255
  for (const part of parts) for (let i = 0; i < part.images.length; i++) part.images[i] = part.images[i]! * ${literal(rawFactor)};`);
  }
  if (resize !== undefined)
    lines.push(`parts = parts.map((part) => resize(part, ${resize}, ${resize}, "bilinear"));`);
  if (pad > 0) lines.push(`parts = parts.map((part) => pad(part, ${pad}));`);
  let fill = "[0]";
  if (zeroCentre) {
    lines.push(`// zero_centre: subtract the training part's per-channel mean from every part
  const means = zeroCentre(parts[0]!);
  for (const part of parts.slice(1)) zeroCentre(part, means);`);
    fill = "means.map((m) => -m)";
  }
  if (normalize !== undefined) {
    const half = normalize.length / 2;
    const means = normalize.slice(0, half);
    const stds = normalize.slice(half);
    lines.push(`for (const part of parts) normalize(part, ${literal(means)}, ${literal(stds)});`);
    // a pixel that was 0 before normalisation, for the random crop's uncovered border
    fill = zeroCentre
      ? `means.map((m, c) => (-m - ${literal(means)}[c % ${means.length}]!) / ${literal(stds)}[c % ${stds.length}]!)`
      : literal(means.map((m, c) => -m / stds[c]!));
  }
  lines.push(`const splits: DataSplits = {
    train: parts[0]!,
    validation: loaded.validation === null ? null : parts[1]!,
    test: parts[parts.length - 1]!,
  };`);
  const cropPad = numberArg(args, "crop_pad");
  const flip = args.flip === true;
  const noise = numberArg(args, "noise");
  const augment: string[] = [];
  if (cropPad > 0) augment.push(`cropPadding: ${cropPad}, cropFill: ${fill}`);
  if (flip) augment.push("horizontalFlip: true");
  if (noise > 0) augment.push(`noise: ${literal(noise)}`);
  const shuffle = args.shuffle !== false;
  const batcherOptions = `{ batchSize: flags.batch, seed: flags.seed, shuffle: ${shuffle}${augment.length > 0 ? `, augment: { ${augment.join(", ")} }` : ""} }`;
  return { load: lines.join("\n  "), batcherOptions };
}
