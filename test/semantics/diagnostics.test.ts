import { describe as group, expect, it } from "vitest";
import { checkText } from "../../src/semantics/index.js";
import { diagnosticsOf, model } from "./helpers.js";

const train = (settings: string, name = "M") => `train ${name} {\n${settings}\n}\n`;
const mnistTrain = train("  data = mnist\n  loss = cross_entropy\n  optimizer = adam");

/** Each case: the program and the exact diagnostics ("CODE line:col message | help"). */
const cases: [string, string, string[]][] = [
  [
    "NET0201 unknown layer with did-you-mean",
    model("input [1, 28, 28]\ncovn2d(6, 5)"),
    ["NET0201 3:1 unknown layer 'covn2d' | help: did you mean 'conv2d'?"],
  ],
  [
    "NET0202 unknown argument",
    model("input [1, 28, 28]\nconv2d(6, 5, strid=2)"),
    ["NET0202 3:14 conv2d has no parameter named 'strid' | help: did you mean 'stride'?"],
  ],
  [
    "NET0203 missing argument",
    model("input [1, 28, 28]\nconv2d(6)"),
    [
      "NET0203 3:1 conv2d needs the argument 'kernel' | help: give 'kernel': conv2d(filters, kernel, stride = 1, pad = 0, dilation = 1, groups = 1, bias = true, in_channels = …, …)",
    ],
  ],
  [
    "NET0204 duplicate argument",
    model("input [1, 28, 28]\nconv2d(6, 5, pad=1, pad=2)"),
    [
      "NET0204 3:21 argument 'pad' is given more than once | help: keep one of the two and remove the other",
    ],
  ],
  [
    "NET0205 an int argument rejects 2.0",
    model("input [1, 28, 28]\nconv2d(6, 5, stride=2.0)"),
    [
      "NET0205 3:21 argument 'stride' of conv2d must be an integer or a list of integers, found the float 2.0 | help: integers and floats are distinct; write it without the decimal point: stride = 2",
    ],
  ],
  [
    "NET0206 too many positional",
    model("input [10]\ndense(5, true, 3, 4)"),
    [
      "NET0206 3:19 dense takes at most 3 positional argument(s), found 4 | help: its positional parameters are units, bias, in_features",
    ],
  ],
  [
    "NET0207 undefined name",
    model("input [10]\ndense(unit)", "model M(units = 3)"),
    ["NET0207 3:7 undefined name 'unit' | help: did you mean 'units'?"],
  ],
  [
    "NET0208 recursion through another block",
    "block a(n) {\n  b(n)\n}\nblock b(n) {\n  a(n)\n}\n" + model("input [10]\na(3)"),
    [
      "NET0208 5:3 block 'a' calls itself | help: blocks are expanded where they are called, so they cannot recurse; repeat a block with `* n` instead",
    ],
  ],
  [
    "NET0209 duplicate definition",
    "block a(n) {\n  dense(n)\n}\nblock a(n) {\n  dense(n)\n}\n" + model("input [10]\na(3)"),
    [
      "NET0209 4:7 'a' is already defined | help: models and blocks share one namespace (imports included); rename one of them",
    ],
  ],
  [
    "NET0210 invalid value with did-you-mean",
    model("input [1, 8, 8]\nconv2d(4, 3, stride=0)"),
    [
      "NET0210 3:21 argument 'stride' of conv2d must be at least 1, found 0 | help: for example: stride = 1",
    ],
  ],
  [
    "NET0211 division by zero",
    model("input [10]\nlet x = 3 // 0\ndense(x)"),
    [
      "NET0211 3:9 division by zero: 3 // 0 | help: the right-hand side of / // % must not be zero; check the parameter values this call receives",
    ],
  ],
  [
    "NET0212 positional after named",
    model("input [10]\ndense(units=5, true)"),
    [
      "NET0212 3:16 positional argument after a named argument | help: move it before the named arguments, or name it: units = …",
    ],
  ],
  [
    "NET0213 unknown member of in",
    "block b() {\n  dense(in.channels)\n}\n" + model("input [10]\nb"),
    [
      "NET0213 2:12 'in' has no property 'channels' | help: `in.channels` is dim 0 of a [C, L] or [C, H, W] shape, but the incoming shape is [10]",
    ],
  ],
  [
    "NET0214 repetition count",
    model("input [10]\ndense(3) * 0"),
    [
      "NET0214 3:12 repetition count must be a positive integer, found 0 | help: to leave the layer out, delete it (or make the count at least 1)",
    ],
  ],
  [
    "NET0215 unknown model",
    model("input [784]\ndense(10)") +
      train("  data = mnist\n  loss = cross_entropy\n  optimizer = sgd", "N"),
    ["NET0215 5:7 unknown model 'N' | help: did you mean 'M'?"],
  ],
  [
    "NET0216 unknown option",
    model("option roundin = floor\ninput [10]\ndense(3)"),
    ["NET0216 2:8 unknown option 'roundin' | help: did you mean 'rounding'?"],
  ],
  [
    "NET0217 no input",
    model("dense(3)"),
    [
      "NET0217 1:7 model 'M' has no input statement | help: start the model with its sample shape, e.g. `input [1, 28, 28]`",
    ],
  ],
  [
    "NET0218 input not first",
    model("dense(3)\ninput [10]"),
    [
      "NET0218 3:1 'input' must be the first statement of a model | help: move `input` above the first layer (only `let` and `option` may come before it)",
    ],
  ],
  [
    "NET0301 non-whole output, arithmetic and fitting values",
    model("input [1, 28, 28]\nconv2d(6, 5, stride=2)"),
    [
      "NET0301 3:21 conv2d: output height (28 − 5 + 2·0)/2 + 1 = 12.5 is not a whole number | help: values that fit: stride = 1 (gives 24)",
    ],
  ],
  [
    "NET0301 7×7 input, 3×3 filter, stride 3",
    model("input [1, 7, 7]\nconv2d(1, 3, stride=3)"),
    [
      "NET0301 3:21 conv2d: output height (7 − 3 + 2·0)/3 + 1 ≈ 2.33 is not a whole number | help: values that fit: pad = 1 (gives 3), stride = 2 (gives 3), stride = 4 (gives 2)",
    ],
  ],
  [
    "NET0302 window larger than input",
    model("input [1, 3, 3]\nconv2d(1, 5)"),
    [
      "NET0302 3:11 conv2d: output height (3 − 5 + 2·0)/1 + 1 = -1 is not positive | help: the window (5) is larger than the padded input height (3); use a smaller kernel or more padding",
    ],
  ],
  [
    "NET0303 dense on non-flat",
    model("input [1, 28, 28]\ndense(10)"),
    [
      "NET0303 3:1 dense expects a flat input, found [1, 28, 28] | help: insert `flatten` before dense to turn [1, 28, 28] into [784]",
    ],
  ],
  [
    "NET0304 explicit channel mismatch",
    model("input [3, 32, 32]\nconv2d(6, 5, in_channels=1)"),
    [
      "NET0304 3:26 conv2d expects 1 input channels, found 3 | help: the incoming shape is [3, 32, 32]; write in_channels = 3 or remove it",
    ],
  ],
  [
    "NET0305 residual mismatch",
    model("input [3, 8, 8]\nresidual {\n  conv2d(16, 2, stride=2)\n}"),
    [
      "NET0305 3:1 residual branches disagree: the body gives [16, 4, 4], the shortcut gives [3, 8, 8] | help: add a projection shortcut: `shortcut { conv2d(16, 1, stride=2) }`",
    ],
  ],
  [
    "NET0306 shape assertion",
    model("input [10]\ndense(5) : [6]"),
    [
      "NET0306 3:12 shape assertion failed: expected [6], found [5] | help: if the layers are right, assert : [5]; otherwise change the layers before it",
    ],
  ],
  [
    "NET0307 wrong rank",
    model("input [10]\nmaxpool(2)"),
    [
      "NET0307 3:1 maxpool expects an input of rank 2 or 3 ([C, L] or [C, H, W]), found [10] | help: insert `reshape([1, 10])` before it",
    ],
  ],
  [
    "NET0308 reshape size",
    model("input [10]\nreshape([3, 3])"),
    [
      "NET0308 3:9 reshape: cannot reshape [10] (10 elements) to [3, 3] (9 elements) | help: the element count must stay 10: e.g. [10]",
    ],
  ],
  [
    "NET0309 invalid shape",
    model("input [0, 3]\ndense(3)"),
    [
      "NET0309 2:7 invalid shape [0, 3]: a shape is a list of positive integers | help: write it as a list of sizes, each at least 1, e.g. [1, 28, 28]",
    ],
  ],
  [
    "NET0310 groups",
    model("input [6, 8, 8]\nconv2d(8, 3, groups=4)"),
    [
      "NET0310 3:21 conv2d: the 6 input channels are not divisible by groups = 4 | help: groups must divide both the 6 input and the 8 output channels; values that fit: 1, 2",
    ],
  ],
  [
    "NET0401 class count",
    model("input [1, 28, 28]\nflatten -> dense(5)") + mnistTrain,
    [
      "NET0401 3:12 the model outputs 5 values but the data has 10 classes | help: the last layer should output [10], e.g. dense(10)",
    ],
  ],
  [
    "NET0402 data shape",
    model("input [3, 32, 32]\nflatten -> dense(10)") + mnistTrain,
    [
      "NET0402 6:3 the data gives samples of shape [1, 28, 28] but the model's input is [3, 32, 32] | help: change the model's input to `input [1, 28, 28]` (or `input [784]` for a flat input)",
    ],
  ],
  [
    "NET0403 unknown train key",
    model("input [784]\ndense(10)") +
      train("  data = mnist\n  loss = cross_entropy\n  optimizer = adam\n  epoch = 3"),
    ["NET0403 9:3 unknown train setting 'epoch' | help: did you mean 'epochs'?"],
  ],
  [
    "NET0404/0406/0409 unknown train entries and NET0210 optimizer argument",
    model("input [784]\ndense(10)") +
      train("  data = mnst\n  loss = cross_entropi\n  optimizer = sgd(lr = 0)\n  schedule = cosin"),
    [
      "NET0406 6:10 unknown data source 'mnst' | help: did you mean 'mnist'?",
      "NET0404 7:10 unknown loss 'cross_entropi' | help: did you mean 'cross_entropy'?",
      "NET0210 8:19 argument 'lr' of sgd must be greater than 0, found 0 | help: for example: lr = 0.01",
      "NET0409 9:14 unknown learning-rate schedule 'cosin' | help: did you mean 'cosine'?",
    ],
  ],
  [
    "NET0405 unknown optimizer",
    model("input [784]\ndense(10)") +
      train("  data = mnist\n  loss = cross_entropy\n  optimizer = adma(lr = 0.1)"),
    ["NET0405 8:15 unknown optimizer 'adma' | help: did you mean 'adam'?"],
  ],
  [
    "NET0407 missing train keys",
    model("input [784]\ndense(10)") + train("  data = mnist"),
    [
      "NET0407 5:7 train section needs 'loss' | help: add a line to the train section, e.g. `loss = cross_entropy`",
      "NET0407 5:7 train section needs 'optimizer' | help: add a line to the train section, e.g. `optimizer = sgd(lr = 0.01)`",
    ],
  ],
  [
    "NET0501 softmax before cross_entropy",
    model("input [1, 28, 28]\nflatten -> dense(10) -> softmax") + mnistTrain,
    [
      "NET0501 3:25 softmax before cross_entropy applies softmax twice | help: remove the softmax: cross_entropy takes logits",
    ],
  ],
  [
    "NET0502 dropout last",
    model("input [10]\ndense(10) -> dropout"),
    [
      "NET0502 3:14 dropout is the last layer | help: remove it, or move it before the last dense layer",
    ],
  ],
  [
    "NET0503 sigmoid with a multi-class loss",
    model("input [1, 28, 28]\nflatten -> dense(10) -> sigmoid") +
      train("  data = mnist\n  loss = nll\n  optimizer = adam"),
    [
      "NET0503 3:25 sigmoid output with the multi-class loss nll | help: remove the sigmoid; nll expects log-probabilities",
    ],
  ],
  [
    "NET0504 unused block",
    "block unused() {\n  relu\n}\n" + model("input [10]\ndense(3)"),
    [
      "NET0504 1:7 block 'unused' is never used | help: call it in a model (`unused(…)`), or remove it",
    ],
  ],
  [
    "NET0601 missing import",
    'import "missing.net"\n' + model("input [10]\ndense(3)"),
    [
      "NET0601 1:8 cannot read imported file 'missing.net': no such file | help: import paths are relative to the importing file; check the name and the folder",
    ],
  ],
];

group("every diagnostic kind, with its exact message and position", () => {
  for (const [title, text, expected] of cases)
    it(title, () => expect(diagnosticsOf(text)).toEqual(expected));
});

group("spans, fixes and files", () => {
  it("NET0303 carries a fix inserting `flatten -> ` before the dense call", () => {
    const d = checkText("/m/x.net", model("input [1, 28, 28]\ndense(10)")).diagnostics[0]!;
    expect(d.fix!.edits).toEqual([
      { span: expect.objectContaining({ start: 28, end: 28 }), newText: "flatten -> " },
    ]);
  });
  it("NET0305 carries a fix adding the projection shortcut after the residual", () => {
    const text = model("input [3, 8, 8]\nresidual {\n  conv2d(16, 3, pad=1)\n}");
    const d = checkText("/m/x.net", text).diagnostics[0]!;
    const edit = d.fix!.edits[0]!;
    expect(edit.newText).toBe(" shortcut { conv2d(16, 1) }");
    const fixed = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
    expect(checkText("/m/x.net", fixed).diagnostics).toEqual([]);
  });
  it("NET0401 labels the data setting", () => {
    const d = checkText("/m/x.net", model("input [1, 28, 28]\nflatten -> dense(5)") + mnistTrain)
      .diagnostics[0]!;
    expect(d.labels.map((l) => [l.span.line, l.message])).toEqual([[6, "mnist has 10 classes"]]);
  });
  it("NET0602 import cycle, reported in the file whose import closes it", () => {
    const r = checkText("/m/a.net", 'import "b.net"\n' + model("input [10]\ndense(3)"), {
      "/m/b.net": 'import "a.net"\n',
    });
    expect(r.diagnostics.map((d) => [d.code, d.span.file, d.span.line, d.message])).toEqual([
      ["NET0602", "/m/b.net", 1, "import cycle: a.net → b.net → a.net"],
    ]);
  });
  it("errors in a block are reported at the block's file", () => {
    const r = checkText("/m/a.net", 'import "lib/blocks.net"\n' + model("input [10]\nhead(5)"), {
      "/m/lib/blocks.net": "block head(n) {\n  dense(n) -> flaten\n}\n",
    });
    expect(r.diagnostics.map((d) => [d.code, d.span.file, d.span.line, d.span.column])).toEqual([
      ["NET0201", "/m/lib/blocks.net", 2, 15],
    ]);
  });
  it("later calls are still checked by name and arguments after a shape error", () => {
    expect(
      diagnosticsOf(model("input [1, 28, 28]\ndense(10) -> relux -> conv2d(3, 3, strde=1)")).map(
        (l) => l.slice(0, 7),
      ),
    ).toEqual(["NET0303", "NET0201", "NET0202"]);
  });
});
