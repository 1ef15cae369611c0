import { describeZooAgreement } from "./zoo-agreement.js";

// Node 20 has relaxed SIMD behind a flag this process leaves off: the models load the plain build.
describeZooAgreement("plain");
