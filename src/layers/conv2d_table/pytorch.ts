import type { ResolvedAttrsOf } from "../definitions.js";
import type { PytorchKindEmitter } from "../../codegen/pytorch/kind-emitter.js";
import { pythonLiteral } from "../../codegen/common/escape.js";
import { call, list } from "../../codegen/pytorch/python-layout.js";
import {
  channelsIn,
  hasPadding,
  isSymmetric,
  padded,
  windowOf,
} from "../../codegen/pytorch/layer-helpers.js";

/**
 * conv2d_table, a convolution with an explicit connection table (LeNet-5's C3, seed 004):
 * output map j sees only the input maps table[j]. The weight stays packed as netc stores
 * it, [Σ|table[j]|, kH, kW] in table order (so the parameter count is the seed's); the
 * forward gathers it into a dense [out, in, kH, kW] weight whose unconnected kernels are
 * zero and runs one ordinary convolution, whose gradient flows back to the packed rows.
 */
const ConnectionTableConv2d = `class ConnectionTableConv2d(nn.Module):
    """Output map j convolves only the input maps table[j] (LeNet-5's C3, seed 004)."""

    def __init__(
        self, in_channels, table, kernel_size, stride, padding, dilation, bias
    ):
        super().__init__()
        self.shape = (len(table), in_channels) + kernel_size
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        rows = sum(len(maps) for maps in table)
        self.weight = nn.Parameter(torch.empty((rows,) + kernel_size))
        self.bias = nn.Parameter(torch.empty(len(table))) if bias else None
        # dense kernel (j, i) is packed row index[j, i], or row \`rows\`: a zero kernel
        index = torch.full((len(table), in_channels), rows, dtype=torch.long)
        row = 0
        for j, maps in enumerate(table):
            for i in maps:
                index[j, i] = row
                row += 1
        self.register_buffer("dense_index", index.flatten(), persistent=False)

    def forward(self, x):
        zero = self.weight.new_zeros((1,) + self.weight.shape[1:])
        kernels = torch.cat([self.weight, zero]).index_select(0, self.dense_index)
        weight = kernels.view(self.shape)
        return F.conv2d(x, weight, self.bias, self.stride, self.padding, self.dilation)`;

export const conv2dTablePytorch: PytorchKindEmitter<ResolvedAttrsOf<"conv2d_table">> = {
  classes: { ConnectionTableConv2d },
  module(node) {
    const w = windowOf(node);
    const table = node.attrs.table as readonly (readonly number[])[];
    const padding = isSymmetric(w) ? w.padding.map(([before]) => before) : [0, 0];
    return call("ConnectionTableConv2d", [
      String(channelsIn(node)),
      list(
        table.map((row) => pythonLiteral(row)),
        "table=",
      ),
      `kernel_size=${pythonLiteral(w.kernel, true)}`,
      `stride=${pythonLiteral(w.stride, true)}`,
      `padding=${pythonLiteral(padding, true)}`,
      `dilation=${pythonLiteral(w.dilation, true)}`,
      `bias=${node.attrs.bias === true ? "True" : "False"}`,
    ]);
  },
  forward(node, ctx) {
    const w = windowOf(node);
    return isSymmetric(w) || !hasPadding(w)
      ? `${ctx.module}(${ctx.input()})`
      : call(ctx.module, [padded(ctx.input(), w.padding)]);
  },
};
