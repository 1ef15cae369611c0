import { describe, it } from "vitest";
import { checkGradients, type GradientCase } from "../layers/gradient.js";

/**
 * Finite-difference gradient checks of every loss's d(loss)/d(logits) in the loops
 * backend (the layers' backward passes are checked through their cases, by
 * test/layers/gradient-check.test.ts), with test/layers/gradient.ts's check.
 */

interface Case extends Omit<GradientCase, "source"> {
  name: string;
  /** The body of the model T. */
  body: string;
  loss: string;
}

const cases: Case[] = [
  {
    name: "loss cross_entropy with label smoothing",
    body: "input [5]\n  dense(4)",
    loss: "cross_entropy",
    lossArgs: { label_smoothing: 0.1 },
  },
  { name: "loss nll", body: "input [5]\n  dense(4) -> log_softmax", loss: "nll" },
  { name: "loss mae", body: "input [5]\n  dense(4)", loss: "mae" },
  { name: "loss cross_entropy", body: "input [5]\n  dense(4)", loss: "cross_entropy" },
  {
    name: "loss hinge (margin 2)",
    body: "input [5]\n  dense(4)",
    loss: "hinge",
    lossArgs: { margin: 2 },
  },
  {
    name: "loss binary_cross_entropy",
    body: "input [5]\n  dense(4) -> sigmoid",
    loss: "binary_cross_entropy",
    targets: "probabilities",
  },
  { name: "loss mse", body: "input [5]\n  dense(4)", loss: "mse" },
  { name: "loss rmse", body: "input [5]\n  dense(4)", loss: "rmse" },
  {
    name: "loss msle",
    body: "input [5]\n  dense(4) -> sigmoid",
    loss: "msle",
    targets: "probabilities",
  },
  {
    name: "loss kl_div",
    body: "input [5]\n  dense(4) -> softmax",
    loss: "kl_div",
    targets: "probabilities",
  },
  { name: "loss huber", body: "input [5]\n  dense(4)", loss: "huber", lossArgs: { delta: 0.3 } },
  { name: "loss log_cosh", body: "input [5]\n  dense(4)", loss: "log_cosh" },
];

describe("loops loss gradients match finite differences (float64 reference)", () => {
  for (const c of cases) {
    it(c.name, async () => {
      const { body, ...loss } = c;
      await checkGradients({ source: `model T {\n  ${body}\n}\n`, ...loss });
    });
  }
});
