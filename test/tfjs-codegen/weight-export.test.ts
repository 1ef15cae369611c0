import { beforeAll, describe, expect, it } from "vitest";
import { selectDevice } from "../../src/runtime/tfjs/index.js";
import { checkOk } from "../helpers/programs.js";
import { emitAndWrite, loadModel } from "./generated.js";

/**
 * Weight export of a large layer (issue: checkpoints of AlexNet crashed, ResNet-18's took
 * half a minute). getTensors used to return each tensor's Float32Array from inside
 * tf.tidy, which walks everything its function returns looking for tensors, adding every
 * element to a Set: seconds per million values, and "RangeError: Set maximum size
 * exceeded" past 2^24 distinct values. 17,002,496 distinct values (every integer
 * −8,501,248 … 8,501,247, exact in float32) reproduced the crash; on the wasm device,
 * what `netc train` uses without CUDA.
 */

beforeAll(async () => {
  await selectDevice("wasm", { announce: () => {} });
});

describe("getTensors of a layer past 2^24 values", () => {
  it("returns every value, as set, without walking them in tf.tidy", async () => {
    const program = checkOk(
      "big.net",
      "model Big {\n  input [4096]\n  dense(4151, bias=false)\n}\n",
    );
    const { dir } = await emitAndWrite(program, "Big", "weight-export");
    const model = await loadModel(dir);
    const size = 4096 * 4151;
    const values = Float32Array.from({ length: size }, (_, i) => i - size / 2);
    model.setTensors(new Map([["dense_1.weight", values]]));
    const exported = model.getTensors().get("dense_1.weight")!;
    expect(exported.length).toBe(size);
    expect([exported[0], exported[size / 2], exported[size - 1]]).toEqual([
      -size / 2,
      0,
      size / 2 - 1,
    ]);
    // a copy: changing it leaves the model's weights as they are
    exported[0] = 7;
    expect(model.getTensors().get("dense_1.weight")![0]).toBe(-size / 2);
    model.dispose();
  }, 120_000);
});
