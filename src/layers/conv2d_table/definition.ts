import { Diagnostics } from "../../diagnostics/messages.js";
import type { Shape } from "../../ir/ir.js";
import {
  biasParam,
  dilationParam,
  filtersParam,
  kernelParam,
  padParam,
  strideParam,
} from "../shared/convolution.js";
import { defineLayer, type ArgsOf, type ShapeContext } from "../shared/definition.js";
import { pytorchDefaultInit } from "../shared/init.js";
import { checkAxisLists, perAxis, product, resolveWindow, windowShape } from "../shared/window.js";

/**
 * A 2-D convolution with an explicit connection table: output map j sees only the input
 * maps listed in table[j]. LeNet-5's C3 (seed 004, figure 5: 6 outputs see 3 maps, 9 see 4,
 * 1 sees all 6) has 1,516 parameters and 151,600 connections.
 *
 * A separate kind rather than a `table=` argument of conv2d, because its weight is packed
 * (only the connected kernels exist, so the parameter count is the seed's) and an emitter
 * that knows only dense convolutions must refuse it rather than silently ignore the table.
 *
 * Weight layout: [Σ_j |table[j]|, kH, kW], the kernels in table order (all of output 0's
 * inputs as written, then output 1's, …); `tableOffsets[j]` is output j's first row.
 */

const params = [
  filtersParam,
  kernelParam(2),
  {
    name: "table",
    type: { kind: "table" },
    doc: "For each output map, the list of input maps (0-based) it is connected to; LeNet-5's C3: [[0, 1, 2], [1, 2, 3], …, [0, 1, 2, 3, 4, 5]].",
  },
  strideParam,
  padParam,
  dilationParam,
  biasParam,
] as const;

type TableArgs = ArgsOf<typeof params>;

const connected = (args: TableArgs) => args.table.reduce((sum, row) => sum + row.length, 0);
const kernelArea = (args: TableArgs) => product(perAxis(args.kernel, 2, 1));

function checkTable(ctx: ShapeContext<TableArgs>): boolean {
  const { table, filters } = ctx.args;
  const channels = ctx.input[0]!;
  const span = ctx.argSpan("table");
  const fail = (text: string, help?: string) => {
    ctx.report(Diagnostics.InvalidConnectionTable, span, [ctx.kind, text], {
      help:
        help ?? `each row lists distinct input maps between 0 and ${channels - 1}, e.g. [0, 1, 2]`,
    });
    return false;
  };
  if (table.length !== filters)
    return fail(
      `has ${table.length} row(s) but filters = ${filters}`,
      `give one list of input maps per output map (${filters} lists)`,
    );
  for (let j = 0; j < table.length; j++) {
    const row = table[j]!;
    if (row.length === 0) return fail(`row ${j} is empty: output map ${j} would see no input`);
    const seen = new Set<number>();
    for (const i of row) {
      if (i < 0 || i >= channels)
        return fail(
          `row ${j} names input map ${i}, but the input [${ctx.input.join(", ")}] has maps 0…${channels - 1}`,
        );
      if (seen.has(i)) return fail(`row ${j} names input map ${i} twice`);
      seen.add(i);
    }
  }
  return true;
}

export const conv2d_table = defineLayer({
  name: "conv2d_table",
  doc: "2-D convolution with an explicit connection table (LeNet-5's C3): output map j convolves only the input maps in table[j]. Packed weight [Σ|table[j]|, kH, kW] in table order, bias [filters].",
  category: "layer",
  params,
  inputRanks: [3],
  inferShape(ctx): Shape | undefined {
    if (!checkAxisLists(ctx, 2, ["kernel", "stride", "dilation"])) return undefined;
    if (!checkTable(ctx)) return undefined;
    const spatial = windowShape(ctx, 2, false);
    return spatial === undefined ? undefined : [ctx.args.filters, ...spatial];
  },
  parameters(args) {
    const area = kernelArea(args);
    const { filters } = args;
    // Fans vary per output map; the mean (rounded) stands for the layer: C3 has 60·25/16 ≈ 94.
    const fanIn = Math.max(1, Math.round((connected(args) * area) / filters));
    const fanOut = Math.max(
      1,
      Math.round(
        (connected(args) * area) / (args.table.length === 0 ? 1 : new Set(args.table.flat()).size),
      ),
    );
    const init = pytorchDefaultInit(fanIn);
    const tensors = [
      {
        name: "weight",
        shape: [connected(args), ...perAxis(args.kernel, 2, 1)],
        defaultInit: init,
        fanIn,
        fanOut,
        penalized: true,
      },
    ];
    if (args.bias)
      tensors.push({
        name: "bias",
        shape: [filters],
        defaultInit: init,
        fanIn,
        fanOut,
        penalized: false,
      });
    return tensors;
  },
  macs: (args, _input, output) => product(output.slice(1)) * connected(args) * kernelArea(args),
  /** Seed 004: 10×10 × [6·(3·25+1) + 6·(4·25+1) + 3·(4·25+1) + 1·(6·25+1)] = 151,600 for C3. */
  connections: (args, _input, output) =>
    product(output.slice(1)) *
    (connected(args) * kernelArea(args) + (args.bias ? args.table.length : 0)),
  /** The window, and `tableOffsets`: output map j's packed kernels are rows tableOffsets[j] … tableOffsets[j + 1] − 1. */
  resolve(args, input, output) {
    const offsets: number[] = [0];
    for (const row of args.table) offsets.push(offsets[offsets.length - 1]! + row.length);
    return { window: resolveWindow(args, input, output, 2, false, 1), tableOffsets: offsets };
  },
});
