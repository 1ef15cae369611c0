/**
 * netc's TensorFlow.js runtime: the shared `tf` namespace, device selection, the kernels
 * netc adds to the wasm and cpu backends, and what generated models build on: the
 * TfjsModel class they extend and the ops their layers call.
 */
export {
  tf,
  selectDevice,
  DeviceUnavailableError,
  TFJS_DEVICES,
  type TfjsDevice,
  type SelectedDevice,
  type SelectDeviceOptions,
} from "./device.js";
export {
  registerNetcKernels,
  restoreStockKernels,
  isNetcKernel,
  type NetcKernelBackend,
} from "./kernels/index.js";
export {
  TfjsModel,
  modelInfoOf,
  type InitialValues,
  type TfjsModelSpec,
  type TfjsTensorSpec,
  type TfjsTrainingSpec,
} from "./model.js";
export {
  batchNorm,
  connectionScatter,
  conv2dGrouped,
  dilateFilter,
  toChannelsFirst,
  toChannelsLast,
} from "./layer-ops.js";
