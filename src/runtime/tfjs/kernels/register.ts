/**
 * Installs the netc kernels into tfjs's global kernel registry. tfjs keeps
 * one registry per process, so this is idempotent: a second call, or a call
 * after another copy of netc registered them, changes nothing. Stock kernels
 * that get replaced are kept so that tests and the benchmark can put them back.
 */
import { type KernelConfig, getKernel, registerKernel, unregisterKernel } from "@tensorflow/tfjs";
import { cpuKernelConfigs } from "./cpu-kernels.js";
import { wasmKernelConfigs } from "./wasm-kernels.js";

export type NetcKernelBackend = "wasm" | "cpu";

const NETC_KERNEL = Symbol.for("netc.tfjs.kernel");
const STOCK_KERNELS = Symbol.for("netc.tfjs.stockKernels");

type MarkedFunc = KernelConfig["kernelFunc"] & { [NETC_KERNEL]?: true };

/** Stock configs displaced by netc, shared via globalThis so two module copies agree. */
function stockKernels(): Map<string, KernelConfig> {
  const holder = globalThis as { [STOCK_KERNELS]?: Map<string, KernelConfig> };
  holder[STOCK_KERNELS] ??= new Map();
  return holder[STOCK_KERNELS];
}

function configsFor(backendName: NetcKernelBackend): readonly KernelConfig[] {
  return backendName === "wasm" ? wasmKernelConfigs : cpuKernelConfigs;
}

export function isNetcKernel(kernelName: string, backendName: string): boolean {
  const kernel = getKernel(kernelName, backendName);
  return kernel !== undefined && (kernel.kernelFunc as MarkedFunc)[NETC_KERNEL] === true;
}

/** Registers netc's kernels for one backend, replacing stock ones of the same name. Returns the kernel names now netc's. */
export function registerNetcKernels(backendName: NetcKernelBackend): string[] {
  const names: string[] = [];
  for (const config of configsFor(backendName)) {
    names.push(config.kernelName);
    if (isNetcKernel(config.kernelName, backendName)) continue;
    const existing = getKernel(config.kernelName, backendName);
    if (existing !== undefined) {
      stockKernels().set(`${backendName}_${config.kernelName}`, existing);
      unregisterKernel(config.kernelName, backendName);
    }
    const kernelFunc = config.kernelFunc as MarkedFunc;
    kernelFunc[NETC_KERNEL] = true;
    registerKernel({ ...config, kernelFunc });
  }
  return names;
}

/** Puts back what registerNetcKernels replaced (kernels the backend never had are removed). */
export function restoreStockKernels(backendName: NetcKernelBackend): void {
  for (const config of configsFor(backendName)) {
    if (!isNetcKernel(config.kernelName, backendName)) continue;
    unregisterKernel(config.kernelName, backendName);
    const key = `${backendName}_${config.kernelName}`;
    const stock = stockKernels().get(key);
    if (stock !== undefined) registerKernel(stock);
  }
}
