import type { ResolvedAttrsOf } from "../definitions.js";
import { call } from "../../codegen/pytorch/python-layout.js";
import type { PytorchKindEmitter } from "../../codegen/pytorch/kind-emitter.js";

/** dense: nn.Linear, weight [out, in] and bias [out] as the IR stores them. */
export const densePytorch: PytorchKindEmitter<ResolvedAttrsOf<"dense">> = {
  module: (node) =>
    call("nn.Linear", [
      String(node.inputShapes[0]![0]),
      String(node.outputShape[0]),
      ...(node.attrs.bias === true ? [] : ["bias=False"]),
    ]),
  forward: (_node, ctx) => `${ctx.module}(${ctx.input()})`,
};
