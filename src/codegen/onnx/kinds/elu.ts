import { float } from "../graph.js";
import { unary } from "./shared.js";

/** elu: Elu(alpha): x for x > 0, α(eˣ − 1) otherwise. */
export const eluOnnx = unary("Elu", (node) => ({ alpha: float(node.attrs.alpha as number) }));
