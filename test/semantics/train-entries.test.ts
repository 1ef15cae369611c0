import { describe as group, expect, it } from "vitest";
import { checkText, datasets, losses, optimizers, schedules } from "../../src/semantics/index.js";
import { diagnosticsOf } from "./helpers.js";

const defaults = (
  entries: readonly { name: string; params: readonly { name: string; default?: unknown }[] }[],
  name: string,
) =>
  Object.fromEntries(
    entries
      .find((e) => e.name === name)!
      .params.filter((p) => p.default !== undefined)
      .map((p) => [p.name, p.default]),
  );

function program(trainBody: string, input = "[1, 28, 28]", layers = "flatten -> dense(10)") {
  return `model M {\n  input ${input}\n  ${layers}\n}\ntrain M {\n${trainBody}\n}\n`;
}

group("optimizer defaults are the seeds'", () => {
  it("sgd: lr 0.01 (seed 001's SGD example), no momentum", () =>
    expect(defaults(optimizers, "sgd")).toMatchObject({
      lr: 0.01,
      momentum: 0,
      dampening: 0,
      nesterov: false,
      weight_decay: 0,
    }));
  it("adagrad: η 0.01 (seed 001), δ 1e-7 (seed 000 algorithm 4.4)", () =>
    expect(defaults(optimizers, "adagrad")).toMatchObject({ lr: 0.01, eps: 1e-7 }));
  it("rmsprop: η 0.001, γ 0.9 (seed 001), δ 1e-6 (seed 000 algorithm 4.5)", () =>
    expect(defaults(optimizers, "rmsprop")).toMatchObject({
      lr: 0.001,
      rho: 0.9,
      eps: 1e-6,
      momentum: 0,
      nesterov: false,
    }));
  it("adam: ε 0.001, ρ1 0.9, ρ2 0.999, δ 1e-8 (seed 000 algorithm 4.7, seed 001)", () =>
    expect(defaults(optimizers, "adam")).toMatchObject({
      lr: 0.001,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
    }));
  it("adamax: η 0.002, γ1 0.9, γ2 0.999 (seed 001)", () =>
    expect(defaults(optimizers, "adamax")).toMatchObject({ lr: 0.002, beta1: 0.9, beta2: 0.999 }));
  it("every optimizer takes weight_decay and decoupled (AdamW-style) decay, off by default", () => {
    for (const o of optimizers)
      expect([
        o.name,
        defaults(optimizers, o.name).weight_decay,
        defaults(optimizers, o.name).decoupled,
      ]).toEqual([o.name, 0, false]);
  });
  it("lists the train entries of DESIGN.md", () =>
    expect(optimizers.map((o) => o.name)).toEqual([
      "sgd",
      "adagrad",
      "adadelta",
      "rmsprop",
      "adam",
      "adamax",
      "nadam",
    ]));
});

group("losses and schedules", () => {
  it("lists seed 001's losses", () =>
    expect(losses.map((l) => l.name)).toEqual([
      "cross_entropy",
      "nll",
      "hinge",
      "binary_cross_entropy",
      "mse",
      "rmse",
      "mae",
      "msle",
      "huber",
      "log_cosh",
      "kl_div",
    ]));
  it("has label smoothing 0, huber δ 1, hinge margin 1", () => {
    expect(defaults(losses, "cross_entropy")).toEqual({ label_smoothing: 0 });
    expect(defaults(losses, "huber")).toEqual({ delta: 1 });
    expect(defaults(losses, "hinge")).toEqual({ margin: 1 });
  });
  it("accepts bce and logistic for binary_cross_entropy and records the canonical name", () => {
    const r = checkText(
      "/m/x.net",
      program("  data = mnist\n  loss = bce\n  optimizer = sgd", "[784]", "dense(10) -> sigmoid"),
    );
    expect(r.program.trains[0]!.loss.name).toBe("binary_cross_entropy");
  });
  it("schedules: linear ε_τ = 1% of ε_0, cosine η_min 0 (seed 003), step γ 0.1", () => {
    expect(schedules.map((s) => s.name)).toEqual([
      "constant",
      "step",
      "linear",
      "cosine",
      "exponential",
    ]);
    expect(defaults(schedules, "linear")).toEqual({ final: 0.01 });
    expect(defaults(schedules, "cosine")).toEqual({ eta_min: 0 });
    expect(defaults(schedules, "step")).toEqual({ gamma: 0.1 });
  });
});

group("data options", () => {
  it("has the preprocessing and augmentation options of the seeds", () => {
    const names = datasets[0]!.params.map((p) => p.name);
    for (const n of [
      "normalize",
      "scale",
      "zero_centre",
      "resize",
      "pad",
      "validation",
      "shuffle",
      "crop_pad",
      "flip",
      "noise",
    ])
      expect(names).toContain(n);
    expect(defaults(datasets, "mnist")).toMatchObject({
      scale: 1 / 255,
      zero_centre: false,
      pad: 0,
      validation: 0,
      shuffle: true,
      flip: false,
      crop_pad: 0,
      noise: 0,
    });
  });
  it("pad = 2 turns 28×28 digits into the 32×32 input of the 1998 LeNet-5", () => {
    const text = program(
      "  data = mnist(pad = 2)\n  loss = cross_entropy\n  optimizer = sgd",
      "[1, 32, 32]",
    );
    expect(diagnosticsOf(text)).toEqual([]);
    expect(checkText("/m/x.net", text).program.trains[0]!.sampleShape).toEqual([1, 32, 32]);
  });
  it("resize then pad: cifar10(resize = 64, pad = 1) gives [3, 66, 66]", () => {
    const r = checkText(
      "/m/x.net",
      program(
        "  data = cifar10(resize = 64, pad = 1)\n  loss = cross_entropy\n  optimizer = sgd",
        "[3, 66, 66]",
      ),
    );
    expect(r.diagnostics).toEqual([]);
  });
  it("reports normalize values that fit neither [mean, std] nor the channel count", () => {
    const d = diagnosticsOf(
      program(
        "  data = cifar10(normalize = [0.5, 0.5, 0.5, 0.2])\n  loss = cross_entropy\n  optimizer = sgd",
        "[3, 32, 32]",
      ),
    );
    expect(d).toEqual([
      "NET0408 6:3 train setting 'data' gives normalize 4 values; cifar10 has 3 channel(s), so give [mean, std] or 3 means then 3 stds | help: e.g. normalize = [0.1307, 0.3081]: the mean and standard deviation of the pixel values",
    ]);
  });
  it("reports early stopping without a validation split", () => {
    const d = diagnosticsOf(
      program(
        "  data = mnist\n  loss = cross_entropy\n  optimizer = sgd\n  early_stopping = early_stopping(patience = 3)",
      ),
    );
    expect(d).toEqual([
      "NET0408 9:3 train setting 'early_stopping' watches a validation metric, but the data has no validation split | help: hold some training data out, e.g. `mnist(validation = 0.1)`",
    ]);
    expect(
      diagnosticsOf(
        program(
          "  data = mnist(validation = 0.1)\n  loss = cross_entropy\n  optimizer = sgd\n  early_stopping = early_stopping(patience = 3)",
        ),
      ),
    ).toEqual([]);
  });
});

group("fashion_mnist's default folder", () => {
  it("is where Debian's dataset-fashion-mnist installs it, the same folder the runtime reads", async () => {
    const { DEBIAN_FASHION_MNIST_DIRECTORY } = await import("../../src/runtime/data-files.js");
    expect(defaults(datasets, "fashion_mnist").path).toBe("/usr/share/datasets/fashion-mnist");
    expect(defaults(datasets, "fashion_mnist").path).toBe(DEBIAN_FASHION_MNIST_DIRECTORY);
  });
});
