import type { ResolvedAttrsOf } from "../definitions.js";
import type { PytorchKindEmitter } from "../../codegen/pytorch/kind-emitter.js";
import { call } from "../../codegen/pytorch/python-layout.js";

/**
 * maxout (seed 001): y_u = max over p < k of (w_up·x + b_up), weight [units, k, in] and
 * bias [units, k]; all k·units pieces are one linear map, then the largest piece per unit
 * (only it receives gradient).
 */
const Maxout = `class Maxout(nn.Module):
    """Maxout units: y_u = max over p < k of (w_up·x + b_up) (seed 001)."""

    def __init__(self, in_features, units, pieces, bias):
        super().__init__()
        self.units = units
        self.pieces = pieces
        self.weight = nn.Parameter(torch.empty(units, pieces, in_features))
        self.bias = nn.Parameter(torch.empty(units, pieces)) if bias else None

    def forward(self, x):
        bias = None if self.bias is None else self.bias.flatten()
        pieces = F.linear(x, self.weight.flatten(0, 1), bias)
        return pieces.view(-1, self.units, self.pieces).max(dim=2).values`;

export const maxoutPytorch: PytorchKindEmitter<ResolvedAttrsOf<"maxout">> = {
  classes: { Maxout },
  module: (node) =>
    call("Maxout", [
      String(node.inputShapes[0]![0]),
      String(node.attrs.units),
      String(node.attrs.k),
      `bias=${node.attrs.bias === true ? "True" : "False"}`,
    ]),
  forward: (_node, ctx) => `${ctx.module}(${ctx.input()})`,
};
