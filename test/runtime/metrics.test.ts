import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { NonFiniteLossError, TrainingInterrupted } from "../../src/runtime/errors.js";
import { interrupted, resumeCommand } from "../../src/runtime/interrupt.js";
import { checkFiniteLoss } from "../../src/runtime/loss-guard.js";
import {
  AccuracyCounter,
  ConfusionMatrix,
  countTopK,
  TopKCounter,
  type EpochRecord,
  RunningMean,
  countCorrect,
} from "../../src/runtime/metrics.js";
import { MetricsLog } from "../../src/runtime/metrics-log.js";
import { ProgressDisplay, formatDuration, formatLearningRate } from "../../src/runtime/progress.js";

const directory = mkdtempSync(join(tmpdir(), "netc-metrics-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

// 4 rows of 3 class scores; predictions 2, 0, 1, 0 (a tie goes to the first)
const scores = [0.1, 0.2, 0.7, 5, 1, 1, -1, 3, 2, 0.5, 0.5, 0.5];
const labels = [2, 0, 2, 1];

const record: EpochRecord = {
  epoch: 2,
  loss: 0.123456,
  accuracy: 0.9651,
  valAccuracy: 0.97,
  lr: 0.01,
  seconds: 12.34,
  samplesPerSecond: 648.2,
};

describe("metrics", () => {
  it("counts correct predictions, confusion and running means", () => {
    expect(countCorrect(scores, labels, 4, 3)).toBe(2);
    expect(countCorrect(scores, labels, 1, 3)).toBe(1);
    const confusion = new ConfusionMatrix(3);
    confusion.add(scores, labels, 4);
    expect(Array.from(confusion.counts)).toEqual([1, 0, 0, 1, 0, 0, 0, 1, 1]);
    expect(confusion.accuracy).toBe(0.5);
    expect(confusion.perClassAccuracy()).toEqual([1, 0, 0.5]);
    expect(confusion.format()).toBe("  0 1 2\n0 1 0 0\n1 1 0 0\n2 0 1 1");
    const accuracy = new AccuracyCounter();
    accuracy.add(scores, labels, 4, 3);
    accuracy.add([0, 1], [1], 1, 2);
    expect(accuracy.accuracy).toBe(0.6);
    const mean = new RunningMean();
    mean.add(2, 64);
    mean.add(5, 16);
    expect(mean.mean).toBe((2 * 64 + 5 * 16) / 80);
  });

  it("writes one JSON line per epoch, truncating unless resuming", () => {
    const path = join(directory, "logs", "m.jsonl");
    new MetricsLog(path, false).write(record);
    const log = new MetricsLog(path, true);
    log.write({ ...record, epoch: 3, valAccuracy: null });
    expect(readFileSync(path, "utf8")).toBe(
      '{"epoch":2,"loss":0.123456,"accuracy":0.9651,"valAccuracy":0.97,"lr":0.01,"seconds":12.34,"samplesPerSecond":648.2}\n' +
        '{"epoch":3,"loss":0.123456,"accuracy":0.9651,"valAccuracy":null,"lr":0.01,"seconds":12.34,"samplesPerSecond":648.2}\n',
    );
    new MetricsLog(path, false);
    expect(readFileSync(path, "utf8")).toBe("");
  });

  it("stops on a NaN or infinite loss with the step and learning rate in the message", () => {
    expect(checkFiniteLoss(0.5, { epoch: 1, step: 1, lr: 0.1 })).toBe(0.5);
    expect(() => checkFiniteLoss(NaN, { epoch: 2, step: 113, lr: 0.5 })).toThrow(
      new NonFiniteLossError(
        "loss became NaN at epoch 2, step 113; lower the learning rate (now 0.5) or enable gradient clipping",
      ),
    );
    expect(() => checkFiniteLoss(Infinity, { epoch: 1, step: 4, lr: 3, clipping: true })).toThrow(
      "loss became Infinity at epoch 1, step 4; lower the learning rate (now 3)",
    );
  });

  it("takes the resume command from the launcher when netc train ran the script", () => {
    const env = { NETC_RESUME_COMMAND: "netc train models/lenet5.net --epochs 3" };
    expect(resumeCommand(["/usr/bin/node", "/cache/abc/train.js", "--epochs", "3"], env)).toBe(
      "netc train models/lenet5.net --epochs 3 --resume",
    );
  });

  it("says plainly that nothing was saved when there is no checkpoint path", () => {
    const error = interrupted({ epoch: 1, step: 7 });
    expect(error.exitCode).toBe(130);
    expect(error.message).toBe(
      "interrupted at epoch 1, step 7; no checkpoint was written (pass --checkpoint FILE to make a run resumable)",
    );
  });

  it("prints a scheduled learning rate to three significant digits", () => {
    expect(formatLearningRate(0.009619397662556433)).toBe("0.00962");
    expect(formatLearningRate(0.01)).toBe("0.01");
    expect(formatLearningRate(0.0003806023374435663)).toBe("0.000381");
  });

  it("says how to resume after an interrupt", () => {
    expect(resumeCommand(["/usr/bin/node", "train.js", "--epochs", "3", "--data", "my dir"])).toBe(
      "node train.js --epochs 3 --data 'my dir' --resume",
    );
    const error = interrupted({
      epoch: 2,
      step: 40,
      checkpoint: "c.ckpt",
      command: "netc train lenet5.net --resume",
    });
    expect(error).toBeInstanceOf(TrainingInterrupted);
    expect(error.exitCode).toBe(130);
    expect(error.message).toBe(
      "interrupted at epoch 2, step 40; checkpoint written to c.ckpt; resume with: netc train lenet5.net --resume",
    );
  });
});

describe("progress display", () => {
  function sink(isTTY: boolean) {
    const written: string[] = [];
    return { isTTY, columns: 200, written, write: (text: string) => written.push(text) };
  }

  it("redraws one line in place on a terminal, with ETA, then prints the epoch line", () => {
    let time = 0;
    const out = sink(true);
    const progress = new ProgressDisplay({
      sink: out,
      epochs: 2,
      batchesPerEpoch: 4,
      now: () => time,
    });
    progress.beginEpoch(1);
    time = 1000;
    progress.step({ batch: 1, samples: 64, loss: 2.5, accuracy: 0.25 });
    time = 1050; // within the redraw interval: skipped
    progress.step({ batch: 2, samples: 128, loss: 2, accuracy: 0.5 });
    time = 2000;
    progress.step({ batch: 2, samples: 128, loss: 2, accuracy: 0.5 });
    progress.endEpoch({ ...record, epoch: 1 });
    expect(out.written).toEqual([
      "\repoch 1/2 [#####...............] 1/4  loss 2.5000  acc 25.00%  64 samples/s  ETA 7s\x1b[K",
      "\repoch 1/2 [##########..........] 2/4  loss 2.0000  acc 50.00%  64 samples/s  ETA 6s\x1b[K",
      "\r\x1b[K",
      "epoch 1/2  loss 0.1235  acc 96.51%  val 97.00%  lr 0.01  12.3 s  648 samples/s\n",
    ]);
  });

  it("prints plain lines off a terminal, and nothing when quiet", () => {
    let time = 0;
    const out = sink(false);
    const progress = new ProgressDisplay({
      sink: out,
      epochs: 1,
      batchesPerEpoch: 4,
      plainEvery: 2,
      now: () => time,
    });
    progress.beginEpoch(1);
    for (let batch = 1; batch <= 4; batch++) {
      time = 500 * batch;
      progress.step({ batch, samples: 10 * batch, loss: 1, accuracy: 0.5 });
    }
    progress.endEpoch({ ...record, epoch: 1, valAccuracy: null });
    expect(out.written).toEqual([
      "epoch 1/1 2/4  loss 1.0000  acc 50.00%  20 samples/s  ETA 1s\n",
      "epoch 1/1 4/4  loss 1.0000  acc 50.00%  20 samples/s  ETA 0s\n",
      "epoch 1/1  loss 0.1235  acc 96.51%  lr 0.01  12.3 s  648 samples/s\n",
    ]);
    const quiet = sink(true);
    const silent = new ProgressDisplay({
      sink: quiet,
      epochs: 1,
      batchesPerEpoch: 1,
      mode: "quiet",
    });
    silent.beginEpoch(1);
    silent.step({ batch: 1, samples: 1, loss: 1, accuracy: 1 });
    silent.endEpoch(record);
    expect(quiet.written).toEqual([]);
    expect([formatDuration(59.6), formatDuration(61), formatDuration(3725)]).toEqual([
      "1m00s",
      "1m01s",
      "1h02m",
    ]);
  });
});

describe("top-k accuracy", () => {
  // four rows over four classes; the label's rank (0-based, ties by lower class index first)
  const scores = [
    0.1,
    0.9,
    0.5,
    0.3, // label 2: only class 1 is higher → rank 1
    4,
    3,
    2,
    1, // label 3: three classes higher → rank 3
    1,
    1,
    1,
    1, // label 2: all tied, classes 0 and 1 come first → rank 2
    0,
    2,
    2,
    -1, // label 1: tied with class 2 but the lower index wins → rank 0
  ];
  const labels = [2, 3, 2, 1];

  it("counts exactly the rows whose label ranks below k", () => {
    expect([1, 2, 3, 4].map((k) => countTopK(scores, labels, 4, 4, k))).toEqual([1, 2, 3, 4]);
    // only the first two rows
    expect(countTopK(scores, labels, 2, 4, 2)).toBe(1);
  });

  it("agrees with argmax accuracy at k = 1 and accumulates over batches", () => {
    const accuracy = new AccuracyCounter();
    accuracy.add(scores, labels, 4, 4);
    expect(countTopK(scores, labels, 4, 4, 1)).toBe(accuracy.correct);
    const top3 = new TopKCounter(3);
    expect(top3.accuracy).toBeNaN();
    top3.add(scores.slice(0, 8), labels.slice(0, 2), 2, 4);
    top3.add(scores.slice(8), labels.slice(2), 2, 4);
    expect([top3.hits, top3.seen, top3.accuracy]).toEqual([3, 4, 0.75]);
  });
});
