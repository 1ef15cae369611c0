import { axisParam, elementwise } from "../shared/activation.js";
import { defineLayer } from "../shared/definition.js";

export const log_softmax = defineLayer({
  ...elementwise,
  name: "log_softmax",
  doc: "Log of the softmax over the last axis, for the nll loss.",
  params: [axisParam],
});
