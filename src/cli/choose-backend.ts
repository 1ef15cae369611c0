import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import type { Backend } from "../codegen/package.js";

/**
 * The backend `netc train` uses when --backend is not given: the fastest correct path on
 * this machine, announced on stderr.
 *
 * - `--device` given: tfjs (the flag chooses a TensorFlow.js device).
 * - A CUDA GPU that tfjs can reach (@tensorflow/tfjs-node-gpu installed and, on Linux, an
 *   NVIDIA driver loaded): tfjs, whose device selection then takes the GPU.
 * - Otherwise the CPU: the compiled backend ("wasm": WebAssembly SIMD kernels specialised
 *   to the model, several times faster than the alternatives on the CPU; `npm run bench
 *   -- cpu` measures it), or the loops reference when the compiled backend cannot compile
 *   the model (the caller falls back and says why).
 */
export interface BackendChoice {
  backend: Backend;
  /** Why, for the announcement. */
  reason: string;
}

/** Whether tfjs could train on a CUDA GPU here, judged without loading libtensorflow. */
export function cudaGpuLikely(
  resolve: (specifier: string) => string = createRequire(import.meta.url).resolve,
): boolean {
  try {
    resolve("@tensorflow/tfjs-node-gpu");
  } catch {
    return false;
  }
  return process.platform !== "linux" || existsSync("/proc/driver/nvidia/version");
}

export function chooseTrainBackend(
  options: { device?: string },
  gpu = cudaGpuLikely(),
): BackendChoice {
  if (options.device !== undefined)
    return { backend: "tfjs", reason: `--device ${options.device} is a TensorFlow.js device` };
  if (gpu)
    return { backend: "tfjs", reason: "tfjs-node-gpu is installed and an NVIDIA driver is loaded" };
  return {
    backend: "wasm",
    reason:
      "no CUDA GPU for tfjs: WebAssembly SIMD kernels compiled for this model, the fastest path on the CPU",
  };
}
