/** Training metrics: accuracy, running mean loss, confusion counts, and the per-epoch record. */

/** Index of the largest of `classes` values starting at `offset` (first one on ties). */
export function argmax(values: ArrayLike<number>, offset: number, classes: number): number {
  let best = 0;
  let bestValue = values[offset]!;
  for (let k = 1; k < classes; k++) {
    const value = values[offset + k]!;
    if (value > bestValue) {
      bestValue = value;
      best = k;
    }
  }
  return best;
}

/** How many of the first `count` rows of [count, classes] scores predict their label. */
export function countCorrect(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  count: number,
  classes: number,
): number {
  let correct = 0;
  for (let n = 0; n < count; n++) if (argmax(scores, n * classes, classes) === labels[n]) correct++;
  return correct;
}

/**
 * How many of the first `count` rows of [count, classes] scores have their label among
 * the `k` highest scores (top-k accuracy's numerator; seed 004's top-5 error is 1 − it / count).
 * Ties are broken like `argmax`, by class index: the label's rank counts every class
 * scoring strictly higher plus every class scoring equally with a lower index, so k = 1
 * agrees exactly with `countCorrect` and a row of equal scores ranks classes 0, 1, 2, ….
 */
export function countTopK(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  count: number,
  classes: number,
  k: number,
): number {
  let inTopK = 0;
  for (let n = 0; n < count; n++) {
    const offset = n * classes;
    const label = labels[n]!;
    const labelScore = scores[offset + label]!;
    let rank = 0;
    for (let c = 0; c < classes && rank < k; c++) {
      const score = scores[offset + c]!;
      if (score > labelScore || (score === labelScore && c < label)) rank++;
    }
    if (rank < k) inTopK++;
  }
  return inTopK;
}

/** Top-k accuracy as (rows with the label in the top k) / seen, accumulated over batches. */
export class TopKCounter {
  hits = 0;
  seen = 0;

  constructor(readonly k: number) {}

  add(scores: ArrayLike<number>, labels: ArrayLike<number>, count: number, classes: number): void {
    this.hits += countTopK(scores, labels, count, classes, this.k);
    this.seen += count;
  }

  get accuracy(): number {
    return this.seen === 0 ? NaN : this.hits / this.seen;
  }
}

/** A weighted running mean, e.g. the epoch's loss weighted by batch size. */
export class RunningMean {
  private sum = 0;
  private weight = 0;

  add(value: number, weight = 1): void {
    this.sum += value * weight;
    this.weight += weight;
  }

  get mean(): number {
    return this.weight === 0 ? NaN : this.sum / this.weight;
  }

  get count(): number {
    return this.weight;
  }

  reset(): void {
    this.sum = 0;
    this.weight = 0;
  }
}

/** Accuracy as correct / seen, accumulated over batches. */
export class AccuracyCounter {
  correct = 0;
  seen = 0;

  add(scores: ArrayLike<number>, labels: ArrayLike<number>, count: number, classes: number): void {
    this.correct += countCorrect(scores, labels, count, classes);
    this.seen += count;
  }

  get accuracy(): number {
    return this.seen === 0 ? NaN : this.correct / this.seen;
  }

  reset(): void {
    this.correct = 0;
    this.seen = 0;
  }
}

/** counts[actual · classes + predicted]. */
export class ConfusionMatrix {
  readonly counts: Int32Array;

  constructor(readonly classes: number) {
    this.counts = new Int32Array(classes * classes);
  }

  add(scores: ArrayLike<number>, labels: ArrayLike<number>, count: number): void {
    for (let n = 0; n < count; n++) {
      const predicted = argmax(scores, n * this.classes, this.classes);
      this.counts[labels[n]! * this.classes + predicted]! += 1;
    }
  }

  get(actual: number, predicted: number): number {
    return this.counts[actual * this.classes + predicted]!;
  }

  get total(): number {
    return this.counts.reduce((sum, value) => sum + value, 0);
  }

  get accuracy(): number {
    let diagonal = 0;
    for (let k = 0; k < this.classes; k++) diagonal += this.get(k, k);
    return diagonal / this.total;
  }

  /** Recall per class (correct / actual count); NaN for a class with no samples. */
  perClassAccuracy(): number[] {
    const result: number[] = [];
    for (let actual = 0; actual < this.classes; actual++) {
      let row = 0;
      for (let predicted = 0; predicted < this.classes; predicted++)
        row += this.get(actual, predicted);
      result.push(row === 0 ? NaN : this.get(actual, actual) / row);
    }
    return result;
  }

  /** A right-aligned text table: rows are actual classes, columns predicted. */
  format(names?: readonly string[]): string {
    const labels = Array.from({ length: this.classes }, (_, k) => names?.[k] ?? String(k));
    const width = Math.max(
      ...labels.map((l) => l.length),
      ...Array.from(this.counts, (c) => String(c).length),
    );
    const cell = (text: string) => text.padStart(width);
    const lines = [[cell(""), ...labels.map(cell)].join(" ")];
    for (let actual = 0; actual < this.classes; actual++) {
      const row = labels.map((_, predicted) => cell(String(this.get(actual, predicted))));
      lines.push([cell(labels[actual]!), ...row].join(" "));
    }
    return lines.join("\n");
  }
}

/** One line of the metrics log, one per epoch. `epoch` is 1-based; accuracies are fractions. */
export interface EpochRecord {
  readonly epoch: number;
  readonly loss: number;
  readonly accuracy: number;
  /** null when there is no validation set. */
  readonly valAccuracy: number | null;
  readonly lr: number;
  readonly seconds: number;
  readonly samplesPerSecond: number;
  /** Only with `metrics` including top5 in the train section (null: no validation set). */
  readonly valTop5?: number | null;
  readonly testTop5?: number;
  /** Only with `metrics` including loss: mean data loss in evaluation mode. */
  readonly valLoss?: number | null;
  readonly testLoss?: number;
}
