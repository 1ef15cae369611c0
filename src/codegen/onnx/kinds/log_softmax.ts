import { int } from "../graph.js";
import { batchAxis, unary } from "./shared.js";

/** log_softmax: LogSoftmax over the IR's axis (opset 13 normalises over that one axis). */
export const log_softmaxOnnx = unary("LogSoftmax", (node) => ({
  axis: int(batchAxis(typeof node.attrs.axis === "number" ? node.attrs.axis : -1)),
}));
