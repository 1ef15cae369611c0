/**
 * Picks the TensorFlow.js backend a run uses, in the order netc promises:
 * tfjs-node-gpu (CUDA) when it is installed and loads, then wasm, then cpu,
 * each of the last two with netc's kernels registered. `preference` forces
 * one and fails with a clear message when that one cannot be had.
 */
import * as tf from "@tensorflow/tfjs";
import { UsageError } from "../errors.js";
import { registerNetcKernels } from "./kernels/register.js";
import { wasmBinaryDirectory } from "./wasm-files.js";

export type TfjsDevice = "gpu" | "wasm" | "cpu";
export const TFJS_DEVICES: readonly TfjsDevice[] = ["gpu", "wasm", "cpu"];

export interface SelectedDevice {
  /** The one tfjs namespace generated code and runtime share. */
  tf: typeof tf;
  device: TfjsDevice;
  /** e.g. "wasm (SIMD, 1 thread) — tfjs-node-gpu not installed" */
  description: string;
}

export interface SelectDeviceOptions {
  /** Where the one-line announcement goes; default console.log. Pass () => {} to stay quiet. */
  announce?: (line: string) => void;
  /** For tests: the module name tried for the gpu device. */
  gpuModule?: string;
}

type Attempt = { ok: true; detail: string } | { ok: false; reason: string };

const TFJS_NODE_GPU = "@tensorflow/tfjs-node-gpu";

/** `--device` named a device that cannot be had: a usage error (one line, exit code 2). */
export class DeviceUnavailableError extends UsageError {
  constructor(
    readonly device: TfjsDevice,
    readonly reason: string,
  ) {
    super(`tfjs device '${device}' is not available: ${reason}`);
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0]!.trim();
}

function isModuleNotFound(error: unknown, moduleName: string): boolean {
  const code = (error as { code?: string } | null)?.code;
  return (
    (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") &&
    firstLine(error).includes(moduleName)
  );
}

async function tryGpu(moduleName: string): Promise<Attempt> {
  try {
    // A variable specifier: the package is optional and may be absent at compile time too.
    await import(moduleName);
  } catch (error) {
    if (isModuleNotFound(error, moduleName))
      return { ok: false, reason: `${moduleName} not installed` };
    return { ok: false, reason: `${moduleName} failed to load (${firstLine(error)})` };
  }
  if (tf.findBackendFactory("tensorflow") === undefined) {
    return {
      ok: false,
      reason: `${moduleName} loaded but registered no 'tensorflow' backend with this copy of @tensorflow/tfjs (duplicate tfjs-core install?)`,
    };
  }
  if (!(await tf.setBackend("tensorflow")))
    return { ok: false, reason: `${moduleName}'s backend failed to initialise` };
  const usingGpu = (tf.backend() as { isUsingGpuDevice?: boolean }).isUsingGpuDevice;
  if (usingGpu === false)
    return { ok: false, reason: `${moduleName} loaded but libtensorflow sees no CUDA GPU` };
  return { ok: true, detail: "CUDA, tfjs-node-gpu" };
}

async function tryWasm(): Promise<Attempt> {
  try {
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    // Takes effect only before the backend first initialises; calling it again later is harmless.
    wasm.setWasmPaths(await wasmBinaryDirectory());
    registerNetcKernels("wasm");
    if (!(await tf.setBackend("wasm")))
      return { ok: false, reason: "the wasm backend failed to initialise" };
  } catch (error) {
    return { ok: false, reason: `the wasm backend failed to load (${firstLine(error)})` };
  }
  const simd = tf.env().getBool("WASM_HAS_SIMD_SUPPORT") ? "SIMD" : "no SIMD";
  const threads = tf.env().getBool("WASM_HAS_MULTITHREAD_SUPPORT") ? "multi-threaded" : "1 thread";
  return { ok: true, detail: `${simd}, ${threads}` };
}

async function tryCpu(): Promise<Attempt> {
  registerNetcKernels("cpu");
  if (!(await tf.setBackend("cpu")))
    return { ok: false, reason: "the cpu backend failed to initialise" };
  return { ok: true, detail: "plain JS" };
}

function attempt(device: TfjsDevice, options: SelectDeviceOptions): Promise<Attempt> {
  if (device === "gpu") return tryGpu(options.gpuModule ?? TFJS_NODE_GPU);
  return device === "wasm" ? tryWasm() : tryCpu();
}

export async function selectDevice(
  preference?: TfjsDevice,
  options: SelectDeviceOptions = {},
): Promise<SelectedDevice> {
  const announce = options.announce ?? ((line: string) => console.log(line));
  if (preference !== undefined && !TFJS_DEVICES.includes(preference)) {
    throw new DeviceUnavailableError(
      preference,
      `unknown device; expected one of ${TFJS_DEVICES.join(", ")}`,
    );
  }
  const order = preference === undefined ? TFJS_DEVICES : [preference];
  const skipped: string[] = [];
  for (const device of order) {
    const result = await attempt(device, options);
    if (result.ok) {
      await tf.ready();
      const why = preference !== undefined ? "forced by --device" : skipped.join("; ");
      const description = `${device} (${result.detail})${why ? ` — ${why}` : ""}`;
      announce(`tfjs device: ${description}`);
      return { tf, device, description };
    }
    if (preference !== undefined) throw new DeviceUnavailableError(device, result.reason);
    skipped.push(result.reason);
  }
  throw new Error(`no tfjs device could be started: ${skipped.join("; ")}`);
}

export { tf };
