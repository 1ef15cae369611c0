import type { ModelIR, ProgramIR } from "../../ir/ir.js";
import { formatTypeScript } from "../format-typescript.js";
import { emitConfigSource, emitTrainSource } from "../loops/emit-train.js";
import { commentText } from "../common/escape.js";
import { packageSubject } from "../common/package-subject.js";
import type { SourceOptions } from "../common/sources.js";
import { assemble } from "./assemble.js";
import { emitWasmModelSource } from "./emit-model.js";
import { emitModuleTexts, UnsupportedModelError, type CompiledModule } from "./emit-module.js";
import { emitWasmParallelSource } from "./emit-parallel.js";

/**
 * The compiled CPU backend ("wasm"): the package of one model as file name → contents:
 *
 *   model.ts       the model class (the loops backend's API); runs in Node and browsers
 *   model-wasm.ts  the kernels' WebAssembly binaries (plain SIMD and relaxed SIMD), base64
 *   model.wat      the kernels as WebAssembly text, for reading
 *   config.ts, train.ts   as the loops backend's (the same script drives both)
 *   parallel.ts    data-parallel training on worker threads sharing the model's memory
 *
 * Deterministic: the same program gives byte-identical files. Throws
 * UnsupportedModelError (./emit-module.ts) for a model it cannot compile, before
 * emitting anything.
 */
export interface WasmEmitOptions extends SourceOptions {
  maxBatch?: number;
  /** Also compute d(loss)/d(input) (`inputGradient(n)`), for gradient checks. */
  inputGradients?: boolean;
}

/** WebAssembly text indented by nesting depth (the emitters' template strings are not). */
export function indentWat(text: string): string {
  let depth = 0;
  const out: string[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "") continue;
    let opens = 0;
    let closesFirst = 0;
    let inString = false;
    let seenOpen = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (ch === '"' && line[i - 1] !== "\\") inString = !inString;
      if (inString) continue;
      if (ch === ";" && line[i + 1] === ";") break;
      if (ch === "(") {
        opens++;
        seenOpen = true;
      } else if (ch === ")") {
        opens--;
        if (!seenOpen) closesFirst++;
      }
    }
    out.push(`${"  ".repeat(Math.max(0, depth - closesFirst))}${line}`);
    depth = Math.max(0, depth + opens);
  }
  return `${out.join("\n")}\n`;
}

/** WebAssembly's 32-bit memories hold at most 65,536 pages of 64 KiB. */
const MEMORY_LIMIT = 65536 * 65536;

/**
 * The memory a model needs for one thread and a batch of `maxBatch` (parameters,
 * gradients, optimizer state, the batch's records, scratch) must fit in 4 GiB: a model
 * that cannot is refused here, at compile time, not with a failed allocation at run time.
 */
function checkMemory(model: ModelIR, compiled: CompiledModule, maxBatch: number): void {
  const name = model.name;
  const { layout } = compiled;
  const bytes = layout.fixedBytes + layout.header.bytes + maxBatch * layout.record.bytes + 64;
  if (bytes <= MEMORY_LIMIT) return;
  const gib = (b: number) => (b / 2 ** 30).toFixed(2);
  const perSample = layout.record.bytes;
  const fits = Math.floor(
    (MEMORY_LIMIT - layout.fixedBytes - layout.header.bytes - 64) / perSample,
  );
  throw new UnsupportedModelError(
    model.span,
    `${name} needs ${gib(bytes)} GiB of WebAssembly memory for a batch of ${maxBatch} (${gib(layout.fixedBytes)} GiB of parameters, gradients and optimizer state, ${(perSample / 2 ** 20).toFixed(1)} MiB per sample); a WebAssembly memory holds at most 4 GiB${fits >= 1 ? `: batches up to ${fits} fit` : ""}`,
  );
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}

export async function emitWasm(
  program: ProgramIR,
  modelName: string,
  options: WasmEmitOptions,
): Promise<Map<string, string>> {
  // the class is named as the loops backend's (the model's name where it is a usable identifier)
  const { model, train, className, sourceName, sources } = packageSubject(
    program,
    modelName,
    options,
    "wasm",
  );
  const inputGradients = options.inputGradients ?? false;
  const maxBatch = options.maxBatch ?? train.batch;
  const common = { model, train, sources, inputGradients, maxBatch };
  const { plain, relaxed } = emitModuleTexts(common);
  checkMemory(model, plain, maxBatch);
  const [plainBytes, relaxedBytes] = [
    await assemble(plain.text, { relaxedSimd: false }),
    await assemble(relaxed.text, { relaxedSimd: true }),
  ];

  const texts: [string, string][] = [
    [
      "model.ts",
      emitWasmModelSource({
        model,
        train,
        className,
        sources,
        maxBatch,
        compiled: plain,
        inputGradients,
      }),
    ],
    ["config.ts", emitConfigSource({ className, modelName, train, sourceName, backend: "wasm" })],
    ["train.ts", emitTrainSource({ className, modelName, train, sourceName, backend: "wasm" })],
    ["parallel.ts", emitWasmParallelSource(className)],
  ];
  const files = new Map<string, string>();
  for (const [name, text] of texts) files.set(name, await formatTypeScript(text));
  // written as prettier would write it (a long string stays on one line), without
  // parsing 100 KB of base64 through ts-morph and prettier
  files.set(
    "model-wasm.ts",
    `/**
 * The WebAssembly kernels of ${commentText(model.name)} (${commentText(sourceName)}), generated by netc: do not edit.
 * model.wat is their text.
 */

/** Plain SIMD128 (${plainBytes.length} bytes). */
export const WASM_PLAIN =
  "${base64(plainBytes)}";

/** With relaxed-SIMD fused multiply-add (${relaxedBytes.length} bytes), used where the engine accepts it. */
export const WASM_RELAXED =
  "${base64(relaxedBytes)}";
`,
  );
  files.set("model.wat", indentWat(plain.text));
  return files;
}
