import { describe as group, expect, it } from "vitest";
import { checkText } from "../../src/semantics/index.js";

const basic = `
block basic(out, stride = 1) {
  residual {
    conv2d(out, 3, stride=stride, pad=1, bias=false) -> batchnorm -> relu
    conv2d(out, 3, pad=1, bias=false) -> batchnorm
  } shortcut if stride != 1 or in.channels != out {
    conv2d(out, 1, stride=stride, bias=false) -> batchnorm
  }
  relu
}
`;

const resnet18 = `${basic}
model ResNet18(classes = 10) {
  option rounding = floor          # (32 − 3 + 2·1)/2 + 1 = 16.5: PyTorch's floor
  input [3, 32, 32]
  conv2d(64, 3, pad=1, bias=false) -> batchnorm -> relu
  basic(64) * 2
  basic(128, stride=2) -> basic(128)
  basic(256, stride=2) -> basic(256)
  basic(512, stride=2) -> basic(512)
  avgpool(4) -> flatten -> dense(classes)
}
`;

group("blocks, repetition and residuals", () => {
  const r = checkText("/m/resnet.net", resnet18);
  const m = r.program.models[0]!;
  it("expands the CIFAR ResNet-18 of seed 003 to 11,173,962 parameters", () => {
    expect(r.diagnostics).toEqual([]);
    expect(m.totals.params).toBe(11173962);
  });
  it("uses the identity shortcut when the condition is false and a projection when true", () => {
    const adds = m.nodes.filter((n) => n.kind === "add");
    expect(adds).toHaveLength(8);
    // basic(64) keeps shape: its add joins the body with the block's input directly.
    const first = adds[0]!;
    expect(first.inputs[1]).toBe("relu_1");
    // basic(128, stride=2) projects: its shortcut ends in a batchnorm after a 1×1 conv.
    const third = adds[2]!;
    const shortcutEnd = m.nodes.find((n) => n.id === third.inputs[1])!;
    expect(shortcutEnd.kind).toBe("batchnorm");
    const projection = m.nodes.find((n) => n.id === shortcutEnd.inputs[0])!;
    expect([projection.kind, projection.params[0]!.shape, projection.outputShape]).toEqual([
      "conv2d",
      [128, 64, 1, 1],
      [128, 16, 16],
    ]);
    expect(third.outputShape).toEqual([128, 16, 16]);
  });
  it("records the block call stack on expanded nodes", () => {
    const conv = m.nodes.find((n) => n.id === "conv2d_2")!;
    expect(conv.callStack.map((c) => [c.block, c.span.line])).toEqual([["basic", 16]]);
  });
  it("a train section's arguments instantiate the model again", () => {
    const withTrain = checkText(
      "/m/resnet.net",
      resnet18 +
        "train ResNet18(classes = 100) {\n  data = cifar10\n  loss = cross_entropy\n  optimizer = sgd(lr = 0.1, momentum = 0.9)\n  schedule = cosine(t_max = 8)\n}\n",
    );
    expect(withTrain.diagnostics.map((d) => d.code)).toEqual(["NET0401"]);
    const t = withTrain.program.models[1]!;
    expect([t.args, t.nodes.at(-1)!.outputShape]).toEqual([{ classes: 100 }, [100]]);
  });
  it("`in`, let, parameter defaults using earlier parameters, repetition with `* n`", () => {
    const text = `
block widen(factor, extra = factor + 1) {
  let wide = in.channels * factor
  conv2d(wide, 1) -> conv2d(in.channels + extra, 1)
}
model M(n = 3) {
  input [2, 4, 4]
  widen(2) * n : [5, 4, 4]
}
`;
    const res = checkText("/m/x.net", text);
    // `in` is the shape entering the statement: channels 2 → wide 4 → 2 + 3 = 5; then 5 → 10 → 8; then 8 → 16 → 11.
    const shapes = res.program.models[0]?.nodes.map((n) => n.outputShape[0]);
    expect(res.diagnostics.map((d) => d.message)).toEqual([
      "shape assertion failed: expected [5, 4, 4], found [11, 4, 4]",
    ]);
    expect(shapes).toEqual([4, 5, 10, 8, 16, 11]);
  });
  it("evaluates constant expressions: // and % on ints, / gives a float, conditionals, and/or/not", () => {
    const text = `model M(a = 7) {\n  let half = a // 2\n  input [a % 4 + 1]\n  dense(half * 2 if a / 2 > 3.4 and not false else 1) : [6]\n}\n`;
    const res = checkText("/m/x.net", text);
    expect(res.diagnostics).toEqual([]);
    expect(res.program.models[0]!.inputShape).toEqual([4]);
  });
  it("finds the nodes at a source offset (for the language server)", () => {
    const offset = resnet18.indexOf("basic(64)");
    const hits = r.nodes.at("/m/resnet.net", offset);
    // Two expansions of basic(64), each conv, batchnorm, relu, conv, batchnorm, add, relu.
    expect(hits.length).toBe(2 * 7);
    expect(hits.every((h) => !h.direct)).toBe(true);
  });
});
