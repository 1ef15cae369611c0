import { describe, expect, it } from "vitest";
import { applyParameterOptions } from "../../src/semantics/layer-options.js";
import type { ParamDeclaration } from "../../src/semantics/layers/layer-kind.js";

const weight: ParamDeclaration = {
  name: "weight",
  shape: [6, 1, 5, 5],
  defaultInit: { kind: "uniform", a: -0.2, b: 0.2 },
  fanIn: 25,
  fanOut: 150,
  penalized: true,
};
const bias: ParamDeclaration = {
  name: "bias",
  shape: [6],
  defaultInit: { kind: "uniform", a: -0.2, b: 0.2 },
  fanIn: 25,
  fanOut: 150,
  penalized: false,
};

describe("applyParameterOptions", () => {
  it("keeps the default initializer and adds the fans, with the keys in the IR's order", () => {
    const [w] = applyParameterOptions([weight], {});
    expect(w!.init).toEqual({ kind: "uniform", a: -0.2, b: 0.2, fanIn: 25, fanOut: 150 });
    expect(Object.keys(w!.init)).toEqual(["kind", "a", "b", "fanIn", "fanOut"]);
  });

  it("applies init, bias_init and their values, with no stray keys for parameterless initializers", () => {
    const [w, b] = applyParameterOptions([weight, bias], {
      init: "kaiming_normal",
      bias_init: "constant",
      bias_value: 0.1,
      frozen: true,
      lr_mult: 0.5,
      l2: 1e-4,
    });
    expect(Object.keys(w!.init)).toEqual(["kind", "fanIn", "fanOut"]);
    expect(w!.init).toEqual({ kind: "he_normal", fanIn: 25, fanOut: 150 });
    expect(Object.keys(b!.init)).toEqual(["kind", "a", "fanIn", "fanOut"]);
    expect(b!.init).toEqual({ kind: "constant", a: 0.1, fanIn: 25, fanOut: 150 });
    expect([w!.trainable, w!.lrMultiplier, w!.l2, b!.l2]).toEqual([false, 0.5, 1e-4, 0]);
  });

  it("gives each tensor its own initializer object (no sharing between tensors or calls)", () => {
    const [a] = applyParameterOptions([weight], {});
    const [b] = applyParameterOptions([weight], {});
    expect(a!.init).not.toBe(b!.init);
    expect(a!.init).not.toBe(weight.defaultInit);
  });
});
