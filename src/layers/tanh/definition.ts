import { defineLayer } from "../shared/definition.js";
import { elementwise } from "../shared/activation.js";

export const tanh = defineLayer({
  ...elementwise,
  name: "tanh",
  doc: "Hyperbolic tangent.",
  params: [],
});
