/**
 * Training progress. On a terminal: one line redrawn in place (epoch, batch i/n, loss,
 * accuracy, samples/s, ETA), then one permanent line per epoch. Elsewhere (pipes, CI logs):
 * plain lines only, one per epoch and optionally one every `plainEvery` batches.
 *
 * A small module rather than cli-progress: it must write to any sink (tests, stderr, a
 * browser console), take an injectable clock so its output is testable, and fall back to
 * per-epoch lines off a terminal — and generated packages then need no extra dependency.
 * No Node APIs: process.stdout simply satisfies ProgressSink.
 */
import type { EpochRecord } from "./metrics.js";

export interface ProgressSink {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

export type ProgressMode = "bar" | "lines" | "quiet";

export interface ProgressOptions {
  readonly sink: ProgressSink;
  readonly epochs: number;
  readonly batchesPerEpoch: number;
  /** Default: "bar" when the sink is a TTY, else "lines". "quiet" prints nothing. */
  readonly mode?: ProgressMode;
  /** In "lines" mode, also print a line every N batches (default: never). */
  readonly plainEvery?: number;
  /** Milliseconds; default performance.now. */
  readonly now?: () => number;
  /** Minimum milliseconds between redraws of the bar (default 100). */
  readonly redrawInterval?: number;
}

export interface StepProgress {
  /** 1-based batch index within the epoch. */
  readonly batch: number;
  /** Samples seen so far in this epoch. */
  readonly samples: number;
  /** Running mean loss of the epoch so far. */
  readonly loss: number;
  /** Running training accuracy of the epoch so far (fraction). */
  readonly accuracy: number;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, "0")}m`;
  if (m > 0) return `${m}m${String(s).padStart(2, "0")}s`;
  return `${s}s`;
}

export function formatPercent(fraction: number | null): string {
  return fraction === null || Number.isNaN(fraction) ? "-" : `${(100 * fraction).toFixed(2)}%`;
}

/** Three significant digits: a scheduled rate such as 0.009619397662556433 prints as 0.00962. */
export function formatLearningRate(lr: number): string {
  return Number(lr.toPrecision(3)).toString();
}

/** The permanent line printed at the end of every epoch. */
export function formatEpochLine(record: EpochRecord, epochs: number): string {
  const parts = [
    `epoch ${record.epoch}/${epochs}`,
    `loss ${record.loss.toFixed(4)}`,
    `acc ${formatPercent(record.accuracy)}`,
  ];
  if (record.valAccuracy !== null) parts.push(`val ${formatPercent(record.valAccuracy)}`);
  parts.push(
    `lr ${formatLearningRate(record.lr)}`,
    `${record.seconds.toFixed(1)} s`,
    `${Math.round(record.samplesPerSecond)} samples/s`,
  );
  return parts.join("  ");
}

export class ProgressDisplay {
  private readonly mode: ProgressMode;
  private readonly now: () => number;
  private epoch = 0;
  private epochStart = 0;
  private lastDraw = -Infinity;
  private barShown = false;

  constructor(private readonly options: ProgressOptions) {
    this.mode = options.mode ?? (options.sink.isTTY === true ? "bar" : "lines");
    this.now = options.now ?? (() => performance.now());
  }

  /** `epoch` is 1-based. */
  beginEpoch(epoch: number): void {
    this.epoch = epoch;
    this.epochStart = this.now();
    this.lastDraw = -Infinity;
  }

  step(progress: StepProgress): void {
    if (this.mode === "quiet") return;
    if (this.mode === "lines") {
      const every = this.options.plainEvery ?? 0;
      if (every > 0 && progress.batch % every === 0)
        this.options.sink.write(`${this.stepLine(progress)}\n`);
      return;
    }
    const time = this.now();
    const last = progress.batch === this.options.batchesPerEpoch;
    if (!last && time - this.lastDraw < (this.options.redrawInterval ?? 100)) return;
    this.lastDraw = time;
    let line = this.stepLine(progress);
    const columns = this.options.sink.columns;
    if (columns !== undefined && columns > 1 && line.length > columns - 1)
      line = line.slice(0, columns - 1);
    this.options.sink.write(`\r${line}\x1b[K`);
    this.barShown = true;
  }

  endEpoch(record: EpochRecord): void {
    this.message(formatEpochLine(record, this.options.epochs));
  }

  /** A permanent line (clears the bar first). */
  message(text: string): void {
    if (this.mode === "quiet") return;
    this.clearBar();
    this.options.sink.write(`${text}\n`);
  }

  /** Removes the bar, e.g. before printing an error. */
  clearBar(): void {
    if (this.barShown) {
      this.options.sink.write("\r\x1b[K");
      this.barShown = false;
    }
  }

  /** The text of the in-place line (also used for the periodic plain lines). */
  stepLine(progress: StepProgress): string {
    const { epochs, batchesPerEpoch } = this.options;
    const seconds = (this.now() - this.epochStart) / 1000;
    const rate = seconds > 0 ? progress.samples / seconds : NaN;
    const secondsPerBatch = progress.batch > 0 ? seconds / progress.batch : NaN;
    const remainingBatches =
      batchesPerEpoch - progress.batch + (epochs - this.epoch) * batchesPerEpoch;
    const width = 20;
    const filled = Math.round((width * progress.batch) / Math.max(1, batchesPerEpoch));
    const bar = this.mode === "bar" ? ` [${"#".repeat(filled)}${".".repeat(width - filled)}]` : "";
    return [
      `epoch ${this.epoch}/${epochs}${bar} ${progress.batch}/${batchesPerEpoch}`,
      `loss ${progress.loss.toFixed(4)}`,
      `acc ${formatPercent(progress.accuracy)}`,
      `${Number.isFinite(rate) ? Math.round(rate) : "?"} samples/s`,
      `ETA ${formatDuration(secondsPerBatch * remainingBatches)}`,
    ].join("  ");
  }
}
