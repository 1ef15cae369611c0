import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { emitTfjs } from "../src/codegen/tfjs/index.js";
import { saveCheckpoint, type NamedTensor } from "../src/runtime/index.js";
import { selectDevice } from "../src/runtime/tfjs/index.js";
import { checkProgram } from "../src/semantics/index.js";

/**
 * Checkpointing every trainable model of models/ on the tfjs backend's default device
 * (wasm): the weights and optimizer state out of tfjs (getTensors, getOptimizerState),
 * the checkpoint encoded and written atomically, as the generated train.ts does after each
 * epoch. The goal: well under a second per 10M parameters (AlexNet's 58M, VGG-16's 138M
 * included).
 *
 * Run alone: `node --import tsx bench/checkpoint.ts`; bench/index.ts calls runCheckpointBench().
 */

export interface Row {
  model: string;
  parameters: number;
  exportMs: number;
  writeMs: number;
  msPer10M: number;
}

interface Model {
  initialize(seed: number): void;
  getTensors(): Map<string, Float32Array>;
  getOptimizerState(): Promise<{ name: string; shape: number[]; data: Float32Array }[]>;
  info: {
    name: string;
    irHash: string;
    tensors: readonly { name: string; shape: readonly number[]; role: string }[];
  };
  dispose(): void;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const host = { readFile: (path: string) => readFileSync(path, "utf8") };
const runtimeTfjs = join(repoRoot, "src/runtime/tfjs/index.ts");

async function compile(file: string, modelName: string): Promise<Model> {
  const path = join(repoRoot, "models", file);
  const { program } = checkProgram(path, host);
  const files = await emitTfjs(program, modelName);
  const directory = join(repoRoot, "build/bench-checkpoint", modelName);
  mkdirSync(directory, { recursive: true });
  const model = files
    .get("model.ts")!
    .replace(`from "netc/runtime/tfjs"`, `from ${JSON.stringify(runtimeTfjs)}`);
  writeFileSync(join(directory, "model.ts"), model);
  const module = (await import(pathToFileURL(join(directory, "model.ts")).href)) as {
    createModel(): Model;
  };
  return module.createModel();
}

export async function runCheckpointBench(): Promise<Row[]> {
  await selectDevice("wasm", { announce: () => {} });
  const scratch = mkdtempSync(join(tmpdir(), "netc-bench-checkpoint-"));
  const rows: Row[] = [];
  try {
    for (const file of readdirSync(join(repoRoot, "models")).sort()) {
      if (!file.endsWith(".net")) continue;
      const { program } = checkProgram(join(repoRoot, "models", file), host);
      for (const name of new Set(program.trains.filter((t) => t.declared).map((t) => t.model))) {
        const model = await compile(file, name);
        model.initialize(1);
        const start = performance.now();
        const values = model.getTensors();
        const optimizer = await model.getOptimizerState();
        const exported = performance.now();
        const tensors = (role: string): NamedTensor[] =>
          model.info.tensors
            .filter((t) => t.role === role)
            .map((t) => ({ name: t.name, shape: t.shape, data: values.get(t.name)! }));
        saveCheckpoint(join(scratch, `${name}.ckpt`), {
          model: name,
          netcVersion: "bench",
          modelHash: model.info.irHash,
          epoch: 1,
          step: 0,
          globalStep: 1,
          parameters: tensors("param"),
          buffers: tensors("buffer"),
          optimizer: { name: "bench", tensors: optimizer, scalars: {} },
          rng: {},
          extra: {},
        });
        const written = performance.now();
        const parameters = tensors("param").reduce((sum, t) => sum + t.data.length, 0);
        rows.push({
          model: `${file}: ${name}`,
          parameters,
          exportMs: exported - start,
          writeMs: written - exported,
          msPer10M: ((written - start) / parameters) * 1e7,
        });
        model.dispose();
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.table(await runCheckpointBench());
}
