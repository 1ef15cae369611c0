import type { LayerKindName, ResolvedAttrsOf } from "../../layers/definitions.js";
import { adaptiveAvgpoolPytorch } from "../../layers/adaptive_avgpool/pytorch.js";
import { addPytorch } from "../../layers/add/pytorch.js";
import { avgpool1dPytorch } from "../../layers/avgpool1d/pytorch.js";
import { avgpool2dPytorch } from "../../layers/avgpool2d/pytorch.js";
import { batchnormPytorch } from "../../layers/batchnorm/pytorch.js";
import { conv1dPytorch } from "../../layers/conv1d/pytorch.js";
import { conv2dPytorch } from "../../layers/conv2d/pytorch.js";
import { conv2dTablePytorch } from "../../layers/conv2d_table/pytorch.js";
import { densePytorch } from "../../layers/dense/pytorch.js";
import { dropoutPytorch } from "../../layers/dropout/pytorch.js";
import { eluPytorch } from "../../layers/elu/pytorch.js";
import { flattenPytorch } from "../../layers/flatten/pytorch.js";
import { globalAvgpoolPytorch } from "../../layers/global_avgpool/pytorch.js";
import { groupnormPytorch } from "../../layers/groupnorm/pytorch.js";
import { leakyReluPytorch } from "../../layers/leaky_relu/pytorch.js";
import { logSoftmaxPytorch } from "../../layers/log_softmax/pytorch.js";
import { lrnPytorch } from "../../layers/lrn/pytorch.js";
import { maxoutPytorch } from "../../layers/maxout/pytorch.js";
import { maxpool1dPytorch } from "../../layers/maxpool1d/pytorch.js";
import { maxpool2dPytorch } from "../../layers/maxpool2d/pytorch.js";
import { noisePytorch } from "../../layers/noise/pytorch.js";
import { preluPytorch } from "../../layers/prelu/pytorch.js";
import { rbfPytorch } from "../../layers/rbf/pytorch.js";
import { reluPytorch } from "../../layers/relu/pytorch.js";
import { reshapePytorch } from "../../layers/reshape/pytorch.js";
import { sigmoidPytorch } from "../../layers/sigmoid/pytorch.js";
import { softmaxPytorch } from "../../layers/softmax/pytorch.js";
import { subsamplePytorch } from "../../layers/subsample/pytorch.js";
import { tanhPytorch } from "../../layers/tanh/pytorch.js";
import { zeropad2dPytorch } from "../../layers/zeropad2d/pytorch.js";
import type { Unsupported } from "../registry.js";
import type { PytorchKindEmitter } from "./kind-emitter.js";

/** The PyTorch backend's emitter for every layer kind (src/layers/<kind>/pytorch.ts); a kind left out does not compile. */
export const pytorchRegistry: {
  readonly [K in LayerKindName]: PytorchKindEmitter<ResolvedAttrsOf<K>> | Unsupported;
} = {
  dense: densePytorch,
  conv1d: conv1dPytorch,
  conv2d: conv2dPytorch,
  maxpool1d: maxpool1dPytorch,
  maxpool2d: maxpool2dPytorch,
  avgpool1d: avgpool1dPytorch,
  avgpool2d: avgpool2dPytorch,
  global_avgpool: globalAvgpoolPytorch,
  zeropad2d: zeropad2dPytorch,
  flatten: flattenPytorch,
  reshape: reshapePytorch,
  dropout: dropoutPytorch,
  batchnorm: batchnormPytorch,
  groupnorm: groupnormPytorch,
  relu: reluPytorch,
  sigmoid: sigmoidPytorch,
  tanh: tanhPytorch,
  softmax: softmaxPytorch,
  log_softmax: logSoftmaxPytorch,
  conv2d_table: conv2dTablePytorch,
  subsample: subsamplePytorch,
  rbf: rbfPytorch,
  lrn: lrnPytorch,
  adaptive_avgpool: adaptiveAvgpoolPytorch,
  maxout: maxoutPytorch,
  prelu: preluPytorch,
  leaky_relu: leakyReluPytorch,
  elu: eluPytorch,
  noise: noisePytorch,
  add: addPytorch,
};
