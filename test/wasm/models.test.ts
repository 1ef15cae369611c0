import { relaxedSimdAvailable } from "../../src/runtime/wasm-features.js";
import { describeZooAgreement } from "./zoo-agreement.js";

// The plain build in the "plain" project; the relaxed build in the "relaxed" project, whose
// setup turns relaxed SIMD on (vitest.config.ts).
describeZooAgreement(relaxedSimdAvailable() ? "relaxed" : "plain");
