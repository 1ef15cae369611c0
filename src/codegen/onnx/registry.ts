import type { LayerKindName, ResolvedAttrsOf } from "../../layers/definitions.js";
import { adaptiveAvgpoolOnnx } from "../../layers/adaptive_avgpool/onnx.js";
import { addOnnx } from "../../layers/add/onnx.js";
import { avgpool1dOnnx } from "../../layers/avgpool1d/onnx.js";
import { avgpool2dOnnx } from "../../layers/avgpool2d/onnx.js";
import { batchnormOnnx } from "../../layers/batchnorm/onnx.js";
import { conv1dOnnx } from "../../layers/conv1d/onnx.js";
import { conv2dOnnx } from "../../layers/conv2d/onnx.js";
import { conv2dTableOnnx } from "../../layers/conv2d_table/onnx.js";
import { denseOnnx } from "../../layers/dense/onnx.js";
import { dropoutOnnx } from "../../layers/dropout/onnx.js";
import { eluOnnx } from "../../layers/elu/onnx.js";
import { flattenOnnx } from "../../layers/flatten/onnx.js";
import { globalAvgpoolOnnx } from "../../layers/global_avgpool/onnx.js";
import { groupnormOnnx } from "../../layers/groupnorm/onnx.js";
import { leakyReluOnnx } from "../../layers/leaky_relu/onnx.js";
import { logSoftmaxOnnx } from "../../layers/log_softmax/onnx.js";
import { lrnOnnx } from "../../layers/lrn/onnx.js";
import { maxoutOnnx } from "../../layers/maxout/onnx.js";
import { maxpool1dOnnx } from "../../layers/maxpool1d/onnx.js";
import { maxpool2dOnnx } from "../../layers/maxpool2d/onnx.js";
import { noiseOnnx } from "../../layers/noise/onnx.js";
import { preluOnnx } from "../../layers/prelu/onnx.js";
import { rbfOnnx } from "../../layers/rbf/onnx.js";
import { reluOnnx } from "../../layers/relu/onnx.js";
import { reshapeOnnx } from "../../layers/reshape/onnx.js";
import { sigmoidOnnx } from "../../layers/sigmoid/onnx.js";
import { softmaxOnnx } from "../../layers/softmax/onnx.js";
import { subsampleOnnx } from "../../layers/subsample/onnx.js";
import { tanhOnnx } from "../../layers/tanh/onnx.js";
import { zeropad2dOnnx } from "../../layers/zeropad2d/onnx.js";
import type { Unsupported } from "../registry.js";
import type { OnnxKindEmitter } from "./kind-emitter.js";

/** ONNX export's operators for every layer kind (src/layers/<kind>/onnx.ts); a kind left out does not compile. */
export const onnxRegistry: {
  readonly [K in LayerKindName]: OnnxKindEmitter<ResolvedAttrsOf<K>> | Unsupported;
} = {
  dense: denseOnnx,
  conv1d: conv1dOnnx,
  conv2d: conv2dOnnx,
  maxpool1d: maxpool1dOnnx,
  maxpool2d: maxpool2dOnnx,
  avgpool1d: avgpool1dOnnx,
  avgpool2d: avgpool2dOnnx,
  global_avgpool: globalAvgpoolOnnx,
  zeropad2d: zeropad2dOnnx,
  flatten: flattenOnnx,
  reshape: reshapeOnnx,
  dropout: dropoutOnnx,
  batchnorm: batchnormOnnx,
  groupnorm: groupnormOnnx,
  relu: reluOnnx,
  sigmoid: sigmoidOnnx,
  tanh: tanhOnnx,
  softmax: softmaxOnnx,
  log_softmax: logSoftmaxOnnx,
  conv2d_table: conv2dTableOnnx,
  subsample: subsampleOnnx,
  rbf: rbfOnnx,
  lrn: lrnOnnx,
  adaptive_avgpool: adaptiveAvgpoolOnnx,
  maxout: maxoutOnnx,
  prelu: preluOnnx,
  leaky_relu: leakyReluOnnx,
  elu: eluOnnx,
  noise: noiseOnnx,
  add: addOnnx,
};
