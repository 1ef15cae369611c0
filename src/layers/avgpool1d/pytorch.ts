import type { ResolvedAttrsOf } from "../definitions.js";
import type { PytorchKindEmitter } from "../../codegen/pytorch/kind-emitter.js";
import { poolingEmitter } from "../../codegen/pytorch/layer-helpers.js";

/** avgpool1d: F.avg_pool1d (see poolingEmitter). */
export const avgpool1dPytorch: PytorchKindEmitter<ResolvedAttrsOf<"avgpool1d">> =
  poolingEmitter("avg");
