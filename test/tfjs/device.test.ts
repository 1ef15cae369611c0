import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { RuntimeError } from "../../src/runtime/errors.js";
import {
  DeviceUnavailableError,
  isNetcKernel,
  selectDevice,
  tf,
} from "../../src/runtime/tfjs/index.js";

const brokenGpuModule = pathToFileURL(
  new URL("./fixtures/broken-gpu-module.mjs", import.meta.url).pathname,
).href;

function tfjsNodeGpuInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve("@tensorflow/tfjs-node-gpu");
    return true;
  } catch {
    return false;
  }
}

describe("selectDevice", () => {
  it("falls back to wasm with netc kernels when tfjs-node-gpu is absent, and announces it in one line", async () => {
    const lines: string[] = [];
    const selected = await selectDevice(undefined, {
      announce: (line) => lines.push(line),
      gpuModule: "@netc-test/no-such-tfjs-node-gpu",
    });
    expect(selected.device).toBe("wasm");
    expect(selected.tf).toBe(tf);
    expect(tf.getBackend()).toBe("wasm");
    expect(isNetcKernel("Conv2DBackpropFilter", "wasm")).toBe(true);
    expect(lines).toEqual([`tfjs device: ${selected.description}`]);
    expect(selected.description).toMatch(
      /^wasm \((SIMD|no SIMD), .*\) — @netc-test\/no-such-tfjs-node-gpu not installed$/,
    );
  });

  it.skipIf(tfjsNodeGpuInstalled())(
    "uses the real tfjs-node-gpu name and reports it missing on this machine",
    async () => {
      const selected = await selectDevice(undefined, { announce: () => {} });
      expect(selected.device).toBe("wasm");
      expect(selected.description).toContain("@tensorflow/tfjs-node-gpu not installed");
    },
  );

  it("falls back past a tfjs-node-gpu that fails to load, naming the failure", async () => {
    const selected = await selectDevice(undefined, {
      announce: () => {},
      gpuModule: brokenGpuModule,
    });
    expect(selected.device).toBe("wasm");
    expect(selected.description).toContain(
      "failed to load (libcudart.so.11.0: cannot open shared object file: No such file or directory)",
    );
  });

  it("--device gpu fails with a clear message when the gpu backend cannot load", async () => {
    const attempt = selectDevice("gpu", { announce: () => {}, gpuModule: brokenGpuModule });
    await expect(attempt).rejects.toBeInstanceOf(DeviceUnavailableError);
    await expect(
      selectDevice("gpu", { announce: () => {}, gpuModule: "@netc-test/no-such-tfjs-node-gpu" }),
    ).rejects.toThrow(
      "tfjs device 'gpu' is not available: @netc-test/no-such-tfjs-node-gpu not installed",
    );
    // a usage error of the training script: one line and exit code 2, not a stack trace
    const error = await attempt.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as RuntimeError).exitCode).toBe(2);
  });

  it("--device cpu forces the cpu backend with netc kernels", async () => {
    const lines: string[] = [];
    const selected = await selectDevice("cpu", { announce: (line) => lines.push(line) });
    expect(selected.device).toBe("cpu");
    expect(tf.getBackend()).toBe("cpu");
    expect(isNetcKernel("Conv2DBackpropFilter", "cpu")).toBe(true);
    expect(lines).toEqual(["tfjs device: cpu (plain JS) — forced by --device"]);
  });

  it("rejects an unknown device name", async () => {
    await expect(selectDevice("tpu" as never, { announce: () => {} })).rejects.toThrow(
      "tfjs device 'tpu' is not available: unknown device; expected one of gpu, wasm, cpu",
    );
  });
});
