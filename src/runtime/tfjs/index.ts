/**
 * netc's TensorFlow.js runtime: the shared `tf` namespace, device selection,
 * and the kernels netc adds to the wasm and cpu backends.
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
