import type { OnnxRegistryEntry } from "../kind-emitter.js";
import { denseOnnx } from "./dense.js";
import { conv1dOnnx } from "./conv1d.js";
import { conv2dOnnx } from "./conv2d.js";
import { maxpool1dOnnx } from "./maxpool1d.js";
import { maxpool2dOnnx } from "./maxpool2d.js";
import { avgpool1dOnnx } from "./avgpool1d.js";
import { avgpool2dOnnx } from "./avgpool2d.js";
import { global_avgpoolOnnx } from "./global_avgpool.js";
import { zeropad2dOnnx } from "./zeropad2d.js";
import { flattenOnnx } from "./flatten.js";
import { reshapeOnnx } from "./reshape.js";
import { dropoutOnnx } from "./dropout.js";
import { batchnormOnnx } from "./batchnorm.js";
import { reluOnnx } from "./relu.js";
import { sigmoidOnnx } from "./sigmoid.js";
import { tanhOnnx } from "./tanh.js";
import { softmaxOnnx } from "./softmax.js";
import { log_softmaxOnnx } from "./log_softmax.js";
import { conv2d_tableOnnx } from "./conv2d_table.js";
import { subsampleOnnx } from "./subsample.js";
import { rbfOnnx } from "./rbf.js";
import { lrnOnnx } from "./lrn.js";
import { adaptive_avgpoolOnnx } from "./adaptive_avgpool.js";
import { maxoutOnnx } from "./maxout.js";
import { preluOnnx } from "./prelu.js";
import { leaky_reluOnnx } from "./leaky_relu.js";
import { eluOnnx } from "./elu.js";
import { noiseOnnx } from "./noise.js";
import { addOnnx } from "./add.js";

/**
 * The ONNX emitter of every layer kind, by kind name. test/onnx/export.test.ts holds it
 * complete over the catalogue (src/semantics/layers/index.ts).
 */
export const onnxKinds: Readonly<Record<string, OnnxRegistryEntry>> = {
  dense: denseOnnx,
  conv1d: conv1dOnnx,
  conv2d: conv2dOnnx,
  maxpool1d: maxpool1dOnnx,
  maxpool2d: maxpool2dOnnx,
  avgpool1d: avgpool1dOnnx,
  avgpool2d: avgpool2dOnnx,
  global_avgpool: global_avgpoolOnnx,
  zeropad2d: zeropad2dOnnx,
  flatten: flattenOnnx,
  reshape: reshapeOnnx,
  dropout: dropoutOnnx,
  batchnorm: batchnormOnnx,
  relu: reluOnnx,
  sigmoid: sigmoidOnnx,
  tanh: tanhOnnx,
  softmax: softmaxOnnx,
  log_softmax: log_softmaxOnnx,
  conv2d_table: conv2d_tableOnnx,
  subsample: subsampleOnnx,
  rbf: rbfOnnx,
  lrn: lrnOnnx,
  adaptive_avgpool: adaptive_avgpoolOnnx,
  maxout: maxoutOnnx,
  prelu: preluOnnx,
  leaky_relu: leaky_reluOnnx,
  elu: eluOnnx,
  noise: noiseOnnx,
  add: addOnnx,
};
