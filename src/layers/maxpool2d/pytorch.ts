import type { ResolvedAttrsOf } from "../definitions.js";
import type { PytorchKindEmitter } from "../../codegen/pytorch/kind-emitter.js";
import { poolingEmitter } from "../../codegen/pytorch/layer-helpers.js";

/** maxpool2d: F.max_pool2d (see poolingEmitter). */
export const maxpool2dPytorch: PytorchKindEmitter<ResolvedAttrsOf<"maxpool2d">> =
  poolingEmitter("max");
