import type { LoopsLayerEmitter } from "../layer-emitter.js";
import {
  adaptiveAvgPoolBackward,
  adaptiveAvgPoolForward,
  lrnBackward,
  lrnForward,
  maxoutBackward,
  maxoutForward,
  preluBackward,
  preluForward,
  rbfBackward,
  rbfForward,
  subsampleBackward,
  subsampleForward,
  tableConvBackward,
  tableConvForward,
} from "./catalogue.js";
import { convolutionBackward, convolutionForward } from "./convolution.js";
import { denseBackward, denseForward } from "./dense.js";
import {
  pointwiseBackward,
  pointwiseForward,
  pointwiseFormulas,
  softmaxBackward,
  softmaxForward,
  type PointwiseFormula,
} from "./elementwise.js";
import { batchNormBackward, batchNormForward } from "./normalization.js";
import {
  avgPoolBackward,
  avgPoolForward,
  globalAvgPoolBackward,
  globalAvgPoolForward,
  maxPoolBackward,
  maxPoolForward,
} from "./pooling.js";
import {
  addBackward,
  addForward,
  copyBackward,
  copyForward,
  dropoutBackward,
  dropoutForward,
  noiseForward,
  zeroPadBackward,
  zeroPadForward,
} from "./structure.js";

/**
 * The loops emitters the layer-kind modules plug in as their `loops` field (one line
 * per module). The kernels are shared where the loops are: conv1d and conv2d, the 1-D
 * and 2-D poolings, the element-wise activations.
 */
export const convolutionLoops: LoopsLayerEmitter = {
  forward: convolutionForward,
  backward: convolutionBackward,
};
export const denseLoops: LoopsLayerEmitter = { forward: denseForward, backward: denseBackward };
export const maxPoolLoops: LoopsLayerEmitter = {
  forward: maxPoolForward,
  backward: maxPoolBackward,
};
export const avgPoolLoops: LoopsLayerEmitter = {
  forward: avgPoolForward,
  backward: avgPoolBackward,
};
export const globalAvgPoolLoops: LoopsLayerEmitter = {
  forward: globalAvgPoolForward,
  backward: globalAvgPoolBackward,
};
export const zeroPadLoops: LoopsLayerEmitter = {
  forward: zeroPadForward,
  backward: zeroPadBackward,
};
/** flatten and reshape: channels-first order is already the flat order. */
export const copyLoops: LoopsLayerEmitter = { forward: copyForward, backward: copyBackward };
export const dropoutLoops: LoopsLayerEmitter = {
  forward: dropoutForward,
  backward: dropoutBackward,
};
export const batchNormLoops: LoopsLayerEmitter = {
  forward: batchNormForward,
  backward: batchNormBackward,
};
export const addLoops: LoopsLayerEmitter = { forward: addForward, backward: addBackward };
export const softmaxLoops: LoopsLayerEmitter = {
  forward: (node, ctx) => softmaxForward(node, ctx, false),
  backward: (node, ctx) => softmaxBackward(node, ctx, false),
};
export const logSoftmaxLoops: LoopsLayerEmitter = {
  forward: (node, ctx) => softmaxForward(node, ctx, true),
  backward: (node, ctx) => softmaxBackward(node, ctx, true),
};

function pointwise(
  formula: (typeof pointwiseFormulas)[keyof typeof pointwiseFormulas],
): LoopsLayerEmitter {
  return {
    forward: (node, ctx) => pointwiseForward(node, ctx, formula),
    backward: (node, ctx) => pointwiseBackward(node, ctx, formula),
  };
}
/** A pointwise activation whose formula has constants from the node's attributes. */
function pointwiseOf(
  formula: (node: Parameters<LoopsLayerEmitter["forward"]>[0]) => PointwiseFormula,
): LoopsLayerEmitter {
  return {
    forward: (node, ctx) => pointwiseForward(node, ctx, formula(node)),
    backward: (node, ctx) => pointwiseBackward(node, ctx, formula(node)),
  };
}
const attr = (value: unknown, fallback: number) => (typeof value === "number" ? value : fallback);

export const reluLoops = pointwise(pointwiseFormulas.relu);
/** leaky_relu(a): x for x > 0, a·x otherwise (seed 001). */
export const leakyReluLoops = pointwiseOf((node) => {
  const a = attr(node.attrs.a, 0.01);
  return { forward: `v > 0 ? v : ${a} * v`, derivative: `v > 0 ? 1 : ${a}` };
});
/** elu(alpha): x for x > 0, α(eˣ − 1) otherwise; the derivative αeˣ = y + α there (seed 001). */
export const eluLoops = pointwiseOf((node) => {
  const alpha = attr(node.attrs.alpha, 1);
  return {
    forward: `v > 0 ? v : ${alpha} * (Math.exp(v) - 1)`,
    derivative: `v > 0 ? 1 : u + ${alpha}`,
  };
});
export const noiseLoops: LoopsLayerEmitter = { forward: noiseForward, backward: copyBackward };
export const subsampleLoops: LoopsLayerEmitter = {
  forward: subsampleForward,
  backward: subsampleBackward,
};
export const connectionTableLoops: LoopsLayerEmitter = {
  forward: tableConvForward,
  backward: tableConvBackward,
};
export const rbfLoops: LoopsLayerEmitter = { forward: rbfForward, backward: rbfBackward };
export const lrnLoops: LoopsLayerEmitter = { forward: lrnForward, backward: lrnBackward };
export const adaptiveAvgPoolLoops: LoopsLayerEmitter = {
  forward: adaptiveAvgPoolForward,
  backward: adaptiveAvgPoolBackward,
};
export const maxoutLoops: LoopsLayerEmitter = { forward: maxoutForward, backward: maxoutBackward };
export const preluLoops: LoopsLayerEmitter = { forward: preluForward, backward: preluBackward };
export const sigmoidLoops = pointwise(pointwiseFormulas.sigmoid);
export const tanhLoops = pointwise(pointwiseFormulas.tanh);
