export {
  registerNetcKernels,
  restoreStockKernels,
  isNetcKernel,
  type NetcKernelBackend,
} from "./register.js";
