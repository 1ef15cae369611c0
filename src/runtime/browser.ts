/**
 * The browser-safe part of the runtime: no Node APIs. Import this from code that runs in a
 * browser; Node scripts import the full runtime (index.ts), which re-exports all of it.
 */
export * from "./errors.js";
export * from "./rng.js";
export * from "./dataset.js";
export * from "./preprocess.js";
export * from "./augment.js";
export * from "./batcher.js";
export * from "./metrics.js";
export * from "./progress.js";
export * from "./loss-guard.js";
export * from "./crc32.js";
export * from "./checkpoint-format.js";
export {
  type SafetensorsContents,
  type SafetensorsTensor,
  decodeSafetensors,
  encodeSafetensors,
} from "./safetensors.js";
export * from "./idx-format.js";
export * from "./cifar10-format.js";
// The API every generated model module implements (types only).
export type * from "./model-contract.js";
