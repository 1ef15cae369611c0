import type { ResolvedAttrsOf } from "../definitions.js";
import type { PytorchKindEmitter } from "../../codegen/pytorch/kind-emitter.js";
import { poolingEmitter } from "../../codegen/pytorch/layer-helpers.js";

/** maxpool1d: F.max_pool1d (see poolingEmitter). */
export const maxpool1dPytorch: PytorchKindEmitter<ResolvedAttrsOf<"maxpool1d">> =
  poolingEmitter("max");
