import { adaptiveAvgpoolCases } from "./adaptive_avgpool/cases.js";
import { addCases } from "./add/cases.js";
import { avgpool1dCases } from "./avgpool1d/cases.js";
import { avgpool2dCases } from "./avgpool2d/cases.js";
import { batchnormCases } from "./batchnorm/cases.js";
import { conv1dCases } from "./conv1d/cases.js";
import { conv2dCases } from "./conv2d/cases.js";
import { conv2dTableCases } from "./conv2d_table/cases.js";
import type { LayerKindName } from "./definitions.js";
import { denseCases } from "./dense/cases.js";
import { dropoutCases } from "./dropout/cases.js";
import { eluCases } from "./elu/cases.js";
import { flattenCases } from "./flatten/cases.js";
import { globalAvgpoolCases } from "./global_avgpool/cases.js";
import { groupnormCases } from "./groupnorm/cases.js";
import { leakyReluCases } from "./leaky_relu/cases.js";
import { logSoftmaxCases } from "./log_softmax/cases.js";
import { lrnCases } from "./lrn/cases.js";
import { maxoutCases } from "./maxout/cases.js";
import { maxpool1dCases } from "./maxpool1d/cases.js";
import { maxpool2dCases } from "./maxpool2d/cases.js";
import { noiseCases } from "./noise/cases.js";
import { preluCases } from "./prelu/cases.js";
import { rbfCases } from "./rbf/cases.js";
import { reluCases } from "./relu/cases.js";
import { reshapeCases } from "./reshape/cases.js";
import type { LayerCase } from "./shared/cases.js";
import { sigmoidCases } from "./sigmoid/cases.js";
import { softmaxCases } from "./softmax/cases.js";
import { subsampleCases } from "./subsample/cases.js";
import { tanhCases } from "./tanh/cases.js";
import { zeropad2dCases } from "./zeropad2d/cases.js";

/**
 * Every kind's example models (src/layers/<kind>/cases.ts), for the generic test suites;
 * a kind left out does not compile, and a kind with no cases fails
 * test/layers/coverage.test.ts.
 */
export const layerCases: { readonly [K in LayerKindName]: readonly LayerCase[] } = {
  dense: denseCases,
  conv1d: conv1dCases,
  conv2d: conv2dCases,
  maxpool1d: maxpool1dCases,
  maxpool2d: maxpool2dCases,
  avgpool1d: avgpool1dCases,
  avgpool2d: avgpool2dCases,
  global_avgpool: globalAvgpoolCases,
  zeropad2d: zeropad2dCases,
  flatten: flattenCases,
  reshape: reshapeCases,
  dropout: dropoutCases,
  batchnorm: batchnormCases,
  groupnorm: groupnormCases,
  relu: reluCases,
  sigmoid: sigmoidCases,
  tanh: tanhCases,
  softmax: softmaxCases,
  log_softmax: logSoftmaxCases,
  conv2d_table: conv2dTableCases,
  subsample: subsampleCases,
  rbf: rbfCases,
  lrn: lrnCases,
  adaptive_avgpool: adaptiveAvgpoolCases,
  maxout: maxoutCases,
  prelu: preluCases,
  leaky_relu: leakyReluCases,
  elu: eluCases,
  noise: noiseCases,
  add: addCases,
};
