import type { LayerKindName, ResolvedAttrsOf } from "../../layers/definitions.js";
import { adaptiveAvgpoolTfjs } from "../../layers/adaptive_avgpool/tfjs.js";
import { addTfjs } from "../../layers/add/tfjs.js";
import { avgpool1dTfjs } from "../../layers/avgpool1d/tfjs.js";
import { avgpool2dTfjs } from "../../layers/avgpool2d/tfjs.js";
import { batchnormTfjs } from "../../layers/batchnorm/tfjs.js";
import { conv1dTfjs } from "../../layers/conv1d/tfjs.js";
import { conv2dTfjs } from "../../layers/conv2d/tfjs.js";
import { conv2dTableTfjs } from "../../layers/conv2d_table/tfjs.js";
import { denseTfjs } from "../../layers/dense/tfjs.js";
import { dropoutTfjs } from "../../layers/dropout/tfjs.js";
import { eluTfjs } from "../../layers/elu/tfjs.js";
import { flattenTfjs } from "../../layers/flatten/tfjs.js";
import { globalAvgpoolTfjs } from "../../layers/global_avgpool/tfjs.js";
import { groupnormTfjs } from "../../layers/groupnorm/tfjs.js";
import { leakyReluTfjs } from "../../layers/leaky_relu/tfjs.js";
import { logSoftmaxTfjs } from "../../layers/log_softmax/tfjs.js";
import { lrnTfjs } from "../../layers/lrn/tfjs.js";
import { maxoutTfjs } from "../../layers/maxout/tfjs.js";
import { maxpool1dTfjs } from "../../layers/maxpool1d/tfjs.js";
import { maxpool2dTfjs } from "../../layers/maxpool2d/tfjs.js";
import { noiseTfjs } from "../../layers/noise/tfjs.js";
import { preluTfjs } from "../../layers/prelu/tfjs.js";
import { rbfTfjs } from "../../layers/rbf/tfjs.js";
import { reluTfjs } from "../../layers/relu/tfjs.js";
import { reshapeTfjs } from "../../layers/reshape/tfjs.js";
import { sigmoidTfjs } from "../../layers/sigmoid/tfjs.js";
import { softmaxTfjs } from "../../layers/softmax/tfjs.js";
import { subsampleTfjs } from "../../layers/subsample/tfjs.js";
import { tanhTfjs } from "../../layers/tanh/tfjs.js";
import { zeropad2dTfjs } from "../../layers/zeropad2d/tfjs.js";
import type { Unsupported } from "../registry.js";
import type { TfjsLayerEmitter } from "./layer-emitter.js";

/** The tfjs backend's emitter for every layer kind (src/layers/<kind>/tfjs.ts); a kind left out does not compile. */
export const tfjsRegistry: {
  readonly [K in LayerKindName]: TfjsLayerEmitter<ResolvedAttrsOf<K>> | Unsupported;
} = {
  dense: denseTfjs,
  conv1d: conv1dTfjs,
  conv2d: conv2dTfjs,
  maxpool1d: maxpool1dTfjs,
  maxpool2d: maxpool2dTfjs,
  avgpool1d: avgpool1dTfjs,
  avgpool2d: avgpool2dTfjs,
  global_avgpool: globalAvgpoolTfjs,
  zeropad2d: zeropad2dTfjs,
  flatten: flattenTfjs,
  reshape: reshapeTfjs,
  dropout: dropoutTfjs,
  batchnorm: batchnormTfjs,
  groupnorm: groupnormTfjs,
  relu: reluTfjs,
  sigmoid: sigmoidTfjs,
  tanh: tanhTfjs,
  softmax: softmaxTfjs,
  log_softmax: logSoftmaxTfjs,
  conv2d_table: conv2dTableTfjs,
  subsample: subsampleTfjs,
  rbf: rbfTfjs,
  lrn: lrnTfjs,
  adaptive_avgpool: adaptiveAvgpoolTfjs,
  maxout: maxoutTfjs,
  prelu: preluTfjs,
  leaky_relu: leakyReluTfjs,
  elu: eluTfjs,
  noise: noiseTfjs,
  add: addTfjs,
};
