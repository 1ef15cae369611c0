/**
 * Prepares the browser demo from a model compiled by netc (loops backend) and a training
 * checkpoint: dist/model.js is the model.ts with its types erased (it has no imports and
 * no Node APIs, so it runs in a browser as it is), dist/weights.bin the checkpoint's
 * tensors as little-endian float32, and dist/manifest.json says which tensor is where.
 *
 *   npx tsx examples/browser/build.ts examples/app/lenet5 examples/app/lenet5.ckpt
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { checkCheckpointModel, loadCheckpoint } from "netc/runtime";

const [compiledDir, checkpointPath] = process.argv.slice(2);
if (compiledDir === undefined || checkpointPath === undefined) {
  console.error("usage: tsx examples/browser/build.ts COMPILED_MODEL_DIR CHECKPOINT");
  process.exit(2);
}
const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), "dist");
mkdirSync(dist, { recursive: true });

// The model: TypeScript → JavaScript, one file, no bundler needed.
const modelSource = readFileSync(path.join(compiledDir, "model.ts"), "utf8");
const modelJs = ts.transpileModule(modelSource, {
  compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022 },
}).outputText;
writeFileSync(path.join(dist, "model.js"), modelJs);

// Which class, and how the training data was preprocessed (the page must do the same).
const className = /^export class (\w+)/m.exec(modelSource)?.[1];
if (className === undefined) throw new Error(`${compiledDir}/model.ts exports no class`);
const configSource = readFileSync(path.join(compiledDir, "config.ts"), "utf8");
const normalize = /normalize: \[([^\]]*)\]/.exec(configSource)?.[1]?.split(",").map(Number) ?? [];

// The weights: every parameter and buffer of the checkpoint, back to back.
const checkpoint = loadCheckpoint(checkpointPath);
const irHash = /irHash: "([0-9a-f]+)"/.exec(modelSource)?.[1] ?? "";
checkCheckpointModel(checkpoint, { model: checkpoint.model, modelHash: irHash }, checkpointPath);
const tensors = [...checkpoint.parameters, ...checkpoint.buffers];
const total = tensors.reduce((sum, t) => sum + t.data.length, 0);
const weights = new Float32Array(total);
let offset = 0;
const entries = tensors.map((t) => {
  weights.set(t.data, offset);
  const entry = { name: t.name, shape: t.shape, offset, length: t.data.length };
  offset += t.data.length;
  return entry;
});
writeFileSync(path.join(dist, "weights.bin"), new Uint8Array(weights.buffer));
writeFileSync(
  path.join(dist, "manifest.json"),
  `${JSON.stringify({ className, model: checkpoint.model, epoch: checkpoint.epoch, normalize, tensors: entries }, null, 2)}\n`,
);
console.log(
  `wrote ${path.relative(process.cwd(), dist)}/: model.js (${className}), weights.bin (${total} floats), manifest.json`,
);
