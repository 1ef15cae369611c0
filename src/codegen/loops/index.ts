export { emitLoops, type LoopsEmitOptions } from "./emit-loops.js";
export type { LoopsEmitContext, LoopsLayerEmitter } from "./layer-emitter.js";
export { loopsLosses } from "./losses.js";
export { loopsOptimizers } from "./optimizers.js";
