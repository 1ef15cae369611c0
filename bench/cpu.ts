import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { DiagnosticBag } from "../src/diagnostics/diagnostic.js";
import type { ModelIR, ProgramIR } from "../src/ir/ir.js";
import { emitLoops } from "../src/codegen/loops/index.js";
import { emitTfjs } from "../src/codegen/tfjs/index.js";
import { emitWasm } from "../src/codegen/wasm/index.js";
import { assemble } from "../src/codegen/wasm/assemble.js";
import { enableRelaxedSimd } from "../src/runtime/wasm-features.js";
import { checkText } from "../src/semantics/index.js";
import { checkTrain } from "../src/semantics/train/check-train.js";
import { parseSource } from "../src/syntax/index.js";

/**
 * `npm run bench -- cpu`: training (forward, cross-entropy, backward, SGD with momentum
 * 0.9) and inference speed on the CPU for LeNet-5, the MLP 784-500-10 and one ResNet basic
 * block (bench/models/resnet-block.net), batch 64, on fixed pseudo-random data:
 *
 *   netc compiled (WebAssembly SIMD) on 1 and 2 threads, the loops reference, tfjs on its
 *   wasm backend, and PyTorch (bench/pytorch_cpu.py, 1 and 2 threads) on the same batch
 *
 * run alternately, round after round, in one invocation (so every path sees the same
 * machine load), with the median of the rounds reported. Each row gives samples/s, the
 * ratio to PyTorch on one thread, and GFLOP/s against the SIMD128 peak of the threads
 * used, measured at the start (`measurePeakGflops`: two 4-lane FMAs per cycle, or
 * multiplies and adds, at the clock the core really runs).
 * Without PyTorch the table has netc's rows alone and says how to install it.
 *
 * Options: `--rounds N` (default 3), `--plain` (no relaxed-SIMD FMA), `--quick` (LeNet-5
 * and the MLP only). The interpreter is $NETC_PYTHON, else `python3`, else
 * `/usr/bin/python3` (Debian's), the first that imports torch.
 */

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const BATCH = 64;
const buildRoot = join(repoRoot, "build", "bench-cpu");

export interface Row {
  model: string;
  mode: "train" | "inference";
  path: string;
  threads: number;
  samplesPerSecond: number;
  /** Against PyTorch with one thread, same model and mode (NaN without PyTorch). */
  vsPyTorch1: number;
  gflops: number;
  /** Percent of the peak of the threads used. */
  peakPercent: number;
}

interface BenchModel {
  key: "lenet5" | "mlp" | "resnet-block";
  title: string;
  file: string;
  name: string;
  /** Slow paths (the loops reference, tfjs) take one short measurement in the first round only. */
  slow: boolean;
}

const MODELS: readonly BenchModel[] = [
  { key: "lenet5", title: "LeNet-5", file: "models/lenet5.net", name: "LeNet5", slow: false },
  { key: "mlp", title: "MLP 784-500-10", file: "models/mlp.net", name: "MLP", slow: false },
  {
    key: "resnet-block",
    title: "ResNet basic block",
    file: "bench/models/resnet-block.net",
    name: "ResNetBlock",
    slow: true,
  },
];

/** The bench's train section: cross-entropy, SGD lr 0.01 momentum 0.9, batch 64 (whatever the file trains with). */
function benchProgram(program: ProgramIR, name: string): ProgramIR {
  const lines = `data = mnist\nloss = cross_entropy\noptimizer = sgd(lr = 0.01, momentum = 0.9)\nbatch = ${BATCH}\nepochs = 1\nseed = 42`;
  const parsed = parseSource("bench.net", `train ${name} {\n${lines}\n}\n`);
  const declaration = parsed.file.declarations[0];
  const bag = new DiagnosticBag();
  const train =
    declaration?.kind === "TrainDeclaration"
      ? checkTrain(declaration, undefined, undefined, bag)
      : undefined;
  if (train === undefined) throw new Error("the bench's train section does not check");
  return { ...program, trains: [train] };
}

/** FLOPs of one sample: forward 2·MACs; training adds the weight gradients' products and the input gradients' (none into the input). */
export function flopsPerSample(model: ModelIR): { train: number; inference: number } {
  let forward = 0;
  let backward = 0;
  const needsGradient = new Map<string, boolean>([["input", false]]);
  for (const node of model.nodes) {
    const macs = node.counts.macs;
    forward += 2 * macs;
    const trainable = node.params.some((p) => p.trainable);
    const upstream = node.inputs.some((id) => needsGradient.get(id) === true);
    if (trainable) backward += 2 * macs;
    if (upstream) backward += 2 * macs;
    needsGradient.set(node.id, trainable || upstream);
  }
  return { train: forward + backward, inference: forward };
}

function fixedBatch(inputSize: number): { images: Float32Array; labels: Int32Array } {
  const images = new Float32Array(BATCH * inputSize);
  const labels = new Int32Array(BATCH);
  let state = 12345;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  for (let i = 0; i < images.length; i++) images[i] = next() < 0.8 ? -0.42 : 2.8 * next();
  for (let i = 0; i < labels.length; i++) labels[i] = Math.floor(next() * 10);
  return { images, labels };
}

interface WasmModel {
  readonly relaxed: boolean;
  initialize(seed: number): void;
  computeGradients(input: Float32Array, labels: ArrayLike<number>, n: number): number;
  forward(input: Float32Array, n: number, training?: boolean): Float32Array;
  step(lr?: number): void;
}

interface Parallel {
  readonly threads: number;
  computeGradients(images: Float32Array, labels: ArrayLike<number>, n: number): Promise<number>;
  close(): void;
}

interface TfjsModel {
  initialize(seed: number): void;
  step(input: Float32Array, labels: ArrayLike<number>, n: number): { loss: number };
  predict(input: Float32Array, n: number): Promise<Float32Array>;
}

/** One path of one model and mode: `run(steps)` takes that many steps and returns the seconds. */
interface Runner {
  model: BenchModel;
  mode: Row["mode"];
  path: string;
  threads: number;
  slow: boolean;
  run(steps: number): Promise<number>;
  close?(): void;
}

async function writePackage(files: Map<string, string>, directory: string): Promise<string> {
  mkdirSync(directory, { recursive: true });
  for (const [name, text] of files) writeFileSync(join(directory, name), text);
  return directory;
}

async function timed(steps: number, step: () => unknown): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < steps; i++) await step();
  return (performance.now() - start) / 1000;
}

async function runnersFor(
  bench: BenchModel,
  python: PyTorch | undefined,
): Promise<{ runners: Runner[]; model: ModelIR }> {
  const text = readFileSync(join(repoRoot, bench.file), "utf8");
  const checked = checkText(bench.file, text);
  const program = benchProgram(checked.program, bench.name);
  const model = program.models.find((m) => m.name === bench.name)!;
  const options = { sourcePath: bench.file, sourceText: text, maxBatch: BATCH };
  const base = join(buildRoot, bench.key);
  const wasmDir = await writePackage(
    await emitWasm(program, bench.name, options),
    join(base, "wasm"),
  );
  const loopsDir = await writePackage(
    await emitLoops(program, bench.name, options),
    join(base, "loops"),
  );
  const tfjsDir = await writePackage(
    await emitTfjs(program, bench.name, options),
    join(base, "tfjs"),
  );
  const inputSize = model.inputShape.reduce((a, b) => a * b, 1);
  const { images, labels } = fixedBatch(inputSize);
  const dataFile = join(base, "batch.bin");
  writeFileSync(dataFile, Buffer.concat([Buffer.from(images.buffer), Buffer.from(labels.buffer)]));

  const wasm = (await import(pathToFileURL(join(wasmDir, "model.ts")).href)) as Record<
    string,
    new (b: number, t?: number) => WasmModel
  >;
  const parallelModule = (await import(pathToFileURL(join(wasmDir, "parallel.ts")).href)) as {
    DataParallel: { start(m: WasmModel, b: number, t: number, s: number): Promise<Parallel> };
  };
  const loops = (await import(pathToFileURL(join(loopsDir, "model.ts")).href)) as Record<
    string,
    new (b: number) => WasmModel
  >;
  const tfjs = (await import(pathToFileURL(join(tfjsDir, "model.ts")).href)) as {
    createModel(): TfjsModel;
  };

  const single = new wasm[bench.name]!(BATCH);
  single.initialize(42);
  const double = new wasm[bench.name]!(BATCH, 2);
  double.initialize(42);
  const parallel = await parallelModule.DataParallel.start(double, BATCH, 2, 42);
  const reference = new loops[bench.name]!(BATCH);
  reference.initialize(42);
  const device = (await import("netc/runtime/tfjs")) as unknown as {
    selectDevice(
      preference: string,
      options: { announce: (line: string) => void },
    ): Promise<unknown>;
  };
  await device.selectDevice("wasm", { announce: () => {} });
  const tfModel = tfjs.createModel();
  tfModel.initialize(42);

  const runners: Runner[] = [
    {
      model: bench,
      mode: "train",
      path: `netc compiled (${single.relaxed ? "relaxed SIMD" : "SIMD"})`,
      threads: 1,
      slow: false,
      run: (steps) =>
        timed(steps, () => {
          single.computeGradients(images, labels, BATCH);
          single.step(0.01);
        }),
    },
    {
      model: bench,
      mode: "train",
      path: `netc compiled (${double.relaxed ? "relaxed SIMD" : "SIMD"})`,
      threads: parallel.threads,
      slow: false,
      run: (steps) =>
        timed(steps, async () => {
          await parallel.computeGradients(images, labels, BATCH);
          double.step(0.01);
        }),
      close: () => parallel.close(),
    },
    {
      model: bench,
      mode: "inference",
      path: `netc compiled (${single.relaxed ? "relaxed SIMD" : "SIMD"})`,
      threads: 1,
      slow: false,
      run: (steps) => timed(steps, () => single.forward(images, BATCH, false)),
    },
    {
      model: bench,
      mode: "train",
      path: "loops reference",
      threads: 1,
      slow: true,
      run: (steps) =>
        timed(steps, () => {
          reference.computeGradients(images, labels, BATCH);
          reference.step(0.01);
        }),
    },
    {
      model: bench,
      mode: "train",
      path: "tfjs wasm",
      threads: 1,
      slow: true,
      run: (steps) => timed(steps, () => tfModel.step(images, labels, BATCH)),
    },
  ];
  if (python !== undefined) {
    for (const [mode, threads] of [
      ["train", 1],
      ["train", 2],
      ["inference", 1],
    ] as const) {
      runners.push({
        model: bench,
        mode,
        path: "PyTorch",
        threads,
        slow: false,
        run: (steps) =>
          python.run({ model: bench.key, mode, threads, steps, data: dataFile, batch: BATCH }),
      });
    }
  }
  return { runners, model };
}

/** The PyTorch process, driven one JSON line at a time. */
class PyTorch {
  private readonly lines: AsyncIterator<string>;
  constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly version: string,
    readonly blas: string,
    lines: AsyncIterator<string>,
  ) {
    this.lines = lines;
  }

  static async start(python: string): Promise<PyTorch | undefined> {
    const child = spawn(python, [join(repoRoot, "bench", "pytorch_cpu.py")], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const first = await lines.next();
    if (first.done === true) return undefined;
    const hello = JSON.parse(first.value) as { torch: string; blas: string };
    return new PyTorch(child, hello.torch, hello.blas, lines);
  }

  async run(command: object): Promise<number> {
    this.child.stdin.write(`${JSON.stringify(command)}\n`);
    const answer = await this.lines.next();
    if (answer.done === true) throw new Error("PyTorch process ended");
    const parsed = JSON.parse(answer.value) as { seconds?: number; error?: string };
    if (parsed.error !== undefined) throw new Error(`PyTorch: ${parsed.error}`);
    return parsed.seconds!;
  }

  close(): void {
    this.child.stdin.end();
  }
}

/** $NETC_PYTHON, then python3, then Debian's /usr/bin/python3: the first that imports torch. */
export function findPython(): string | undefined {
  const candidates = [process.env.NETC_PYTHON, "python3", "/usr/bin/python3"].filter(
    (c): c is string => c !== undefined && c !== "",
  );
  return candidates.find(
    (python) => spawnSync(python, ["-c", "import torch"], { stdio: "ignore" }).status === 0,
  );
}

/** The nominal clock from /proc/cpuinfo (Linux), in GHz, else undefined. */
function clockGHz(): number | undefined {
  try {
    const match = /cpu MHz\s*:\s*([\d.]+)/.exec(readFileSync("/proc/cpuinfo", "utf8"));
    return match === null ? undefined : Number(match[1]) / 1000;
  } catch {
    return undefined;
  }
}

/**
 * The SIMD128 peak of one core as V8 runs it, measured: a WebAssembly loop of independent
 * multiply-adds that nothing else slows (no memory, chains enough to hide the latency on
 * both pipes): 10 chains of f32x4.relaxed_madd with relaxed SIMD, 12 chains of f32x4.mul
 * then f32x4.add without (8 flops per step either way). The nominal clock of
 * /proc/cpuinfo understates it where the core boosts (on the 2-core EPYC this was written
 * on: 2.45 GHz nominal, 50 GFLOP/s measured with FMA, 16 flops per cycle at 3.1 GHz; 35-42
 * with separate multiply and add), so percentages of peak are taken against this
 * figure. Best of 5 runs of 20 million iterations.
 */
export async function measurePeakGflops(relaxed: boolean): Promise<number> {
  const chains = relaxed ? 10 : 12;
  const locals = Array.from({ length: chains }, (_, i) => `(local $a${i} v128)`).join(" ");
  const init = Array.from(
    { length: chains },
    (_, i) => `(local.set $a${i} (f32x4.splat (f32.const ${(i + 1) / 16})))`,
  ).join("\n");
  const step = Array.from({ length: chains }, (_, i) =>
    relaxed
      ? `(local.set $a${i} (f32x4.relaxed_madd (local.get $a${i}) (local.get $m) (local.get $c)))`
      : `(local.set $a${i} (f32x4.add (f32x4.mul (local.get $a${i}) (local.get $m)) (local.get $c)))`,
  ).join("\n");
  const sum = Array.from({ length: chains }, (_, i) => `(local.get $a${i})`).reduce(
    (a, b) => `(f32x4.add ${a} ${b})`,
  );
  // a·m + c with m = 1, c = 0 stays put: no overflow, no subnormals; m and c are
  // arguments, so the engine cannot fold them away
  const text = `(module
    (func (export "spin") (param $n i32) (param $mf f32) (param $cf f32) (result f32)
      (local $m v128) (local $c v128) ${locals}
      (local.set $m (f32x4.splat (local.get $mf)))
      (local.set $c (f32x4.splat (local.get $cf)))
      ${init}
      (loop $spin
        ${step}
        (br_if $spin (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
      (f32x4.extract_lane 0 ${sum})))`;
  const binary = await assemble(text, { relaxedSimd: relaxed });
  // the project's TypeScript lib has no WebAssembly types (as in src/runtime/wasm-features.ts)
  const wasm = (
    globalThis as unknown as {
      WebAssembly: {
        instantiate(bytes: Uint8Array): Promise<{ instance: { exports: Record<string, unknown> } }>;
      };
    }
  ).WebAssembly;
  const { instance } = await wasm.instantiate(binary);
  const spin = instance.exports.spin as (n: number, m: number, c: number) => number;
  const flopsPerIteration = chains * 8;
  spin(100_000, 1, 0);
  let best = 0;
  for (let run = 0; run < 5; run++) {
    const iterations = 20_000_000;
    const start = performance.now();
    spin(iterations, 1, 0);
    const seconds = (performance.now() - start) / 1000;
    best = Math.max(best, (iterations * flopsPerIteration) / seconds / 1e9);
  }
  return best;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export async function runCpuBench(
  options: { rounds?: number; plain?: boolean; quick?: boolean; log?: (line: string) => void } = {},
): Promise<Row[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  const rounds = options.rounds ?? 3;
  if (options.plain !== true) enableRelaxedSimd();
  const python = findPython();
  const torch = python === undefined ? undefined : await PyTorch.start(python);
  if (torch === undefined) {
    log(
      "PyTorch is not available (no interpreter among $NETC_PYTHON, python3, /usr/bin/python3 imports torch): netc's figures only. On Debian: apt-get install python3-torch",
    );
  } else {
    log(`PyTorch ${torch.version} (${python}); BLAS ${torch.blas}`);
    // Debian's python3-torch does not pull in OpenBLAS: without it libblas.so.3 is the
    // reference BLAS, many times slower at the MLP's GEMMs, and the ratios flatter netc.
    if (!/openblas/i.test(torch.blas)) {
      log(
        "warning: PyTorch runs on the reference BLAS, not OpenBLAS; for a fair comparison: apt-get install libopenblas0-pthread",
      );
    }
  }
  const fused = options.plain !== true && enableRelaxedSimd();
  const peak = await measurePeakGflops(fused);
  const ghz = clockGHz();
  const perCycle =
    ghz === undefined
      ? ""
      : `, ${(peak / ghz).toFixed(1)} flops per cycle of the ${ghz.toFixed(2)} GHz /proc/cpuinfo gives`;
  // two FMA pipes make 16 flops per cycle, so the FMA figure shows the clock the core runs at
  const clock = fused ? `; 16 flops per cycle at ${(peak / 16).toFixed(2)} GHz` : "";
  log(
    `peak: ${peak.toFixed(1)} GFLOP/s per core, measured with independent ${fused ? "f32x4.relaxed_madd" : "f32x4.mul and f32x4.add"} chains${perCycle}${clock}`,
  );
  const rows: Row[] = [];
  try {
    for (const bench of MODELS) {
      if (options.quick === true && bench.slow) continue;
      const { runners, model } = await runnersFor(bench, torch);
      const flops = flopsPerSample(model);
      const samples = new Map<Runner, number[]>();
      // calibrate: one warm-up call each, then chunks of about a second
      const perStep = new Map<Runner, number>();
      for (const runner of runners) {
        const warm = bench.slow && runner.slow ? 1 : 3;
        perStep.set(runner, (await runner.run(warm)) / warm);
      }
      for (let round = 0; round < rounds; round++) {
        for (const runner of runners) {
          if (runner.slow && bench.slow && round > 0) continue;
          const steps =
            runner.slow && bench.slow
              ? 1
              : Math.max(2, Math.min(200, Math.round(1 / perStep.get(runner)!)));
          const seconds = await runner.run(steps);
          samples.set(runner, [...(samples.get(runner) ?? []), (steps * BATCH) / seconds]);
        }
      }
      for (const runner of runners) runner.close?.();
      const pytorch1 = (mode: Row["mode"]) => {
        const found = runners.find(
          (r) => r.path === "PyTorch" && r.threads === 1 && r.mode === mode,
        );
        return found === undefined ? NaN : median(samples.get(found)!);
      };
      for (const runner of runners) {
        const perSecond = median(samples.get(runner)!);
        const gflops =
          (perSecond * (runner.mode === "train" ? flops.train : flops.inference)) / 1e9;
        rows.push({
          model: bench.title,
          mode: runner.mode,
          path: runner.path,
          threads: runner.threads,
          samplesPerSecond: perSecond,
          vsPyTorch1: perSecond / pytorch1(runner.mode),
          gflops,
          peakPercent: (100 * gflops) / (peak * runner.threads),
        });
      }
    }
  } finally {
    torch?.close();
  }
  return rows;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const roundsAt = process.argv.indexOf("--rounds");
  const rows = await runCpuBench({
    rounds: roundsAt > 0 ? Number(process.argv[roundsAt + 1]) : undefined,
    plain: process.argv.includes("--plain"),
    quick: process.argv.includes("--quick"),
  });
  const { table } = await import("./table.js");
  console.log(table(rows));
}
