import { readFileSync } from "node:fs";
import { describe as group, expect, it } from "vitest";
import type { ModelIR } from "../../src/ir/ir.js";
import { checkProgram, summarize } from "../../src/semantics/index.js";

const disk = {
  readFile: (p: string) => {
    try {
      return readFileSync(p, "utf8");
    } catch {
      return undefined;
    }
  },
};
const load = (file: string) => checkProgram(file, disk);
const instance = (file: string, args: Record<string, number>): ModelIR => {
  const found = load(file).program.models.find((m) =>
    Object.entries(args).every(([k, v]) => m.args?.[k] === v),
  );
  if (found === undefined) throw new Error(`no instance of ${file} with ${JSON.stringify(args)}`);
  return found;
};

group("every model in models/ checks cleanly", () => {
  const files = [
    "mlp",
    "lenet5",
    "lenet5-classic",
    "cnn-small",
    "alexnet",
    "vgg16",
    "resnet18",
    "mobilenet",
    "yolo",
  ];
  for (const name of files) {
    it(`${name}.net has no diagnostics`, () =>
      expect(load(`models/${name}.net`).diagnostics).toEqual([]));
  }
  it("every model but the YOLO head has a train section", () => {
    for (const name of files.filter((f) => f !== "yolo"))
      expect(load(`models/${name}.net`).program.trains.length).toBeGreaterThan(0);
  });
});

group("models/lenet5-classic.net: seed 004's LeNet-5", () => {
  const model = load("models/lenet5-classic.net").program.models[0]!;
  const summary = summarize(model);
  const row = (name: string) => summary.layers.find((l) => l.name === name)!;
  it("has 60,840 parameters and 340,908 connections in all", () => {
    expect(summary.totals.params).toBe(60840);
    expect(summary.totals.connections).toBe(340908);
  });
  it("has the seed's per-layer parameters and connections", () => {
    const figures = ["c1", "s2", "c3", "s4", "c5", "f6", "output"].map((n) => [
      n,
      row(n).params,
      row(n).connections,
    ]);
    expect(figures).toEqual([
      ["c1", 156, 122304],
      ["s2", 12, 5880],
      ["c3", 1516, 151600],
      ["s4", 32, 2000],
      ["c5", 48120, 48120],
      ["f6", 10164, 10164],
      ["output", 840, 840],
    ]);
  });
  it("reads 28×28 digits padded to 32×32 and ends in 10 RBF units", () => {
    expect(model.inputShape).toEqual([1, 28, 28]);
    expect(model.nodes[0]!.outputShape).toEqual([1, 32, 32]);
    expect(["c1", "s2", "c3", "s4", "c5"].map((n) => row(n).outputShape)).toEqual([
      [6, 28, 28],
      [6, 14, 14],
      [16, 10, 10],
      [16, 5, 5],
      [120, 1, 1],
    ]);
    expect(row("output").kind).toBe("rbf");
  });
  it("C3's table: 6 maps read 3 inputs, 9 read 4, 1 reads all 6 (packed weight of 60 kernels)", () => {
    const c3 = model.nodes.find((n) => n.id === "c3")!;
    const sizes = (c3.attrs.table as number[][]).map((r) => r.length);
    expect(sizes).toEqual([3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 6]);
    expect(c3.params.map((p) => p.shape)).toEqual([[60, 5, 5], [16]]);
    expect(c3.attrs.tableOffsets).toEqual([
      0, 3, 6, 9, 12, 15, 18, 22, 26, 30, 34, 38, 42, 46, 50, 54, 60,
    ]);
  });
  it("uses the seed's sigmoid after every layer up to F6", () => {
    const kinds = model.nodes.map((n) => n.kind);
    expect(kinds.filter((k) => k === "sigmoid").length).toBe(6);
    expect(kinds.includes("relu")).toBe(false);
  });
});

group("models/cnn-small.net: the small CNNs of seed 001", () => {
  const models = load("models/cnn-small.net").program.models;
  it("CNN (16/32 channels, Linear(32·7·7, 10)) has 28,938 parameters", () =>
    expect(models.find((m) => m.name === "CNN")!.totals.params).toBe(28938));
  it("MNISTConvNet (10/20 channels, 320 → 50 → 10) has 21,840 parameters", () =>
    expect(models.find((m) => m.name === "MNISTConvNet")!.totals.params).toBe(21840));
});

group("models/alexnet.net: seed 003's AlexNet with consistent shapes", () => {
  const result = load("models/alexnet.net");
  const model = result.program.models[0]!;
  it("flattens 256·6·6 = 9,216 values into the seed's classifier", () => {
    const flatten = model.nodes.find((n) => n.kind === "flatten")!;
    expect(flatten.outputShape).toEqual([9216]);
    expect(model.nodes.find((n) => n.kind === "dense")!.params[0]!.shape).toEqual([4096, 9216]);
  });
  it("has 58,322,314 parameters for 10 classes and two LRN layers of size 2", () => {
    expect(model.totals.params).toBe(58322314);
    expect(
      model.nodes
        .filter((n) => n.kind === "lrn")
        .map((n) => [n.attrs.size, n.attrs.alpha, n.attrs.beta, n.attrs.k]),
    ).toEqual([
      [2, 1e-4, 0.75, 1],
      [2, 1e-4, 0.75, 1],
    ]);
  });
  it("trains on CIFAR-10 resized to 227×227", () => {
    const train = result.program.trains[0]!;
    expect(train.sampleShape).toEqual([3, 227, 227]);
    expect(train.optimizer.args.lr).toBe(5e-4);
  });
});

group("models/vgg16.net", () => {
  it("reports 138,357,544 parameters at [3, 224, 224] with 1000 classes", () => {
    const vgg = instance("models/vgg16.net", { classes: 1000, size: 224 });
    expect(vgg.inputShape).toEqual([3, 224, 224]);
    expect(vgg.totals.params).toBe(138357544);
    expect(vgg.nodes.filter((n) => n.kind === "conv2d").length).toBe(13);
    expect(vgg.nodes.filter((n) => n.kind === "dense").length).toBe(3);
  });
  it("is trained as a CIFAR-10 instance (32×32, 10 classes: 33,638,218 parameters)", () => {
    const result = load("models/vgg16.net");
    const train = result.program.trains[0]!;
    const cifar = result.program.models[train.modelIndex!]!;
    expect(cifar.args).toEqual({ classes: 10, size: 32 });
    expect(cifar.totals.params).toBe(33638218);
  });
});

group("models/resnet18.net: seed 003's CIFAR ResNet-18", () => {
  const result = load("models/resnet18.net");
  const model = result.program.models[0]!;
  it("has 11,173,962 parameters", () => expect(model.totals.params).toBe(11173962));
  it("has three 1×1 projection shortcuts (at the three stride-2 blocks) and eight residual joins", () => {
    expect(model.nodes.filter((n) => n.kind === "conv2d" && n.attrs.kernel === 1).length).toBe(3);
    expect(model.nodes.filter((n) => n.kind === "add").length).toBe(8);
  });
  it("rounds down as PyTorch does, and trains with the seed's augmentation and cosine schedule", () => {
    expect(model.options.rounding).toBe("floor");
    const train = result.program.trains[0]!;
    expect(train.data.args).toMatchObject({ crop_pad: 4, flip: true });
    expect(train.schedule).toMatchObject({ name: "cosine", args: { t_max: 200, eta_min: 0 } });
  });
});

group("models/mobilenet.net: MobileNet v1", () => {
  it("has 4,231,976 parameters at 224×224 with 1000 classes", () =>
    expect(instance("models/mobilenet.net", { classes: 1000, size: 224 }).totals.params).toBe(
      4231976,
    ));
  it("uses 13 depthwise convolutions (groups = channels)", () => {
    const m = instance("models/mobilenet.net", { classes: 1000, size: 224 });
    const depthwise = m.nodes.filter((n) => n.kind === "conv2d" && (n.attrs.groups as number) > 1);
    expect(depthwise.length).toBe(13);
    for (const n of depthwise) expect(n.attrs.groups).toBe(n.inputShapes[0]![0]);
  });
});

group("models/yolo.net: a YOLO detection head", () => {
  it("outputs 7×7×30 through a reshape", () => {
    const m = load("models/yolo.net").program.models[0]!;
    const last = m.nodes[m.nodes.length - 1]!;
    expect(last.kind).toBe("reshape");
    expect(last.outputShape).toEqual([7, 7, 30]);
  });
});
