export { emitWasm, type WasmEmitOptions } from "./emit-wasm.js";
export { UnsupportedModelError } from "./emit-module.js";
export type { WasmEmitContext, WasmLayerEmitter } from "./layer-emitter.js";
export { wasmKinds } from "./kinds/index.js";
export { wasmLosses } from "./losses.js";
export { wasmOptimizers } from "./optimizers.js";
