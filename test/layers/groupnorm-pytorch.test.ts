import { describe, expect, it } from "vitest";
import { checkOk, loadModel, pseudoRandom, withLoss } from "../loops/compile-helper.js";
import { findPython, pythonMissing, runPython } from "../runtime/python.js";

/**
 * groupnorm has PyTorch's GroupNorm semantics: the loops backend in float64 (which the
 * gradient check and the agreement suite tie tfjs to) against torch.nn.GroupNorm on the
 * same input, γ and β: the output, and the gradients of a mean squared error by γ, β and the
 * input, on [C, H, W], [C, L] and [C].
 */

const modules = ["torch"];
const missing = pythonMissing(modules);

const reference = `
import json, sys, torch
case = json.loads(sys.stdin.read())
torch.set_default_dtype(torch.float64)
x = torch.tensor(case["input"]).reshape(case["shape"]).requires_grad_(True)
norm = torch.nn.GroupNorm(case["groups"], case["shape"][1], eps=case["eps"])
with torch.no_grad():
    norm.weight.copy_(torch.tensor(case["gamma"]))
    norm.bias.copy_(torch.tensor(case["beta"]))
y = norm(x)
loss = ((y - torch.tensor(case["targets"]).reshape(y.shape)) ** 2).mean()
loss.backward()
print(json.dumps({
    "output": y.detach().flatten().tolist(),
    "loss": loss.item(),
    "gamma": norm.weight.grad.tolist(),
    "beta": norm.bias.grad.tolist(),
    "input": x.grad.flatten().tolist(),
}))
`;

const BATCH = 3;

describe.skipIf(missing !== undefined)("groupnorm against torch.nn.GroupNorm", () => {
  for (const [input, groups, eps] of [
    [[6, 3, 4], 3, 1e-5],
    [[4, 5], 2, 1e-3],
    [[6], 2, 1e-5],
  ] as const) {
    it(`[${input.join(", ")}], ${groups} groups, eps ${eps}`, async () => {
      const source = `model T {\n  input [${input.join(", ")}]\n  groupnorm(${groups}, eps = ${eps})\n}\n`;
      const model = await loadModel(
        withLoss(checkOk("groupnorm.net", source), "T", "mse"),
        "T",
        { sourcePath: "groupnorm.net", inputGradients: true, precision: "float64" },
        "groupnorm-pytorch",
        BATCH,
      );
      model.initialize(1);
      const channels = input[0];
      const size = input.reduce((a: number, b: number) => a * b, 1);
      const gamma = Array.from(pseudoRandom(channels, 3), (v) => 1 + v);
      const beta = Array.from(pseudoRandom(channels, 5));
      model.setTensors(
        new Map([
          ["groupnorm_1.gamma", Float64Array.from(gamma)],
          ["groupnorm_1.beta", Float64Array.from(beta)],
        ]),
      );
      const x = Array.from(pseudoRandom(BATCH * size, 7), (v) => 3 * v + 0.5);
      const targets = Array.from(pseudoRandom(BATCH * size, 11));
      const loss = model.computeGradients(Float64Array.from(x), Float64Array.from(targets), BATCH);
      const output = Array.from(model.forward(Float64Array.from(x), BATCH, true));
      const torch = JSON.parse(
        runPython(
          findPython(modules)!,
          reference,
          JSON.stringify({ input: x, shape: [BATCH, ...input], groups, eps, gamma, beta, targets }),
        ),
      ) as { output: number[]; loss: number; gamma: number[]; beta: number[]; input: number[] };
      const close = (actual: ArrayLike<number>, expected: number[], what: string) => {
        expect(actual.length, what).toBe(expected.length);
        for (let i = 0; i < expected.length; i++)
          expect(Math.abs(actual[i]! - expected[i]!), `${what}[${i}]`).toBeLessThan(1e-9);
      };
      close(output, torch.output, "output");
      expect(Math.abs(loss - torch.loss)).toBeLessThan(1e-12);
      const grads = Array.from(model.grads);
      close(grads.slice(0, channels), torch.gamma, "d gamma");
      close(grads.slice(channels), torch.beta, "d beta");
      close(model.inputGradient!(BATCH), torch.input, "d input");
    }, 120_000);
  }
});
