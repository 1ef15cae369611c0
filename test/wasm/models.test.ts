import { inject } from "vitest";
import { describeZooAgreement } from "./zoo-agreement.js";

// The build the vitest project declares (vitest.config.ts): plain in "plain", relaxed in
// "relaxed", whose setup turns relaxed SIMD on. The suite checks that the models loaded it.
describeZooAgreement(inject("wasmBuild"));
