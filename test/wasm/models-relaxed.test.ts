import { enableRelaxedSimd } from "../../src/runtime/wasm-features.js";
import { describeZooAgreement } from "./zoo-agreement.js";

// The build `netc train` runs: relaxed-SIMD fused multiply-adds, and tiles chosen for them.
// Every model of the zoo that fits in memory, as the plain build's suite takes them.
if (!enableRelaxedSimd())
  throw new Error("this Node has no relaxed SIMD: the relaxed build cannot be tested");
describeZooAgreement("relaxed");
