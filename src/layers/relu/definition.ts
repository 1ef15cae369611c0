import { defineLayer } from "../shared/definition.js";
import { elementwise } from "../shared/activation.js";

export const relu = defineLayer({
  ...elementwise,
  name: "relu",
  doc: "Rectified linear unit, max(0, x).",
  params: [],
});
