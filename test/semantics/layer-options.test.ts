import { describe, expect, it } from "vitest";
import { applyParameterOptions } from "../../src/semantics/layer-options.js";
import type { ParamDeclaration } from "../../src/layers/shared/definition.js";
import { pytorchDefaultInit } from "../../src/layers/shared/init.js";

const weight: ParamDeclaration = {
  name: "weight",
  shape: [6, 1, 5, 5],
  defaultInit: pytorchDefaultInit(25),
  fanIn: 25,
  fanOut: 150,
  penalized: true,
};
const bias: ParamDeclaration = { ...weight, name: "bias", shape: [6], penalized: false };

describe("applyParameterOptions", () => {
  it("keeps the layer's default initializer, PyTorch's U(−1/√fan_in, 1/√fan_in), and its penalized flag", () => {
    const [w, b] = applyParameterOptions([weight, bias], {});
    expect(w!.init).toEqual({
      name: "uniform",
      formula: "PyTorch's default: b = 1/√fan_in, fan_in = 25",
      distribution: { kind: "uniform", low: -0.2, high: 0.2 },
    });
    expect([w!.penalized, b!.penalized]).toEqual([true, false]);
  });

  it("resolves init and bias_init to distributions with the fans, and applies the other options", () => {
    const [w, b] = applyParameterOptions([weight, bias], {
      init: "kaiming_normal",
      bias_init: "constant",
      bias_value: 0.1,
      frozen: true,
      lr_mult: 0.5,
      l2: 1e-4,
    });
    const std = Math.sqrt(2 / 25);
    expect(w!.init).toEqual({
      name: "he_normal",
      formula: `σ = √(2/fan_in) = √(2/25) = ${std}`,
      distribution: { kind: "normal", mean: 0, std },
    });
    expect(b!.init).toEqual({
      name: "constant",
      formula: "",
      distribution: { kind: "constant", value: 0.1 },
    });
    expect([w!.trainable, w!.lrMultiplier, w!.l2, b!.l2]).toEqual([false, 0.5, 1e-4, 0]);
  });

  it("uses both fans for Xavier/Glorot: U(±√(6/(fan_in + fan_out)))", () => {
    const [w] = applyParameterOptions([weight], { init: "glorot_uniform" });
    const bound = Math.sqrt(6 / 175);
    expect(w!.init.name).toBe("xavier_uniform");
    expect(w!.init.distribution).toEqual({ kind: "uniform", low: -bound, high: bound });
  });
});
