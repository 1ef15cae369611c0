import { Diagnostics } from "../../diagnostics/messages.js";
import { defineLayer } from "../shared/definition.js";
import { pytorchDefaultInit } from "../shared/init.js";

export const dense = defineLayer({
  name: "dense",
  doc: "Fully connected layer (PyTorch's Linear): y = W·x + b with weight [out, in] and bias [out]. Needs a flat input; put `flatten` before it.",
  category: "layer",
  params: [
    { name: "units", type: { kind: "int", min: 1 }, doc: "Number of outputs." },
    { name: "bias", type: { kind: "bool" }, default: true, doc: "Whether to add a learned bias." },
    {
      name: "in_features",
      type: { kind: "int", min: 1 },
      default: null,
      doc: "Optional: the expected input size, checked against the incoming shape.",
    },
  ],
  inferShape(ctx) {
    if (ctx.input.length !== 1) {
      const flat = ctx.input.reduce((a, b) => a * b, 1);
      ctx.report(Diagnostics.DenseOnNonFlat, ctx.span, [`[${ctx.input.join(", ")}]`], {
        help: `insert \`flatten\` before dense to turn [${ctx.input.join(", ")}] into [${flat}]`,
        fix: {
          description: "insert `flatten ->` before dense",
          edits: [
            {
              span: {
                ...ctx.span,
                end: ctx.span.start,
                endLine: ctx.span.line,
                endColumn: ctx.span.column,
              },
              newText: "flatten -> ",
            },
          ],
        },
      });
      return undefined;
    }
    const given = ctx.args.in_features;
    if (given !== null && given !== ctx.input[0]) {
      ctx.report(
        Diagnostics.ChannelMismatch,
        ctx.argSpan("in_features"),
        [ctx.kind, given, ctx.input[0]!],
        {
          help: `the incoming shape is [${ctx.input[0]}]; write in_features = ${ctx.input[0]} or remove it`,
        },
      );
      return undefined;
    }
    return [ctx.args.units];
  },
  parameters(args, input) {
    const fanIn = input[0]!;
    const fanOut = args.units;
    const init = pytorchDefaultInit(fanIn);
    const tensors = [
      { name: "weight", shape: [fanOut, fanIn], defaultInit: init, fanIn, fanOut, penalized: true },
    ];
    if (args.bias)
      tensors.push({
        name: "bias",
        shape: [fanOut],
        defaultInit: init,
        fanIn,
        fanOut,
        penalized: false,
      });
    return tensors;
  },
  macs: (_args, input, output) => input[0]! * output[0]!,
  /** Every weight and bias is used exactly once, so connections equal parameters. */
  connections: (args, input, output) => output[0]! * (input[0]! + (args.bias ? 1 : 0)),
});
