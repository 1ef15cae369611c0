/**
 * Where the wasm backend's .wasm binaries are. They ship inside the npm
 * package, so in Node we point tfjs at that directory and nothing is ever
 * downloaded. Browsers (bundlers) set their own paths and never call this.
 */
export async function wasmBinaryDirectory(): Promise<string> {
  const { createRequire } = await import("node:module");
  const path = await import("node:path");
  const require = createRequire(import.meta.url);
  const binary = require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm");
  return path.dirname(binary) + path.sep;
}
