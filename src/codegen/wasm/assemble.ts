import wabtInit from "wabt";

/**
 * WebAssembly text → binary, in process, with wabt's JavaScript build (the WebAssembly
 * Binary Toolkit compiled to WebAssembly: no native toolchain, nothing downloaded). The
 * text is parsed, names are resolved, the module is validated and written out; a failure
 * at any stage is a bug of the emitter (the text is generated), reported with wabt's
 * message and the offending lines.
 *
 * README.md of this folder says why wabt and not binaryen.js.
 */

type Wabt = Awaited<ReturnType<typeof wabtInit>>;
let loading: Promise<Wabt> | undefined;

export interface AssembleOptions {
  /** Accept relaxed-SIMD instructions (f32x4.relaxed_madd). */
  relaxedSimd: boolean;
}

export async function assemble(text: string, options: AssembleOptions): Promise<Uint8Array> {
  loading ??= wabtInit();
  const wabt = await loading;
  const features = {
    simd: true,
    relaxed_simd: options.relaxedSimd,
    threads: true,
    bulk_memory: true,
    mutable_globals: true,
    sign_extension: true,
    sat_float_to_int: true,
    multi_value: true,
  };
  let module: ReturnType<Wabt["parseWat"]>;
  try {
    module = wabt.parseWat("model.wat", text, features);
  } catch (error) {
    throw new Error(
      `wasm backend: generated WebAssembly text does not parse: ${context(error, text)}`,
    );
  }
  try {
    module.resolveNames();
    // wabt.js's validate takes the features again (its .d.ts does not say so)
    (module.validate as (features: object) => void)(features);
    return module.toBinary({ log: false, write_debug_names: true }).buffer.slice();
  } catch (error) {
    throw new Error(`wasm backend: generated WebAssembly is invalid: ${context(error, text)}`);
  } finally {
    module.destroy();
  }
}

/** wabt's message plus the text lines it names (`model.wat:LINE:COL: error: …`). */
function context(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = text.split("\n");
  const quoted = [...message.matchAll(/model\.wat:(\d+):\d+/g)]
    .slice(0, 3)
    .map((m) => Number(m[1]))
    .map((line) => `  ${line}: ${lines[line - 1]?.trim() ?? ""}`);
  return [message.trim(), ...quoted].join("\n");
}
