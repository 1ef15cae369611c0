import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import fc from "fast-check";
import type { AttrValue, ProgramIR } from "../../src/ir/ir.js";
import { trainSection } from "../helpers/programs.js";
import { emitPytorch } from "../../src/codegen/pytorch/index.js";
import { Batcher } from "../../src/runtime/batcher.js";
import { encodeCifar10Batch } from "../../src/runtime/cifar10-format.js";
import {
  loadCifar10Directory,
  loadIdxDirectory,
  loadTrainingData,
} from "../../src/runtime/data-files.js";
import { parseTrainFlags } from "../../src/runtime/flags.js";
import { normalize, pad, resize, zeroCentre } from "../../src/runtime/preprocess.js";
import { encodeIdxImages, encodeIdxLabels } from "../../src/runtime/idx-format.js";
import { loadMnistPackage, MNIST_SPLIT_SEED } from "../../src/runtime/mnist-package.js";
import { Rng } from "../../src/runtime/rng.js";
import { checkText } from "../../src/semantics/index.js";
import {
  optimizerCases,
  gradientSequence,
  scheduleCases,
  theta0,
} from "../fixtures/training-rules.js";
import { describeWithPython, runPython } from "./python-env.js";

/**
 * netc_runtime.py and the generated train.py against netc's TypeScript runtime and the
 * training rules' fixture: the fixed 8,000/2,000 split of the default digits and every
 * epoch's sample order (netc's seeded generator, ported), the loaded data itself, the data
 * loaders' messages for broken files, the flags' messages, JSON numbers as JavaScript
 * writes them, and every optimizer's first steps and every schedule against the seeds'
 * formulas (test/fixtures/training-rules.ts).
 */

const work = mkdtempSync(join(tmpdir(), "netc-pytorch-runtime-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const probeScript = join(import.meta.dirname, "probe.py");

const span = {
  file: "rules.net",
  line: 1,
  column: 1,
  endLine: 1,
  endColumn: 1,
  start: 0,
  end: 0,
  length: 0,
};

/** A package for `body` with a train section of the given optimizer and settings. */
function emitPackage(
  label: string,
  body: string,
  optimizer: { name: string; args: Record<string, AttrValue> },
  settings: Record<string, number> = {},
  schedule?: { name: string; args: Record<string, number> },
): string {
  const text = `model R {\n  ${body}\n}\n`;
  const { program, diagnostics } = checkText("rules.net", text);
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const written = (value: AttrValue): string =>
    Array.isArray(value) ? `[${value.map(written).join(", ")}]` : String(value);
  const call = (c: { name: string; args: Record<string, AttrValue> }) =>
    `${c.name}(${Object.entries(c.args)
      .map(([k, v]) => `${k} = ${written(v)}`)
      .join(", ")})`;
  const train = trainSection(
    "R",
    [
      "data = mnist",
      "loss = mse",
      `optimizer = ${call(optimizer)}`,
      ...(schedule === undefined ? [] : [`schedule = ${call(schedule)}`]),
      "batch = 4",
      "epochs = 1",
      "seed = 1",
      ...Object.entries(settings).map(([k, v]) => `${k} = ${v}`),
    ].join("\n"),
  );
  const full: ProgramIR = { ...program, trains: [train] };
  const directory = join(work, label);
  mkdirSync(directory, { recursive: true });
  for (const [name, contents] of emitPytorch(full, "R", { sourcePath: "rules.net" }))
    writeFileSync(join(directory, name), contents);
  return directory;
}

describeWithPython("netc_runtime.py and train.py against netc's runtime", ["torch"], (python) => {
  let base = "";
  const probe = (command: string, request: unknown, directory = base): unknown =>
    JSON.parse(
      runPython(python, [probeScript, directory, command], { input: JSON.stringify(request) }),
    );

  beforeAll(() => {
    base = emitPackage("base", "input [1]\n  dense(4, bias=false)", {
      name: "sgd",
      args: { lr: 0.1 },
    });
  });

  it("splits the default digits exactly as the TypeScript runtime: the same permutation", () => {
    const expected = Array.from(Rng.fromSeed(MNIST_SPLIT_SEED).permutation(10_000));
    expect(probe("split", { count: 10_000 })).toEqual(expected);
  });

  it("orders every epoch's samples as the Batcher does (seed, epoch)", () => {
    const dataset = {
      name: "d",
      images: new Float32Array(7200),
      labels: new Uint8Array(7200),
      count: 7200,
      shape: [1, 1, 1] as [number, number, number],
      classes: 10,
    };
    const batcher = new Batcher(dataset, { batchSize: 64, seed: 42 });
    const expected = [0, 1, 7].map((epoch) => {
      batcher.beginEpoch(epoch);
      return Array.from(batcher.currentOrder);
    });
    expect(probe("orders", { count: 7200, seed: 42, epochs: [0, 1, 7] })).toEqual(expected);
  });

  it("loads the same 7,200 / 800 / 2,000 digits, labels and pixels as loadMnistPackage", () => {
    const splits = loadMnistPackage({ validation: 0.1 });
    const got = probe("load", { validation: 0.1 }) as Record<
      string,
      { count: number; labels: number[]; sum: number; first: number[] }
    >;
    for (const [name, part] of [
      ["train", splits.train],
      ["validation", splits.validation!],
      ["test", splits.test],
    ] as const) {
      expect(got[name]!.count).toBe(part.count);
      expect(got[name]!.labels).toEqual(Array.from(part.labels));
      const sum = part.images.reduce((s, v) => s + v, 0);
      expect(got[name]!.sum).toBeCloseTo(sum, 1);
      expect(got[name]!.first).toEqual(Array.from(part.images.subarray(0, 200)));
    }
  });

  it("reports a broken IDX or CIFAR-10 file with the runtime's own message", () => {
    const idx = (label: string, files: Record<string, Uint8Array>) => {
      const directory = join(work, `idx-${label}`);
      mkdirSync(directory, { recursive: true });
      for (const [name, bytes] of Object.entries(files))
        writeFileSync(join(directory, name), bytes);
      return directory;
    };
    const images = encodeIdxImages(new Uint8Array(2 * 4), 2, 2, 2);
    const labels = encodeIdxLabels(Uint8Array.from([1, 2]));
    const good = {
      "train-images-idx3-ubyte": images,
      "train-labels-idx1-ubyte": labels,
      "t10k-images-idx3-ubyte": images,
      "t10k-labels-idx1-ubyte": labels,
    };
    const directories = [
      idx("good", good),
      idx("swapped", { ...good, "train-images-idx3-ubyte": labels }),
      idx("truncated", { ...good, "t10k-images-idx3-ubyte": images.subarray(0, 19) }),
      idx("trailing", { ...good, "t10k-labels-idx1-ubyte": Uint8Array.from([...labels, 7]) }),
      idx("label", {
        ...good,
        "train-labels-idx1-ubyte": encodeIdxLabels(Uint8Array.from([1, 12])),
      }),
      idx("count", { ...good, "train-labels-idx1-ubyte": encodeIdxLabels(Uint8Array.from([1])) }),
      idx("missing", { "train-images-idx3-ubyte": images }),
      idx("empty", {
        ...good,
        "train-images-idx3-ubyte": encodeIdxImages(new Uint8Array(0), 0, 2, 2),
        "train-labels-idx1-ubyte": encodeIdxLabels(new Uint8Array(0)),
      }),
      join(work, "no-such-directory"),
    ];
    const cifar = (label: string, test: Uint8Array) => {
      const directory = join(work, `cifar-${label}`);
      mkdirSync(directory, { recursive: true });
      const batch = encodeCifar10Batch(Uint8Array.from([3]), new Uint8Array(3072));
      for (let i = 1; i <= 5; i++) writeFileSync(join(directory, `data_batch_${i}.bin`), batch);
      writeFileSync(join(directory, "test_batch.bin"), test);
      return directory;
    };
    const cifars = [
      cifar("short", new Uint8Array(3000)),
      cifar("label", encodeCifar10Batch(Uint8Array.from([10]), new Uint8Array(3072))),
    ];
    const message = (load: () => unknown) => {
      try {
        load();
        return null;
      } catch (error) {
        return (error as Error).message;
      }
    };
    // through the loader a train script calls: help for a missing folder, the batch, the validation part
    const training = [
      { source: "mnist", path: join(work, "no-such-directory"), validation: 0, batch: 2 },
      { source: "cifar10", path: join(work, "no-such-directory"), validation: 0, batch: 2 },
      { source: "mnist", path: directories[0]!, validation: 0, batch: 5 },
      { source: "mnist", path: directories[0]!, validation: 0.9, batch: 1 },
    ] as const;
    const expected = [
      ...directories.map((d) => message(() => loadIdxDirectory(d))),
      ...cifars.map((d) => message(() => loadCifar10Directory(d))),
      ...training.map((t) => message(() => loadTrainingData(t))),
    ];
    expect(expected[0]).toBeNull();
    expect(expected.slice(1).every((m) => typeof m === "string")).toBe(true);
    const cases = [
      ...directories.map((path) => ({ kind: "idx", path })),
      ...cifars.map((path) => ({ kind: "cifar", path })),
      ...training.map((t) => ({ kind: "training", ...t })),
    ];
    expect(probe("errors", { cases })).toEqual(expected);
  });

  it("parses the flags as train.ts does, with the same messages", () => {
    const argvs = [
      [],
      ["--epochs", "5", "--batch=16", "--lr", "0.5", "--seed", "9"],
      ["--epochs", "0"],
      ["--batch", "1.5"],
      ["--lr", "-1"],
      ["--lr=abc"],
      ["--seed", "4294967296"],
      ["--epoch", "3"],
      ["--resume"],
      ["--quiet=yes"],
      ["--epochs"],
      ["--lr", "-0.1"],
      ["stray"],
      ["--format", "xml"],
      ["--checkpoint", " "],
      ["--log="],
      ["--data", ""],
    ];
    const spec = {
      program: "train",
      model: "M",
      backend: "loops" as const,
      defaults: { epochs: 3, batch: 8, lr: 0.1, seed: 1 },
    };
    const expected = argvs.map((argv) => {
      try {
        const f = parseTrainFlags(argv, spec);
        return { epochs: f.epochs, batch: f.batch, lr: f.lr, seed: f.seed };
      } catch (error) {
        return (error as Error).message;
      }
    });
    expect(probe("flags", { argvs })).toEqual(expected);
  });

  it("preprocesses as the runtime does: resize (half-pixel bilinear), pad, zero_centre, normalize", () => {
    const shape: [number, number, number] = [2, 3, 4];
    const rng = Rng.fromSeed(4);
    const images = Float32Array.from({ length: 3 * 2 * 12 }, () => rng.uniform());
    const dataset = () => ({
      name: "d",
      images: images.slice(),
      labels: new Uint8Array(3),
      count: 3,
      shape,
      classes: 10,
    });
    const got = probe("preprocess", {
      images: Array.from(images),
      shape: [3, ...shape],
      resize: 5,
      pad: 2,
      mean: [0.25, 0.5],
      std: [0.5, 2],
    }) as Record<string, number[]>;
    const near = (a: ArrayLike<number>, b: ArrayLike<number>) => {
      expect(a.length).toBe(b.length);
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(1e-6);
    };
    near(got.resize!, resize(dataset(), 5, 5, "bilinear").images);
    near(got.pad!, pad(dataset(), 2).images);
    const centred = dataset();
    near(got.means!, zeroCentre(centred));
    near(got.centred!, centred.images);
    const normalized = dataset();
    normalize(normalized, [0.25, 0.5], [0.5, 2]);
    near(got.normalize!, normalized.images);
  });

  it("augments as the runtime does: a crop shifted by at most crop_pad with the fill, then maybe mirrored", () => {
    const [count, channels, height, width] = [64, 2, 5, 6];
    const size = channels * height * width;
    const images = Array.from({ length: count * size }, (_, i) => (i % size) + 1);
    const got = probe("augment", {
      images,
      shape: [count, channels, height, width],
      crop: 2,
      fill: [-1, -2],
      flip: true,
      noise: 0,
    }) as number[];
    /** The runtime's Augmenter on one sample: out(y, x) = in(y + dy, x + dx), the fill outside; then the mirror. */
    const candidate = (dy: number, dx: number, mirror: boolean) =>
      Array.from({ length: size }, (_, i) => {
        const c = Math.floor(i / (height * width));
        const y = Math.floor(i / width) % height;
        const x0 = i % width;
        const x = mirror ? width - 1 - x0 : x0;
        const sy = y + dy;
        const sx = x + dx;
        return sy >= 0 && sy < height && sx >= 0 && sx < width
          ? images[(c * height + sy) * width + sx]!
          : c === 0
            ? -1
            : -2;
      });
    const seen = new Set<string>();
    for (let n = 0; n < count; n++) {
      const sample = got.slice(n * size, (n + 1) * size);
      const match = [-2, -1, 0, 1, 2].flatMap((dy) =>
        [-2, -1, 0, 1, 2].flatMap((dx) =>
          [false, true]
            .filter((m) => candidate(dy, dx, m).every((v, i) => v === sample[i]))
            .map((m) => `${dy},${dx},${m}`),
        ),
      );
      expect(match.length, `sample ${n}`).toBeGreaterThan(0);
      seen.add(match[0]!);
    }
    // 64 draws of 50 outcomes: the shifts and mirrors vary
    expect(seen.size).toBeGreaterThan(20);
  });

  it("writes numbers into the metrics log as JavaScript's JSON.stringify does", () => {
    const values = fc.sample(fc.double({ noNaN: true, noDefaultInfinity: true }), {
      seed: 7,
      numRuns: 300,
    });
    values.push(0.1, 1e-7, 1e21, 123.456, 5e-324, 2.5, 1e-6, 0.000123, 1 / 3, 100, 7200 / 7.25);
    expect(probe("numbers", { values })).toEqual(values.map((v) => JSON.stringify(v)));
  });

  /** Every optimizer case and schedule case, run in one Python process. */
  let ruleAnswers: { thetas: number[][]; rates: number[] }[] = [];
  beforeAll(() => {
    const cases = [
      ...optimizerCases.map((c, index) => ({
        directory: emitPackage(
          `rule-${index}`,
          "input [1]\n  dense(4, bias=false)",
          { name: c.optimizer, args: c.args },
          c.settings ?? {},
        ),
        lr: c.lr,
      })),
      ...scheduleCases.map((s) => ({
        directory: emitPackage(
          `schedule-${s.name}`,
          "input [1]\n  dense(4, bias=false)",
          { name: "sgd", args: { lr: 0.1 } },
          {},
          { name: s.name, args: s.args },
        ),
        lr: 0.1,
        epochs: s.expected.map(([k]) => k),
      })),
    ];
    // lr_mult, frozen, layer and global penalties (the loops backend's training-rules cases)
    for (const [label, options, settings] of [
      ["lr_mult", ", lr_mult = 0.5", {}],
      ["frozen", ", frozen = true", {}],
      ["penalties", ", l1 = 0.01, l2 = 0.04", { l1: 0.3, l2: 0.2 }],
    ] as const)
      cases.push({
        directory: emitPackage(
          `option-${label}`,
          `input [1]\n  dense(4, bias=false${options})`,
          { name: "sgd", args: { lr: 0.1 } },
          settings,
        ),
        lr: 0.1,
        trainingSetSize: 4,
      } as (typeof cases)[number]);
    ruleAnswers = probe("rules", {
      className: "R",
      theta: theta0,
      gradients: gradientSequence,
      cases,
    }) as typeof ruleAnswers;
  });

  optimizerCases.forEach((c, index) => {
    it(`optimizer ${c.name}`, () => {
      ruleAnswers[index]!.thetas.forEach((theta, step) => {
        theta.forEach((value, i) => {
          const want = c.expected[step]![i]!;
          expect(Math.abs(value - want), `step ${step + 1}, value ${i}`).toBeLessThanOrEqual(
            2e-6 * Math.max(1, Math.abs(want)),
          );
        });
      });
    });
  });

  it("lr_mult scales a tensor's rate, frozen tensors do not move, layer and global λ/n penalties descend", () => {
    const [halved, frozen, penalties] = ruleAnswers.slice(
      optimizerCases.length + scheduleCases.length,
    );
    const close = (got: number[], want: number[]) =>
      got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThanOrEqual(3e-6));
    halved!.thetas.forEach((theta, k) =>
      close(
        theta,
        theta0.map(
          (th, i) => th - 0.05 * gradientSequence.slice(0, k + 1).reduce((s, g) => s + g[i]!, 0),
        ),
      ),
    );
    frozen!.thetas.forEach((theta) => close(theta, theta0));
    // first step: the gradient g plus (l1 + λ₁/n)·sign θ + (l2 + λ₂/n)·θ, n = 4
    close(
      penalties!.thetas[0]!,
      theta0.map(
        (w, i) =>
          w -
          0.1 * (gradientSequence[0]![i]! + (0.01 + 0.3 / 4) * Math.sign(w) + (0.04 + 0.2 / 4) * w),
      ),
    );
  });

  it("every learning-rate schedule, as the seeds write it", () => {
    scheduleCases.forEach((s, index) => {
      const rates = ruleAnswers[optimizerCases.length + index]!.rates;
      s.expected.forEach(([epoch, rate], i) =>
        expect(rates[i], `${s.name} at epoch ${epoch}`).toBeCloseTo(rate, 12),
      );
    });
  });
});
