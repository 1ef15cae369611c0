import { describe, expect, it } from "vitest";
import { restoreStockKernels, selectDevice, tf } from "../../src/runtime/tfjs/index.js";
import { relativeError, seededValues } from "./conv-reference.js";

const BATCH = 8;
const shapes: Record<string, number[]> = {
  w1: [5, 5, 1, 6],
  b1: [6],
  w2: [5, 5, 6, 16],
  b2: [16],
  w3: [400, 120],
  b3: [120],
  w4: [120, 84],
  b4: [84],
  w5: [84, 10],
  b5: [10],
};
const names = Object.keys(shapes);
const paramValues = names.map((name, i) => {
  const size = shapes[name]!.reduce((a, b) => a * b, 1);
  const fanIn = shapes[name]!.length === 1 ? 1 : size / shapes[name]!.at(-1)!;
  return seededValues(size, 100 + i).map((v) => v * Math.sqrt(3 / fanIn));
});
const images = seededValues(BATCH * 28 * 28, 7).map((v) => (v + 1) / 2);
const labels = Array.from({ length: BATCH }, (_, i) => (i * 7) % 10);

/** Loss and d(loss)/d(every parameter) of a LeNet-5-shaped net on the active backend. */
function lenetGradients(): { loss: number; grads: Float32Array[] } {
  return tf.tidy(() => {
    const x = tf.tensor4d(images, [BATCH, 28, 28, 1]);
    const y = tf.oneHot(tf.tensor1d(labels, "int32"), 10).toFloat();
    const params = paramValues.map((v, i) => tf.tensor(v, shapes[names[i]!]));
    const lossOf = (...p: tf.Tensor[]): tf.Scalar => {
      const [w1, b1, w2, b2, w3, b3, w4, b4, w5, b5] = p as [
        tf.Tensor4D,
        tf.Tensor,
        tf.Tensor4D,
        tf.Tensor,
        tf.Tensor2D,
        tf.Tensor,
        tf.Tensor2D,
        tf.Tensor,
        tf.Tensor2D,
        tf.Tensor,
      ];
      let h = tf.relu(tf.add(tf.conv2d(x, w1, 1, 2), b1)) as tf.Tensor4D;
      h = tf.maxPool(h, 2, 2, "valid");
      h = tf.relu(tf.add(tf.conv2d(h, w2, 1, "valid"), b2)) as tf.Tensor4D;
      h = tf.maxPool(h, 2, 2, "valid");
      let d = tf.reshape(h, [BATCH, 400]) as tf.Tensor2D;
      d = tf.relu(tf.add(tf.matMul(d, w3), b3)) as tf.Tensor2D;
      d = tf.relu(tf.add(tf.matMul(d, w4), b4)) as tf.Tensor2D;
      return tf.losses.softmaxCrossEntropy(y, tf.add(tf.matMul(d, w5), b5)) as tf.Scalar;
    };
    const { value, grads } = tf.valueAndGrads(lossOf)(params);
    return { loss: value.dataSync()[0]!, grads: grads.map((g) => g.dataSync() as Float32Array) };
  });
}

describe("LeNet-5 gradient", () => {
  it("on wasm with netc kernels equals the stock cpu backend's within 1e-4", async () => {
    await selectDevice("wasm", { announce: () => {} });
    const wasm = lenetGradients();
    await selectDevice("cpu", { announce: () => {} });
    restoreStockKernels("cpu");
    const cpu = lenetGradients();
    expect(Math.abs(wasm.loss - cpu.loss) / cpu.loss).toBeLessThan(1e-4);
    for (let i = 0; i < names.length; i++) {
      // Every gradient is non-trivial, so agreement is not 0 ≈ 0.
      expect(Math.max(...cpu.grads[i]!.map(Math.abs)), names[i]).toBeGreaterThan(1e-4);
      expect(relativeError(wasm.grads[i]!, cpu.grads[i]!), names[i]).toBeLessThan(1e-4);
    }
  });
});
