import type { LayerKindName, ResolvedAttrsOf } from "../../layers/definitions.js";
import { adaptiveAvgpoolLoops } from "../../layers/adaptive_avgpool/loops.js";
import { addLoops } from "../../layers/add/loops.js";
import { avgpool1dLoops } from "../../layers/avgpool1d/loops.js";
import { avgpool2dLoops } from "../../layers/avgpool2d/loops.js";
import { batchnormLoops } from "../../layers/batchnorm/loops.js";
import { conv1dLoops } from "../../layers/conv1d/loops.js";
import { conv2dLoops } from "../../layers/conv2d/loops.js";
import { conv2dTableLoops } from "../../layers/conv2d_table/loops.js";
import { denseLoops } from "../../layers/dense/loops.js";
import { dropoutLoops } from "../../layers/dropout/loops.js";
import { eluLoops } from "../../layers/elu/loops.js";
import { flattenLoops } from "../../layers/flatten/loops.js";
import { globalAvgpoolLoops } from "../../layers/global_avgpool/loops.js";
import { groupnormLoops } from "../../layers/groupnorm/loops.js";
import { leakyReluLoops } from "../../layers/leaky_relu/loops.js";
import { logSoftmaxLoops } from "../../layers/log_softmax/loops.js";
import { lrnLoops } from "../../layers/lrn/loops.js";
import { maxoutLoops } from "../../layers/maxout/loops.js";
import { maxpool1dLoops } from "../../layers/maxpool1d/loops.js";
import { maxpool2dLoops } from "../../layers/maxpool2d/loops.js";
import { noiseLoops } from "../../layers/noise/loops.js";
import { preluLoops } from "../../layers/prelu/loops.js";
import { rbfLoops } from "../../layers/rbf/loops.js";
import { reluLoops } from "../../layers/relu/loops.js";
import { reshapeLoops } from "../../layers/reshape/loops.js";
import { sigmoidLoops } from "../../layers/sigmoid/loops.js";
import { softmaxLoops } from "../../layers/softmax/loops.js";
import { subsampleLoops } from "../../layers/subsample/loops.js";
import { tanhLoops } from "../../layers/tanh/loops.js";
import { zeropad2dLoops } from "../../layers/zeropad2d/loops.js";
import type { Unsupported } from "../registry.js";
import type { LoopsLayerEmitter } from "./layer-emitter.js";

/** The loops backend's emitter for every layer kind (src/layers/<kind>/loops.ts); a kind left out does not compile. */
export const loopsRegistry: {
  readonly [K in LayerKindName]: LoopsLayerEmitter<ResolvedAttrsOf<K>> | Unsupported;
} = {
  dense: denseLoops,
  conv1d: conv1dLoops,
  conv2d: conv2dLoops,
  maxpool1d: maxpool1dLoops,
  maxpool2d: maxpool2dLoops,
  avgpool1d: avgpool1dLoops,
  avgpool2d: avgpool2dLoops,
  global_avgpool: globalAvgpoolLoops,
  zeropad2d: zeropad2dLoops,
  flatten: flattenLoops,
  reshape: reshapeLoops,
  dropout: dropoutLoops,
  batchnorm: batchnormLoops,
  groupnorm: groupnormLoops,
  relu: reluLoops,
  sigmoid: sigmoidLoops,
  tanh: tanhLoops,
  softmax: softmaxLoops,
  log_softmax: logSoftmaxLoops,
  conv2d_table: conv2dTableLoops,
  subsample: subsampleLoops,
  rbf: rbfLoops,
  lrn: lrnLoops,
  adaptive_avgpool: adaptiveAvgpoolLoops,
  maxout: maxoutLoops,
  prelu: preluLoops,
  leaky_relu: leakyReluLoops,
  elu: eluLoops,
  noise: noiseLoops,
  add: addLoops,
};
