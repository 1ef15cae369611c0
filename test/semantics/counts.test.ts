import { readFileSync } from "node:fs";
import { describe as group, expect, it } from "vitest";
import { windowOf, type LayerNode } from "../../src/ir/ir.js";
import { checkProgram, checkText, summarize } from "../../src/semantics/index.js";
import { model } from "./helpers.js";

const disk = {
  readFile: (p: string) => {
    try {
      return readFileSync(p, "utf8");
    } catch {
      return undefined;
    }
  },
};

group("models/lenet5.net (modern LeNet-5 of DESIGN.md)", () => {
  const result = checkProgram("models/lenet5.net", disk);
  const lenet = result.program.models[0]!;
  it("checks without diagnostics", () => expect(result.diagnostics).toEqual([]));
  it("has 61,706 parameters", () => expect(lenet.totals.params).toBe(61706));
  it("has the shapes of DESIGN.md after each stage", () => {
    const shapes = lenet.nodes
      .filter((n) => ["conv2d", "maxpool2d", "flatten", "dense"].includes(n.kind))
      .map((n) => n.outputShape);
    expect(shapes).toEqual([
      [6, 28, 28],
      [6, 14, 14],
      [16, 10, 10],
      [16, 5, 5],
      [400],
      [120],
      [84],
      [10],
    ]);
  });
  it("uses PyTorch layouts for weights", () => {
    expect(lenet.nodes[0]!.params.map((p) => p.shape)).toEqual([[6, 1, 5, 5], [6]]);
    expect(lenet.nodes.find((n) => n.id === "dense_1")!.params[0]!.shape).toEqual([120, 400]);
  });
  it("counts C1's connections as (25+1)·6·784 = 122,304 and its MACs as 25·6·784", () => {
    expect(lenet.nodes[0]!.counts.connections).toBe(122304);
    expect(lenet.nodes[0]!.counts.macs).toBe(117600);
  });
  it("summarizes rows with ids, shapes and PyTorch's default initializer", () => {
    const s = summarize(lenet);
    expect(s.layers[0]).toEqual({
      name: "conv2d_1",
      kind: "conv2d",
      outputShape: [6, 28, 28],
      params: 156,
      macs: 117600,
      connections: 122304,
      trainable: true,
      init: "weight: uniform(±0.2), bias: uniform(±0.2)",
    });
    expect(s.layers[1]!.trainable).toBe(false);
    expect(s.totals).toEqual({
      params: 61706,
      trainableParams: 61706,
      macs: 416520,
      connections: 423038,
    });
  });
  it("compiles its train section", () => {
    const t = result.program.trains[0]!;
    expect([t.data.name, t.loss.name, t.optimizer.name, t.batch, t.epochs, t.seed]).toEqual([
      "mnist",
      "cross_entropy",
      "sgd",
      64,
      8,
      42,
    ]);
    expect(t.optimizer.args).toMatchObject({ lr: 0.01, momentum: 0.9, nesterov: false });
    expect(t.data.args).toMatchObject({ normalize: [0.1307, 0.3081], validation: 0.1 });
  });
});

group("models/mlp.net (784-500-10 of seed 001)", () => {
  const result = checkProgram("models/mlp.net", disk);
  it("has 397,510 parameters and connections equal to parameters for dense layers", () => {
    expect(result.diagnostics).toEqual([]);
    const mlp = result.program.models[0]!;
    expect(mlp.totals.params).toBe(397510);
    expect(mlp.totals.connections).toBe(397510);
  });
  it("uses Adam with the seed's defaults", () => {
    expect(result.program.trains[0]!.optimizer.args).toEqual({
      lr: 0.001,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      weight_decay: 0,
      decoupled: false,
    });
  });
});

function only(text: string) {
  const r = checkText("/m/x.net", text);
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.program.models[0]!;
}

group("the shape rule", () => {
  it("32×32, 5×5, stride 1 → 28", () =>
    expect(only(model("input [1, 32, 32]\nconv2d(6, 5)")).nodes[0]!.outputShape).toEqual([
      6, 28, 28,
    ]));
  it("AlexNet conv1: (227 − 11)/4 + 1 = 55, 96·(3·121 + 1) = 34,944 parameters", () => {
    const m = only(model("input [3, 227, 227]\nconv2d(96, 11, stride=4)"));
    expect(m.nodes[0]!.outputShape).toEqual([96, 55, 55]);
    expect(m.nodes[0]!.counts.params).toBe(34944);
  });
  it("dilation: (32 − 2·(3−1) − 1 + 2·0)/1 + 1 = 28", () =>
    expect(
      only(model("input [1, 32, 32]\nconv2d(1, 3, dilation=2)")).nodes[0]!.outputShape,
    ).toEqual([1, 28, 28]));
  it("per-axis kernel and stride lists", () =>
    expect(
      only(model("input [1, 28, 21]\nconv2d(2, [5, 3], stride=[1, 2])")).nodes[0]!.outputShape,
    ).toEqual([2, 24, 10]));
  it("pad = same keeps ceil(W/S), padding resolved for emitters (the odd one after)", () => {
    const n = only(model("input [1, 28, 28]\nconv2d(4, 4, stride=2, pad=same)")).nodes[0]!;
    expect(n.outputShape).toEqual([4, 14, 14]);
    const pads = (node: LayerNode) => windowOf(node)!.axes.map((a) => [a.padBefore, a.padAfter]);
    expect(pads(n)).toEqual([
      [1, 1],
      [1, 1],
    ]);
    const odd = only(model("input [1, 28, 28]\nconv2d(4, 4, stride=3, pad=same)")).nodes[0]!;
    expect(odd.outputShape).toEqual([4, 10, 10]);
    // (10 − 1)·3 + 4 − 28 = 3 zeros: 1 before, 2 after, as TensorFlow pads
    expect(pads(odd)).toEqual([
      [1, 2],
      [1, 2],
    ]);
  });
  it("floor rounding opt-in: (28 − 5)/2 + 1 = 12.5 → 12", () =>
    expect(
      only(model("option rounding = floor\ninput [1, 28, 28]\nconv2d(6, 5, stride=2)")).nodes[0]!
        .outputShape,
    ).toEqual([6, 12, 12]));
  it("pooling stride defaults to the kernel; avgpool; conv1d; global pooling", () => {
    const m = only(
      model("input [3, 32, 32]\nmaxpool(2) -> avgpool(2, stride=1) -> global_avgpool2d"),
    );
    expect(m.nodes.map((n) => [n.kind, n.outputShape])).toEqual([
      ["maxpool2d", [3, 16, 16]],
      ["avgpool2d", [3, 15, 15]],
      ["global_avgpool", [3]],
    ]);
    expect(
      only(model("input [2, 100]\nconv1d(4, 5, stride=5) -> maxpool(2)")).nodes.map(
        (n) => n.outputShape,
      ),
    ).toEqual([
      [4, 20],
      [4, 10],
    ]);
  });
  it("grouped convolution weight [out, in/groups, k, k] and bias off", () => {
    const n = only(model("input [32, 8, 8]\nconv2d(32, 3, pad=1, groups=32, bias=false)"))
      .nodes[0]!;
    expect(n.params.map((p) => p.shape)).toEqual([[32, 1, 3, 3]]);
    expect(n.counts.connections).toBe(9 * 32 * 64);
  });
  it("batchnorm: gamma and beta per channel, running statistics as buffers", () => {
    const n = only(model("input [16, 4, 4]\nbatchnorm")).nodes[0]!;
    expect(n.params.map((p) => [p.name, p.shape, p.init.name])).toEqual([
      ["gamma", [16], "ones"],
      ["beta", [16], "zeros"],
    ]);
    expect(n.buffers).toEqual([
      { name: "running_mean", shape: [16], fill: 0 },
      { name: "running_var", shape: [16], fill: 1 },
    ]);
    expect(n.attrs).toEqual({ eps: 1e-5, momentum: 0.1 });
  });
  it("zeropad2d(2) makes LeNet-5 classic's 32×32; reshape", () => {
    expect(
      only(model("input [1, 28, 28]\nzeropad2d(2) -> flatten -> reshape([16, 64])")).nodes.map(
        (n) => n.outputShape,
      ),
    ).toEqual([[1, 32, 32], [1024], [16, 64]]);
  });
  it("per-layer options: init, frozen, lr_mult, l2 on weights only, name", () => {
    const n = only(
      model(
        'input [4]\ndense(2, init = glorot_uniform, bias_init = constant, bias_value = 0.5, frozen = true, lr_mult = 0.1, l2 = 1e-4, name = "fc")',
      ),
    ).nodes[0]!;
    expect(n.id).toBe("fc");
    expect(
      n.params.map((p) => [p.name, p.init.name, p.trainable, p.lrMultiplier, p.l2, p.penalized]),
    ).toEqual([
      ["weight", "xavier_uniform", false, 0.1, 1e-4, true],
      ["bias", "constant", false, 0.1, 0, false],
    ]);
    // Glorot's bound from fan_in 4 and fan_out 2
    expect(n.params[0]!.init.distribution).toMatchObject({ high: 1 });
    expect(n.counts.trainableParams).toBe(0);
  });
});
