import { setFlagsFromString } from "node:v8";

/**
 * Relaxed SIMD (WebAssembly's fused multiply-add among others) is on by default from V8
 * 11.4 (Chrome 114, Node 22) and behind `--experimental-wasm-relaxed-simd` in Node 20's
 * V8 11.3. The compiled CPU backend ships a relaxed build and a plain-SIMD build and
 * uses the first the engine validates; on Node 20 this turns the flag on first (V8 reads
 * its WebAssembly feature flags when it compiles a module, and flags are per process, so
 * worker threads see it too). Returns whether relaxed SIMD is available afterwards.
 */

/** The smallest module using f32x4.relaxed_madd: one function returning it of three zero vectors. */
const probe = new Uint8Array([
  0x00,
  0x61,
  0x73,
  0x6d,
  0x01,
  0x00,
  0x00,
  0x00, // magic, version
  0x01,
  0x05,
  0x01,
  0x60,
  0x00,
  0x01,
  0x7b, // type: () → v128
  0x03,
  0x02,
  0x01,
  0x00, // one function of type 0
  0x0a,
  0x3d,
  0x01,
  0x3b,
  0x00, // code: one body of 59 bytes, no locals
  ...[0, 1, 2].flatMap(() => [0xfd, 0x0c, ...new Array<number>(16).fill(0)]), // three v128.const 0
  0xfd,
  0x85,
  0x02, // f32x4.relaxed_madd (0xfd 261)
  0x0b, // end
]);

/** WebAssembly.validate (the runtime's TypeScript lib has no WebAssembly types). */
const validate = (bytes: Uint8Array): boolean =>
  (
    globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } }
  ).WebAssembly.validate(bytes);

export function relaxedSimdAvailable(): boolean {
  return validate(probe);
}

export function enableRelaxedSimd(): boolean {
  if (relaxedSimdAvailable()) return true;
  try {
    setFlagsFromString("--experimental-wasm-relaxed-simd");
  } catch {
    return false;
  }
  return relaxedSimdAvailable();
}
