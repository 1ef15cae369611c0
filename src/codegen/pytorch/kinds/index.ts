import type { PytorchRegistryEntry } from "../kind-emitter.js";
import { densePytorch } from "./dense.js";
import { conv1dPytorch } from "./conv1d.js";
import { conv2dPytorch } from "./conv2d.js";
import { maxpool1dPytorch } from "./maxpool1d.js";
import { maxpool2dPytorch } from "./maxpool2d.js";
import { avgpool1dPytorch } from "./avgpool1d.js";
import { avgpool2dPytorch } from "./avgpool2d.js";
import { global_avgpoolPytorch } from "./global_avgpool.js";
import { zeropad2dPytorch } from "./zeropad2d.js";
import { flattenPytorch } from "./flatten.js";
import { reshapePytorch } from "./reshape.js";
import { dropoutPytorch } from "./dropout.js";
import { batchnormPytorch } from "./batchnorm.js";
import { reluPytorch } from "./relu.js";
import { sigmoidPytorch } from "./sigmoid.js";
import { tanhPytorch } from "./tanh.js";
import { softmaxPytorch } from "./softmax.js";
import { log_softmaxPytorch } from "./log_softmax.js";
import { conv2d_tablePytorch } from "./conv2d_table.js";
import { subsamplePytorch } from "./subsample.js";
import { rbfPytorch } from "./rbf.js";
import { lrnPytorch } from "./lrn.js";
import { adaptive_avgpoolPytorch } from "./adaptive_avgpool.js";
import { maxoutPytorch } from "./maxout.js";
import { preluPytorch } from "./prelu.js";
import { leaky_reluPytorch } from "./leaky_relu.js";
import { eluPytorch } from "./elu.js";
import { noisePytorch } from "./noise.js";
import { addPytorch } from "./add.js";

/**
 * The PyTorch emitter of every layer kind, by kind name. test/pytorch/registry.test.ts
 * holds it complete over the catalogue (src/semantics/layers/index.ts): a new kind needs
 * an entry here (an emitter, or `{ unsupported: reason }`) before it compiles.
 */
export const pytorchKinds: Readonly<Record<string, PytorchRegistryEntry>> = {
  dense: densePytorch,
  conv1d: conv1dPytorch,
  conv2d: conv2dPytorch,
  maxpool1d: maxpool1dPytorch,
  maxpool2d: maxpool2dPytorch,
  avgpool1d: avgpool1dPytorch,
  avgpool2d: avgpool2dPytorch,
  global_avgpool: global_avgpoolPytorch,
  zeropad2d: zeropad2dPytorch,
  flatten: flattenPytorch,
  reshape: reshapePytorch,
  dropout: dropoutPytorch,
  batchnorm: batchnormPytorch,
  relu: reluPytorch,
  sigmoid: sigmoidPytorch,
  tanh: tanhPytorch,
  softmax: softmaxPytorch,
  log_softmax: log_softmaxPytorch,
  conv2d_table: conv2d_tablePytorch,
  subsample: subsamplePytorch,
  rbf: rbfPytorch,
  lrn: lrnPytorch,
  adaptive_avgpool: adaptive_avgpoolPytorch,
  maxout: maxoutPytorch,
  prelu: preluPytorch,
  leaky_relu: leaky_reluPytorch,
  elu: eluPytorch,
  noise: noisePytorch,
  add: addPytorch,
};
