/**
 * netc/runtime: the shape-independent helpers that generated train.ts scripts import
 * (both backends). Node entry: everything in browser.ts plus the file- and process-level parts.
 */
export * from "./browser.js";
export * from "./mnist-package.js";
export * from "./data-files.js";
export * from "./atomic-write.js";
export * from "./checkpoint-file.js";
export * from "./metrics-log.js";
export * from "./flags.js";
export * from "./interrupt.js";
export * from "./main.js";
export * from "./parent-watch.js";
export * from "./wasm-features.js";
