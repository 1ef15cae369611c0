import type { ResolvedAttrsOf } from "../definitions.js";
import type { PytorchKindEmitter } from "../../codegen/pytorch/kind-emitter.js";
import { poolingEmitter } from "../../codegen/pytorch/layer-helpers.js";

/** avgpool2d: F.avg_pool2d (see poolingEmitter). */
export const avgpool2dPytorch: PytorchKindEmitter<ResolvedAttrsOf<"avgpool2d">> =
  poolingEmitter("avg");
