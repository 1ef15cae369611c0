import { describe as group, expect, it } from "vitest";
import type { LayerNode } from "../../src/ir/ir.js";
import { checkText, summarize } from "../../src/semantics/index.js";
import { adaptiveBins } from "../../src/layers/adaptive_avgpool/definition.js";
import { getDefinition } from "../../src/layers/definitions.js";
import { diagnosticsOf, model } from "./helpers.js";

/** The nodes of a one-model program that must check without errors. */
function nodes(body: string): LayerNode[] {
  const r = checkText("/m/x.net", model(body));
  expect(
    r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`),
  ).toEqual([]);
  return [...r.program.models[0]!.nodes];
}
const codes = (body: string) => diagnosticsOf(model(body)).map((d) => d.split(" ")[0]);

group("subsample (LeNet-5's S2/S4)", () => {
  it("halves [6, 28, 28] with one coefficient and one bias per map: 12 parameters, 5,880 connections", () => {
    const [s2] = nodes("input [6, 28, 28]\nsubsample(2)");
    expect(s2!.outputShape).toEqual([6, 14, 14]);
    expect(s2!.params.map((p) => [p.name, p.shape])).toEqual([
      ["weight", [6]],
      ["bias", [6]],
    ]);
    expect(s2!.counts.connections).toBe(5880);
  });
  it("starts as average pooling: coefficient 1/k², bias 0", () => {
    const [s] = nodes("input [2, 6, 6]\nsubsample(3)");
    expect(s!.params[0]!.init.distribution).toEqual({ kind: "constant", value: 1 / 9 });
    expect(s!.params[1]!.init.name).toBe("zeros");
  });
  it("reports a window that does not tile (27 is odd)", () =>
    expect(codes("input [6, 27, 27]\nsubsample(2)")).toEqual(["NET0301"]));
  it("passes the window's geometry to emitters, the stride defaulting to the kernel", () => {
    const [s] = nodes("input [6, 28, 28]\nsubsample(2)");
    const axis = { kernel: 2, stride: 2, dilation: 1, padBefore: 0, padAfter: 0, size: 28 };
    expect(s!.attrs.window).toEqual({
      axes: [
        { name: "height", ...axis, output: 14 },
        { name: "width", ...axis, output: 14 },
      ],
      channelsIn: 6,
      channelsOut: 6,
      groups: 6,
    });
  });
});

group("conv2d_table (LeNet-5's C3)", () => {
  it("counts only the connected kernels: table [[0], [0, 1]] on 2 maps, 3×3 → weight [3, 3, 3], 3·9 + 2 = 29 parameters", () => {
    const [c] = nodes("input [2, 5, 5]\nconv2d_table(2, 3, table = [[0], [0, 1]])");
    expect(c!.outputShape).toEqual([2, 3, 3]);
    expect(c!.params.map((p) => p.shape)).toEqual([[3, 3, 3], [2]]);
    expect(c!.counts.params).toBe(29);
    expect(c!.counts.connections).toBe(9 * 29);
    expect(c!.counts.macs).toBe(9 * 27);
    expect(c!.attrs.tableOffsets).toEqual([0, 1, 3]);
  });
  it("reports a table with the wrong number of rows", () => {
    const d = diagnosticsOf(model("input [2, 5, 5]\nconv2d_table(3, 3, table = [[0], [1]])"));
    expect(d).toEqual([
      "NET0312 3:28 conv2d_table: connection table has 2 row(s) but filters = 3 | help: give one list of input maps per output map (3 lists)",
    ]);
  });
  it("reports an input map that does not exist, a repeated one and an empty row", () => {
    expect(
      diagnosticsOf(model("input [2, 5, 5]\nconv2d_table(2, 3, table = [[0], [2]])"))[0],
    ).toContain("row 1 names input map 2, but the input [2, 5, 5] has maps 0…1");
    expect(
      diagnosticsOf(model("input [2, 5, 5]\nconv2d_table(1, 3, table = [[1, 1]])"))[0],
    ).toContain("row 0 names input map 1 twice");
    expect(diagnosticsOf(model("input [2, 5, 5]\nconv2d_table(1, 3, table = [[]])"))[0]).toContain(
      "row 0 is empty",
    );
  });
});

group("rbf (LeNet-5's output)", () => {
  it("84 → 10: centres [10, 84], 840 parameters and connections, no bias", () => {
    const [, r] = nodes("input [84]\nflatten -> rbf(10)");
    expect(r!.outputShape).toEqual([10]);
    expect(r!.params.map((p) => [p.name, p.shape])).toEqual([["weight", [10, 84]]]);
    expect([r!.counts.params, r!.counts.connections]).toEqual([840, 840]);
  });
  it("needs a flat input", () => expect(codes("input [4, 2, 2]\nrbf(10)")).toEqual(["NET0307"]));
  it("warns when distances feed cross_entropy without negate", () => {
    const text = `model M {\n  input [1, 28, 28]\n  flatten -> rbf(10)\n}\ntrain M {\n  data = mnist\n  loss = cross_entropy\n  optimizer = sgd\n}\n`;
    expect(diagnosticsOf(text)).toEqual([
      "NET0506 3:14 rbf outputs squared distances (the smallest is the predicted class), but cross_entropy treats the largest output as the class | help: write `rbf(10, negate = true)` so that the closest centre gives the largest output",
    ]);
    expect(diagnosticsOf(text.replace("rbf(10)", "rbf(10, negate = true)"))).toEqual([]);
  });
});

group("lrn", () => {
  it("keeps the shape and has PyTorch's defaults α = 1e-4, β = 0.75, k = 1", () => {
    const [n] = nodes("input [96, 55, 55]\nlrn(2)");
    expect(n!.outputShape).toEqual([96, 55, 55]);
    expect(n!.attrs).toMatchObject({ size: 2, alpha: 1e-4, beta: 0.75, k: 1 });
    expect(n!.params).toEqual([]);
  });
  it("resolves PyTorch's channel window: size 2 → [c−1, c], size 5 → [c−2, c+2]", () => {
    expect(nodes("input [8, 4, 4]\nlrn(2)")[0]!.attrs).toMatchObject({
      windowBefore: 1,
      windowAfter: 0,
    });
    expect(nodes("input [8, 4, 4]\nlrn(5, k = 2.0)")[0]!.attrs).toMatchObject({
      windowBefore: 2,
      windowAfter: 2,
      k: 2,
    });
  });
  it("requires the size", () => expect(codes("input [8, 4, 4]\nlrn")).toEqual(["NET0203"]));
});

group("adaptive_avgpool", () => {
  it("uses PyTorch's bins [⌊i·In/Out⌋, ⌈(i+1)·In/Out⌉)", () => {
    expect(adaptiveBins(5, 3)).toEqual([
      [0, 2],
      [1, 4],
      [3, 5],
    ]);
    expect(adaptiveBins(13, 6)).toEqual([
      [0, 3],
      [2, 5],
      [4, 7],
      [6, 9],
      [8, 11],
      [10, 13],
    ]);
  });
  it("[256, 13, 13] → adaptive_avgpool(6) → [256, 6, 6]; [4, 10] → [4, 3]", () => {
    const [p] = nodes("input [256, 13, 13]\nadaptive_avgpool(6)");
    expect(p!.outputShape).toEqual([256, 6, 6]);
    expect((p!.attrs.bins as number[][][]).map((axis) => axis.length)).toEqual([6, 6]);
    expect(p!.counts.macs).toBe(256 * 18 * 18);
    expect(nodes("input [4, 10]\nadaptive_avgpool(3)")[0]!.outputShape).toEqual([4, 3]);
    expect(nodes("input [4, 9, 7]\nadaptive_avgpool([1, 2])")[0]!.outputShape).toEqual([4, 1, 2]);
  });
  it("reports an output list with the wrong number of axes", () => {
    expect(diagnosticsOf(model("input [4, 9, 7]\nadaptive_avgpool([1, 2, 3])"))[0]).toContain(
      "NET0210",
    );
  });
});

group("maxout, prelu, leaky_relu, elu, noise", () => {
  it("maxout(100, 3) on [784]: weight [100, 3, 784], bias [100, 3], 235,500 parameters", () => {
    const [m] = nodes("input [784]\nmaxout(100, 3)");
    expect(m!.outputShape).toEqual([100]);
    expect(m!.params.map((p) => p.shape)).toEqual([
      [100, 3, 784],
      [100, 3],
    ]);
    expect(m!.counts.params).toBe(235500);
  });
  it("prelu: one slope per channel (seed 001) starting at 0.25, or one shared; never penalized", () => {
    const [p] = nodes("input [16, 8, 8]\nprelu(l2 = 0.1)");
    expect(p!.params.map((t) => [t.name, t.shape, t.init.distribution, t.l2, t.penalized])).toEqual(
      [["alpha", [16], { kind: "constant", value: 0.25 }, 0, false]],
    );
    expect(nodes("input [16, 8, 8]\nprelu(per_channel = false)")[0]!.params[0]!.shape).toEqual([1]);
  });
  it("leaky_relu defaults to a = 0.01 and elu to alpha = 1; both keep the shape", () => {
    const [l, e] = nodes("input [10]\nleaky_relu -> elu");
    expect([l!.attrs.a, e!.attrs.alpha, l!.outputShape, e!.outputShape]).toEqual([
      0.01,
      1,
      [10],
      [10],
    ]);
    expect(nodes("input [10]\nleaky_relu(0.1)")[0]!.attrs.a).toBe(0.1);
  });
  it("noise needs its std and only acts while training", () => {
    expect(codes("input [10]\nnoise")).toEqual(["NET0203"]);
    expect(nodes("input [10]\nnoise(0.1)")[0]!.attrs.std).toBe(0.1);
    expect(getDefinition("noise")!.trainingDependent).toBe(true);
  });
});

group("groupnorm (Wu & He 2018)", () => {
  it("keeps the shape, with a gamma and a beta per channel, on [C], [C, L] and [C, H, W]", () => {
    for (const input of ["[8]", "[8, 5]", "[8, 3, 3]"]) {
      const [g] = nodes(`input ${input}\ngroupnorm(4)`);
      expect(g!.outputShape).toEqual(JSON.parse(input));
      expect(g!.params.map((p) => [p.name, p.shape, p.init.name, p.penalized])).toEqual([
        ["gamma", [8], "ones", false],
        ["beta", [8], "zeros", false],
      ]);
      expect(g!.attrs).toEqual({ groups: 4, eps: 1e-5 });
    }
  });
  it("reports groups that do not divide the channels, with the values that fit", () =>
    expect(diagnosticsOf(model("input [6, 4, 4]\ngroupnorm(4)"))).toEqual([
      "NET0310 3:11 groupnorm: the 6 input channels are not divisible by groups = 4 | help: groups must divide the 6 channels; values that fit: 1, 2, 3, 6",
    ]));
});

group("initializers (seed 001) and the summary", () => {
  it("records the chosen initializer with PyTorch's fans, and the summary shows it", () => {
    const r = checkText(
      "/m/x.net",
      model(
        "input [1, 28, 28]\nconv2d(6, 5, init = he_normal, bias_init = zeros) -> flatten -> dense(10, init = glorot_uniform)",
      ),
    );
    const m = r.program.models[0]!;
    expect(m.nodes[0]!.params[0]!.init).toMatchObject({
      name: "he_normal",
      distribution: { kind: "normal", mean: 0, std: Math.sqrt(2 / 25) },
    });
    const fans = 3456 + 10; // dense(10) on the flattened [6, 24, 24]: fan_in 3,456, fan_out 10
    expect(m.nodes[2]!.params[0]!.init).toMatchObject({
      name: "xavier_uniform",
      distribution: { kind: "uniform", high: Math.sqrt(6 / fans) },
    });
    expect(summarize(m).layers[0]!.init).toBe("weight: he_normal, bias: zeros");
  });
  it("normal and uniform take their parameters", () => {
    const [c] = nodes(
      "input [3]\ndense(2, init = normal, init_std = 0.1) -> dense(2, init = uniform, init_low = -0.5, init_high = 0.5)",
    );
    expect(c!.params[0]!.init.distribution).toEqual({ kind: "normal", mean: 0, std: 0.1 });
  });
});

group("NET0505: a conditional shortcut never taken", () => {
  const text = (calls: string) =>
    `block unit(out, stride = 1) {\n  residual {\n    conv2d(out, 3, stride = stride, pad = 1)\n  } shortcut if stride != 1 {\n    conv2d(out, 1, stride = stride)\n  }\n}\nmodel M {\n  input [4, 9, 9]\n  ${calls}\n}\n`;
  it("is reported once when no instance takes it", () =>
    expect(diagnosticsOf(text("unit(4) * 2"))).toEqual([
      "NET0505 4:17 the shortcut condition is false here, so the shortcut is the identity | help: if the identity is what you want everywhere, remove the shortcut; otherwise check the condition",
    ]));
  it("is silent when some instance takes it (ResNet's basic block)", () =>
    expect(diagnosticsOf(text("unit(4, stride = 2) -> unit(4)"))).toEqual([]));
});
