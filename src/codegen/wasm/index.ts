export { emitWasm, type WasmEmitOptions } from "./emit-wasm.js";
export { UnsupportedModelError } from "./emit-module.js";
export type { WasmEmitContext, WasmLayerEmitter } from "./layer-emitter.js";
export { wasmRegistry } from "./registry.js";
export { wasmLosses } from "./losses.js";
export { wasmOptimizers } from "./optimizers.js";
