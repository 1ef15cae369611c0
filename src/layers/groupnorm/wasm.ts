import type { Unsupported } from "../../codegen/registry.js";

/** No WebAssembly kernel for group normalization has been written yet; the loops and tfjs backends have one. */
export const groupnormWasm: Unsupported = {
  unsupported: "group normalization has no WebAssembly kernel yet; use --backend loops or tfjs",
};
