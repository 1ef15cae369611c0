import { int } from "../graph.js";
import { batchAxis, unary } from "./shared.js";

/** softmax: Softmax over the IR's axis (opset 13 normalises over that one axis). */
export const softmaxOnnx = unary("Softmax", (node) => ({
  axis: int(batchAxis(typeof node.attrs.axis === "number" ? node.attrs.axis : -1)),
}));
