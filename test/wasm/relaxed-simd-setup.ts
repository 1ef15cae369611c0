import { enableRelaxedSimd } from "../../src/runtime/wasm-features.js";

// The "relaxed" project (vitest.config.ts): every compiled model of these suites loads the
// relaxed-SIMD build, as `netc train` does; a Node without it cannot run them.
if (!enableRelaxedSimd())
  throw new Error("this Node has no relaxed SIMD: the relaxed build cannot be tested");

declare module "vitest" {
  /** What vitest.config.ts's projects provide to their tests. */
  export interface ProvidedContext {
    /** The compiled backend's build the project's models load. */
    wasmBuild: "plain" | "relaxed";
  }
}
