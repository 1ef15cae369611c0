/**
 * The few backend internals the netc kernels touch, typed structurally so we
 * need not import the backend packages' private classes. Both are public
 * methods that the stock kernels of these backends use themselves.
 */
import {
  backend_util,
  type DataId,
  type DataType,
  type KernelFunc,
  type TensorInfo,
  getKernel,
} from "@tensorflow/tfjs";

export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  /** A view on the wasm heap: invalid after any later allocation (the heap may grow), so take views last. */
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: DataId, force?: boolean): boolean;
}

export interface CpuBackendLike {
  data: { get(dataId: DataId): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: DataType, values: Float32Array): TensorInfo;
}

export type Conv2DDataFormat = "NHWC" | "NCHW";

export function isChannelsFirst(dataFormat: string | undefined): boolean {
  return (
    backend_util.convertConv2DDataFormat((dataFormat ?? "NHWC") as Conv2DDataFormat) ===
    "channelsFirst"
  );
}

export function floatView(backend: WasmBackendLike, info: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}

export function cpuValues(backend: CpuBackendLike, info: TensorInfo): Float32Array {
  const values = backend.data.get(info.dataId).values;
  if (!(values instanceof Float32Array)) {
    throw new Error(`netc kernels work on float32 tensors; got ${info.dtype}`);
  }
  return values;
}

/** Call another kernel of the same backend directly (no engine bookkeeping: the caller disposes). */
export function callBackendKernel(
  kernelName: string,
  backendName: string,
  inputs: Record<string, TensorInfo>,
  attrs: Record<string, unknown>,
  backend: unknown,
): TensorInfo {
  const kernel = getKernel(kernelName, backendName);
  if (kernel === undefined)
    throw new Error(`tfjs backend '${backendName}' has no ${kernelName} kernel`);
  const result = (kernel.kernelFunc as KernelFunc)({
    inputs,
    attrs: attrs as never,
    backend: backend as never,
  });
  if (Array.isArray(result))
    throw new Error(`${kernelName} returned several tensors; one was expected`);
  return result;
}
