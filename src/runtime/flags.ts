/**
 * The command-line flags of a generated train.ts, parsed with node:util parseArgs.
 * The backend is fixed when the script is compiled; --device applies to tfjs only.
 * Every problem is a UsageError: one line, exit code 2.
 */
import { parseArgs } from "node:util";
import { closest } from "fastest-levenshtein";
import { UsageError } from "./errors.js";

export type Device = "gpu" | "wasm" | "cpu";
export type OutputFormat = "text" | "json";

/** Values from the .net file's train section, embedded in the generated script. */
export interface TrainDefaults {
  readonly epochs: number;
  readonly batch: number;
  readonly lr: number;
  readonly seed: number;
  /** Default checkpoint path (e.g. "checkpoints/LeNet5.ckpt"); absent: no checkpoints unless --checkpoint. */
  readonly checkpoint?: string;
}

export interface TrainFlagsSpec {
  /** How the script is invoked, for --help (e.g. "node train.js" or "netc train lenet5.net"). */
  readonly program: string;
  readonly model: string;
  readonly backend: "tfjs" | "loops" | "wasm";
  readonly defaults: TrainDefaults;
}

export interface TrainFlags {
  readonly epochs: number;
  readonly batch: number;
  readonly lr: number;
  readonly seed: number;
  /** Dataset file or directory; undefined: the .net file's default source. */
  readonly data: string | undefined;
  /** Train on the first N training samples only. */
  readonly limit: number | undefined;
  /** tfjs only; undefined: the best available (gpu, then wasm, then cpu). */
  readonly device: Device | undefined;
  /** loops and wasm: threads for data-parallel training; undefined: one per core, at most 4. */
  readonly threads: number | undefined;
  /** Where to write a checkpoint every epoch; undefined: none. */
  readonly checkpoint: string | undefined;
  readonly resume: boolean;
  /** Metrics log (JSON lines); undefined: none. */
  readonly log: string | undefined;
  readonly format: OutputFormat;
  readonly quiet: boolean;
  readonly help: boolean;
}

const OPTIONS = {
  epochs: { type: "string" },
  batch: { type: "string" },
  lr: { type: "string" },
  seed: { type: "string" },
  data: { type: "string" },
  limit: { type: "string" },
  device: { type: "string" },
  threads: { type: "string" },
  checkpoint: { type: "string" },
  resume: { type: "boolean" },
  log: { type: "string" },
  format: { type: "string" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const FLAG_NAMES = Object.keys(OPTIONS).map((name) => `--${name}`);

function positiveInteger(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`--${flag} expects a positive whole number, got "${text}"`);
  }
  return Number(text);
}

/**
 * The most worker threads --threads may ask for. Each is a V8 instance with its own copy of
 * the model's buffers, and beyond the machine's cores more threads only cost memory; past a
 * few hundred a run runs out of memory before it trains.
 */
export const MAX_THREADS = 256;

function threadsValue(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_THREADS) {
    throw new UsageError(
      `--threads expects a whole number from 1 to ${MAX_THREADS}, got "${text}"`,
    );
  }
  return Number(text);
}

/** A path flag given as an empty string (`--log=`) is a mistake, not "no file". */
function pathValue(flag: string, text: string | undefined, what: string): string | undefined {
  if (text !== undefined && text.trim() === "") throw new UsageError(`--${flag} needs a ${what}`);
  return text;
}

function seedValue(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) > 0xffffffff) {
    throw new UsageError(`--seed expects a whole number from 0 to 4294967295, got "${text}"`);
  }
  return Number(text);
}

function positiveNumber(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value <= 0) {
    throw new UsageError(`--${flag} expects a positive number, got "${text}"`);
  }
  return value;
}

function choice<T extends string>(
  flag: string,
  text: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text)) {
    throw new UsageError(`--${flag} expects one of ${allowed.join(", ")}, got "${text}"`);
  }
  return text as T;
}

/** Rewrites parseArgs' multi-sentence errors as one short line. */
function usageErrorFrom(error: unknown): UsageError {
  const code = (error as { code?: string }).code;
  const message = (error as Error).message;
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const flag = /'([^']+)'/.exec(message)?.[1] ?? message;
    const name = flag.split("=")[0]!;
    const suggestion = name.startsWith("--") ? closest(name, FLAG_NAMES) : undefined;
    return new UsageError(
      `unknown flag ${name}${suggestion ? ` (did you mean ${suggestion}?)` : ""}`,
    );
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const flag = /--([a-z]+)/.exec(message)?.[1];
    if (flag !== undefined && message.includes("argument missing"))
      return new UsageError(`--${flag} needs a value`);
    if (flag !== undefined && message.includes("ambiguous")) {
      return new UsageError(
        `--${flag} needs a value; write a value that starts with a dash as --${flag}=VALUE`,
      );
    }
    if (flag !== undefined) return new UsageError(`--${flag} takes no value`);
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    const argument = /'([^']+)'/.exec(message)?.[1] ?? "";
    return new UsageError(`unexpected argument "${argument}" (flags start with --; see --help)`);
  }
  return new UsageError(message.split(". ")[0]!);
}

/** Parses train.ts flags (argv without node and the script: process.argv.slice(2)). */
export function parseTrainFlags(argv: readonly string[], spec: TrainFlagsSpec): TrainFlags {
  let values: {
    [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]["type"] extends "boolean" ? boolean : string;
  };
  try {
    values = parseArgs({
      args: [...argv],
      options: OPTIONS,
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw usageErrorFrom(error);
  }
  const { defaults } = spec;
  const device = choice<Device>("device", values.device, ["gpu", "wasm", "cpu"]);
  if (device !== undefined && spec.backend !== "tfjs") {
    throw new UsageError(
      `--device applies to the tfjs backend only; this script was compiled for the ${spec.backend} backend`,
    );
  }
  if (values.threads !== undefined && spec.backend === "tfjs") {
    throw new UsageError(
      `--threads applies to the loops and wasm backends only; this script was compiled for the ${spec.backend} backend`,
    );
  }
  const checkpoint = values.checkpoint ?? defaults.checkpoint;
  if (values.checkpoint !== undefined && values.checkpoint.trim() === "")
    throw new UsageError("--checkpoint needs a file path");
  const resume = values.resume ?? false;
  if (resume && checkpoint === undefined)
    throw new UsageError("--resume needs a checkpoint: add --checkpoint PATH");
  return {
    epochs: positiveInteger("epochs", values.epochs, defaults.epochs),
    batch: positiveInteger("batch", values.batch, defaults.batch),
    lr: positiveNumber("lr", values.lr, defaults.lr),
    seed: seedValue(values.seed, defaults.seed),
    data: pathValue("data", values.data, "folder path"),
    limit: values.limit === undefined ? undefined : positiveInteger("limit", values.limit, 0),
    device,
    threads: threadsValue(values.threads),
    checkpoint,
    resume,
    log: pathValue("log", values.log, "file path"),
    format: choice<OutputFormat>("format", values.format, ["text", "json"]) ?? "text",
    quiet: values.quiet ?? false,
    help: values.help ?? false,
  };
}

export function trainHelpText(spec: TrainFlagsSpec): string {
  const { defaults } = spec;
  const rows: [string, string][] = [
    ["--epochs N", `number of epochs (default ${defaults.epochs})`],
    ["--batch N", `mini-batch size (default ${defaults.batch})`],
    ["--lr X", `learning rate (default ${defaults.lr})`],
    ["--seed N", `random seed, 0…4294967295 (default ${defaults.seed})`],
    ["--data PATH", "dataset directory (IDX or CIFAR-10 binary files) instead of the default data"],
    ["--limit N", "train on the first N training samples only"],
  ];
  if (spec.backend === "tfjs")
    rows.push(["--device D", "gpu, wasm or cpu (default: the first that loads, in that order)"]);
  if (spec.backend !== "tfjs")
    rows.push([
      "--threads N",
      `threads for data-parallel training, the batch split between them; a run is reproducible for a given N (default: one per core, at most 4; at most ${MAX_THREADS})`,
    ]);
  rows.push(
    [
      "--checkpoint PATH",
      `write a checkpoint after every epoch${defaults.checkpoint ? ` (default ${defaults.checkpoint})` : ""}`,
    ],
    ["--resume", "continue from the checkpoint"],
    ["--log PATH", "append per-epoch metrics as JSON lines"],
    ["--format F", "text or json (json: the last line is a JSON summary)"],
    ["--quiet", "no progress output"],
    ["-h, --help", "show this help"],
  );
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return [
    `Usage: ${spec.program} [flags]`,
    "",
    `Trains ${spec.model} (${spec.backend} backend).`,
    "",
    ...rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`),
    "",
  ].join("\n");
}
