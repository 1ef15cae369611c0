import { describe as group, expect, it } from "vitest";
import { checkText } from "../../src/semantics/index.js";
import { describe, model } from "./helpers.js";

/**
 * Inputs that hung the checker or passed absurd sizes silently (issue 11, items 4–6).
 * Each must become diagnostics, within a second: the time bounds below are bounds
 * against hangs (each of these inputs once took from seconds to forever), not speed
 * claims.
 */
function checkWithin(text: string, bound = 1000): string[] {
  const started = performance.now();
  const result = checkText("/m/main.net", text);
  expect(performance.now() - started).toBeLessThan(bound);
  return describe(result);
}

group("the search for values that fit is bounded (item 4)", () => {
  it("answers a stride of 100,000,000 at once, with the stride that fits", () => {
    expect(checkWithin(model("input [4, 28, 28]\nconv2d(4, 3, stride=100000000, pad=1)"))).toEqual([
      "NET0301 3:21 conv2d: output height (28 − 3 + 2·1)/100000000 + 1 ≈ 1.00 is not a whole number | help: values that fit: stride = 27 (gives 2)",
    ]);
  });

  it("answers the largest exact stride, whose neighbours above are not representable", () => {
    const [first] = checkWithin(
      model("input [4, 28, 28]\nconv2d(4, 3, stride=9007199254740991, pad=1)"),
    );
    expect(first).toContain("NET0301 3:21 conv2d: output height");
    expect(first).toContain("values that fit: stride = 27 (gives 2)");
  });

  it("answers a kernel of a billion padded to fit, whose pads are not searched one by one", () => {
    const [first] = checkWithin(
      model("input [4, 28, 28]\nconv2d(4, 999999999, pad=499999990, stride=2)"),
    );
    expect(first).toMatch(/^NET0301 3:\d+ conv2d: output height .* is not a whole number/);
  });

  it("answers groups that fit for channel counts of two billion", () => {
    // the search used to try every number up to the smaller channel count, for every conv
    expect(
      checkWithin(model("input [2147483629, 1]\nconv1d(2147483628, 1, groups=2)")).filter((d) =>
        d.startsWith("NET0310"),
      ),
    ).toEqual([
      "NET0310 3:30 conv1d: the 2147483629 input channels are not divisible by groups = 2 | help: groups must divide both the 2147483629 input and the 2147483628 output channels; values that fit: 1",
    ]);
    expect(
      checkWithin(model("input [999983, 2]\nconv1d(1999966, 1, groups=2)")).filter((d) =>
        d.startsWith("NET0310"),
      ),
    ).toEqual([
      "NET0310 3:27 conv1d: the 999983 input channels are not divisible by groups = 2 | help: groups must divide both the 999983 input and the 1999966 output channels; values that fit: 1, 999983",
    ]);
  });

  it("reports the stride of 99999999999999999999 at the literal", () => {
    const found = checkWithin(
      model("input [4, 28, 28]\nconv2d(4, 3, stride=99999999999999999999, pad=1)"),
    );
    expect(found[0]).toMatch(/^NET0108 3:21 /);
  });
});

group("repetition and expansion are bounded (item 5)", () => {
  it("reports `relu * 100000000` at its count before expanding it", () => {
    expect(checkWithin(model("input [4]\nrelu * 100000000"))).toEqual([
      "NET0220 3:8 repeating relu 100000000 times makes 100000000 × 1 = 100000000 layers, more than the limit of 10000 | help: repeat it at most 10000 times",
    ]);
  });

  it("allows exactly the limit, and counts the layers of the whole program", () => {
    const exact = checkText("/m/main.net", model("input [4]\nrelu * 10000"));
    expect(describe(exact)).toEqual([]);
    expect(exact.program.models[0]!.nodes).toHaveLength(10000);
    // 6,000 layers are expanded before the second model's repetition is refused
    expect(checkWithin(model("input [4]\nrelu * 10001"))[0]).toMatch(
      /^NET0220 3:8 repeating relu 10001 times makes 10001 × 1 = 10001 layers/,
    );
    const two =
      model("input [4]\nrelu * 6000", "model A") + model("input [4]\nrelu * 6000", "model B");
    expect(checkWithin(two, 5000)).toEqual([
      "NET0220 7:8 repeating relu 6000 times makes 6000 + 6000 × 1 = 12000 layers, more than the limit of 10000 | help: repeat it at most 4000 times",
    ]);
  });

  it("reports nested repetition through blocks at the repetition that crosses the limit", () => {
    const text = [
      "block a {",
      "  relu * 1000",
      "}",
      "block b {",
      "  a * 1000",
      "}",
      "model M {",
      "  input [4]",
      "  b * 1000",
      "}",
    ].join("\n");
    expect(checkWithin(text)).toEqual([
      "NET0220 5:7 repeating a 1000 times makes 1000 × 1000 = 1000000 layers, more than the limit of 10000 | help: repeat it at most 10 times",
    ]);
  });

  it("reports repeated residuals, and chains of blocks ten deep, at once", () => {
    expect(checkWithin(model("input [4]\nresidual {\n  relu * 1000\n} * 1000"))).toEqual([
      "NET0220 5:5 repeating this residual 1000 times makes 1000 × 1001 = 1001000 layers, more than the limit of 10000 | help: repeat it at most 9 times",
    ]);
    const blocks = ["block b0 {\n  relu * 10\n}"];
    for (let i = 1; i < 10; i++) blocks.push(`block b${i} {\n  b${i - 1} * 10\n}`);
    const found = checkWithin(`${blocks.join("\n")}\n${model("input [4]\nb9 * 10")}`);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^NET0220 \d+:\d+ repeating b\d 10 times makes .* layers, more than the limit of 10000/,
    );
  });

  it("stops at the limit in a long body, once for the program", () => {
    // 10,000 layers are expanded first, legitimately: the bound is looser than a second
    const found = checkWithin(
      model(`input [4]\nrelu * 9998\n${"relu\n".repeat(5)}`) + model(`input [4]\nrelu`, "model N"),
      5000,
    );
    expect(found).toEqual([
      "NET0220 6:1 this relu would be layer 10001 of the program, more than the limit of 10000 | help: split the program into several files, or make the network shallower",
    ]);
  });

  it("reports blocks calling blocks 2,000 deep at the call that nests too deep, not a stack overflow", () => {
    const blocks = ["block b0 {\n  relu\n}"];
    for (let i = 1; i < 2000; i++) blocks.push(`block b${i} {\n  b${i - 1}\n}`);
    const found = checkWithin(`${blocks.join("\n")}\n${model("input [4]\nb1999")}`, 5000);
    // the model calls b1999 (depth 0); b1743 is called at depth 256, from line 3·1744 + 2
    expect(found).toEqual([
      "NET0221 5234:3 blocks and residuals nested more than 256 levels deep | help: call blocks one after another rather than one inside another",
    ]);
    const result = checkText("/m/main.net", `${blocks.join("\n")}\n${model("input [4]\nb1999")}`);
    expect(result.diagnostics[0]!.notes).toEqual([
      "the block calls go b1999 → b1998 → b1997 → b1996 → … → b1747 → b1746 → b1745 → b1744",
    ]);
  });

  it("counts residuals and block calls together", () => {
    const blocks = ["block b0 {\n  relu\n}"];
    for (let i = 1; i < 200; i++) blocks.push(`block b${i} {\n  residual {\n    b${i - 1}\n  }\n}`);
    const found = checkWithin(`${blocks.join("\n")}\n${model("input [4]\nb199")}`);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^NET0221 \d+:\d+ blocks and residuals nested more than 256 levels deep/,
    );
  });

  it("does not repeat a block that makes no layers", () => {
    const text =
      "block nothing {\n  let x = 1\n}\n" + model("input [4]\nnothing * 100000000\nrelu");
    expect(checkWithin(text)).toEqual([]);
  });
});

group("absurd sizes are reported at the line that causes them (item 6)", () => {
  it("reports integers beyond 2^53 − 1 and floats beyond 1.8e308 at the literal, once", () => {
    expect(checkWithin(model("input [4]\ndense(99999999999999999999)"))).toEqual([
      "NET0108 3:7 the number 99999999999999999999 is out of range: integers are exact only up to 2^53 − 1 = 9007199254740991 | help: no size or count in a network comes near this; check the number of digits",
    ]);
    expect(checkWithin(model("input [4]\ndense(9007199254740992)"))[0]).toMatch(/^NET0108 3:7 /);
    expect(checkWithin(model("input [4]\ndense(9007199254740991)"))[0]).toMatch(
      /^NET0313 3:1 dense's output \[9007199254740991\]/,
    );
    expect(checkWithin(model("input [4]\ndropout(1e309)"))).toEqual([
      "NET0108 3:9 the number 1e309 is out of range: floats reach only about 1.8e308 | help: write a smaller number; no setting of a network comes near this",
    ]);
  });

  it("reports arithmetic that leaves the exact integers or the finite floats", () => {
    expect(checkWithin(model("input [4]\nlet n = 9007199254740991 + 1\ndense(n)"))).toEqual([
      "NET0219 3:9 9007199254740991 + 1 is out of range: integers are exact only up to 2^53 − 1 = 9007199254740991 | help: no size, count or setting of a network comes near this; check the operands, e.g. the parameter values this call receives",
    ]);
    expect(checkWithin(model("input [4]\ndense(100000 * 100000 * 100000 * 100000)"))[0]).toMatch(
      /^NET0219 3:7 1000000000000000 \* 100000 is out of range/,
    );
    expect(checkWithin(model("input [4]\ndropout(1e308 * 10.0)"))[0]).toMatch(
      /^NET0219 3:9 1e\+308 \* 10(\.0)? is out of range: floats reach only about 1.8e308/,
    );
  });

  it("reports strings, lists and calls doubled line after line when they pass their bounds", () => {
    const doubling = (first: string, next: (previous: string) => string, lines: number) =>
      Array.from(
        { length: lines },
        (_, i) => `let a${i} = ${i === 0 ? first : next(`a${i - 1}`)}`,
      ).join("\n");
    // 2 · 2^15 = 65,536 characters fit; the next doubling does not
    expect(
      checkWithin(model(`input [4]\n${doubling('"xx"', (a) => `${a} + ${a}`, 60)}\nrelu`)),
    ).toEqual([
      "NET0219 19:11 joining these strings is out of range: a string holds at most 65536 characters; this one would hold 131072 | help: no network needs a value this large; build it from fewer or smaller parts",
    ]);
    expect(
      checkWithin(model(`input [4]\n${doubling("[1, 2]", (a) => `${a} + ${a}`, 40)}\nrelu`))[0],
    ).toBe(
      "NET0219 19:11 joining these lists is out of range: a value holds at most 100000 items, nested lists and call arguments counted in full; this one would hold 131073 | help: no network needs a value this large; build it from fewer or smaller parts",
    );
    expect(
      checkWithin(model(`input [4]\n${doubling("[1]", (a) => `[${a}, ${a}]`, 40)}\nrelu`))[0],
    ).toMatch(/^NET0219 19:11 the list is out of range: a value holds at most 100000 items/);
    expect(
      checkWithin(model(`input [4]\n${doubling("f(1)", (a) => `f(${a}, ${a})`, 40)}\nrelu`))[0],
    ).toMatch(/^NET0219 19:11 the call f\(…\) is out of range: a value holds at most 100000 items/);
    // nesting through `let` is bounded like nesting in the text
    expect(checkWithin(model(`input [4]\n${doubling("[1]", (a) => `[${a}]`, 100)}\nrelu`))).toEqual(
      [
        "NET0219 67:11 the list is out of range: lists and calls nest at most 64 deep in a value; this one would nest 65 deep | help: no network needs a value this large; build it from fewer or smaller parts",
      ],
    );
  });

  it("reports a tensor of one sample past 2^31 − 1 elements at the layer or input that makes it", () => {
    expect(checkWithin(model("input [3, 32, 32]\nconv2d(1000000000, 3)"))).toEqual([
      "NET0313 3:1 conv2d's output [1000000000, 30, 30] has 900000000000 elements, more than a Float32Array can hold (2147483647) | help: make it smaller: fewer units or filters, or less input to this conv2d",
    ]);
    expect(checkWithin(model("input [1, 100000, 100000]\nrelu"))).toEqual([
      "NET0313 2:7 the input [1, 100000, 100000] has 10000000000 elements, more than a Float32Array can hold (2147483647) | help: give a smaller input: one sample must fit in one Float32Array",
    ]);
    expect(checkWithin(model("input [100000]\ndense(100000)"))).toEqual([
      "NET0313 3:1 dense's weight [100000, 100000] has 10000000000 elements, more than a Float32Array can hold (2147483647) | help: make it smaller: fewer units or filters, or less input to this dense",
    ]);
    // the largest tensor that fits passes
    expect(checkWithin(model("input [2147483647]\nrelu"))).toEqual([]);
    expect(checkWithin(model("input [2147483648]\nrelu"))[0]).toMatch(/^NET0313 2:7 /);
  });

  it("refuses adaptive pooling that grows an axis (its bins would be listed one by one)", () => {
    expect(checkWithin(model("input [1, 4, 4]\nadaptive_avgpool([1, 1000000000])"))).toEqual([
      "NET0210 3:18 argument 'output' of adaptive_avgpool asks for width 1000000000, more than the input width 4 | help: adaptive pooling shrinks each axis; give an output no larger than the input",
    ]);
  });

  it("warns, with the figure in GB, at the layer with the largest share of training memory", () => {
    const text =
      model("input [1, 28, 28]\nflatten\ndense(100000) -> relu\ndense(10)") +
      "train M {\n  data = mnist\n  loss = cross_entropy\n  optimizer = sgd(lr = 0.1)\n  batch = 20000\n}\n";
    const result = checkText("/m/main.net", text);
    const warning = result.diagnostics.find((d) => d.code === "NET0507")!;
    // parameters 784·100000 + 100000 + 100000·10 + 10 = 79,500,010, with gradients: 0.636 GB;
    // activations per sample (784 + 784 + 100000 + 100000 + 10) · 2 · 4 bytes = 1,612,624;
    // at batch 20000: 32.25 GB; together 32.9 GB
    expect(warning.message).toBe(
      "training at batch 20000 needs at least 32.9 GB of memory, more than 16.0 GB",
    );
    expect(warning.severity).toBe("warning");
    expect(warning.span.line).toBe(4); // dense(100000)
    expect(warning.labels.map((l) => [l.span.line, l.message])).toEqual([[11, "batch = 20000"]]);
    expect(warning.help).toBe(
      "lower the batch (at batch = 9527 it needs about 16.0 GB), or make this layer smaller",
    );
    // at the batch the help proposes, no warning
    const fits = checkText("/m/main.net", text.replace("batch = 20000", "batch = 9527"));
    expect(fits.diagnostics.filter((d) => d.code === "NET0507")).toEqual([]);
  });
});
