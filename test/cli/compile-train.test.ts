import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cacheRoot,
  rewriteRuntimeSpecifiers,
  transpileGenerated,
} from "../../src/cli/train-cache.js";

/**
 * `netc compile` and `netc train` through the real command line (`node bin/netc.js` on
 * dist/): every model of the zoo for both backends, a real training run whose last
 * stdout line is the JSON summary, and the one-line errors for a bad flag and missing data.
 */

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = path.join(root, "bin/netc.js");

function netc(args: string[], cwd = root, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      NO_COLOR: "1",
      FORCE_COLOR: "",
      NETC_CACHE_DIR: path.join(work, "cache"),
      ...env,
    },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every model of models/, by file (a file may hold several). */
const zoo: Record<string, string[]> = {
  "alexnet.net": ["AlexNet"],
  "cnn-small.net": ["CNN", "MNISTConvNet"],
  "lenet5-classic.net": ["LeNet5Classic"],
  "lenet5.net": ["LeNet5"],
  "mlp.net": ["MLP"],
  "mobilenet.net": ["MobileNet"],
  "resnet18.net": ["ResNet18"],
  "vgg16.net": ["VGG16"],
  "yolo.net": ["YoloHead"],
};
/** Models without a train section: compiled without a training script. */
const untrained = new Set(["YoloHead"]);

/** netc's runtime, written beside every package (test/cli/installable-package.test.ts installs it). */
const runtimeTarball = "netc-runtime-0.1.0.tgz";

const packageFiles = {
  loops: [
    "README.md",
    "config.ts",
    "model.ts",
    runtimeTarball,
    "package.json",
    "parallel.ts",
    "train.ts",
    "tsconfig.json",
  ],
  tfjs: ["README.md", "model.ts", runtimeTarball, "package.json", "train.ts", "tsconfig.json"],
  untrained: ["README.md", "model.ts", runtimeTarball, "package.json", "tsconfig.json"],
};

let work: string;

beforeAll(() => {
  const main = path.join(root, "dist/cli/main.js");
  const newest = Math.max(
    ...[
      "src/cli/main.ts",
      "src/cli/commands/train.ts",
      "src/cli/train-cache.ts",
      "src/codegen/package.ts",
    ].map((file) => statSync(path.join(root, file)).mtimeMs),
  );
  if (!existsSync(main) || statSync(main).mtimeMs < newest) {
    spawnSync(
      process.execPath,
      [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
      {
        cwd: root,
      },
    );
  }
  work = mkdtempSync(path.join(tmpdir(), "netc-compile-"));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("netc compile", () => {
  it("the zoo table lists every file in models/", () => {
    expect(Object.keys(zoo)).toEqual(
      readdirSync(path.join(root, "models"))
        .filter((f) => f.endsWith(".net"))
        .sort(),
    );
  });

  for (const backend of ["loops", "tfjs"] as const) {
    for (const [file, models] of Object.entries(zoo)) {
      for (const model of models) {
        it(`${file} ${model} --backend ${backend}: exit 0 and the package's files`, () => {
          const out = path.join(work, `${model}-${backend}`);
          const r = netc([
            "compile",
            `models/${file}`,
            "--model",
            model,
            "--backend",
            backend,
            "--out",
            out,
          ]);
          expect(r.stderr).toBe("");
          expect(r.code).toBe(0);
          const expected = untrained.has(model) ? packageFiles.untrained : packageFiles[backend];
          expect(readdirSync(out).sort()).toEqual(expected);
          expect(r.stdout.split("\n")[0]).toBe(
            `netc: compiled ${model} (${backend} backend) into ${out}/: ${[...expected.filter((f) => f.endsWith(".ts")).sort(), "package.json", "tsconfig.json", "README.md", runtimeTarball].join(", ")}`,
          );
          if (untrained.has(model)) {
            expect(r.stdout).toContain(
              `netc: 'models/${file}' has no train section for ${model}: compiled the model only (no train.ts)`,
            );
          }
        });
      }
    }
  }

  it("writes to build/<model>/<backend> under the working directory by default, and prints it relative", () => {
    const r = netc(["compile", path.join(root, "models/mlp.net"), "--backend", "tfjs"], work);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`into ${path.join("build", "mlp", "tfjs")}/:`);
    expect(readdirSync(path.join(work, "build/mlp/tfjs")).sort()).toEqual(packageFiles.tfjs);
  });

  it("writes nothing when the file has errors, renders them as `netc check` does, exits 1", () => {
    const bad = netc([
      "compile",
      "test/fixtures/diagnostics/net0201-unknown-layer.net",
      "--out",
      path.join(work, "bad"),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error\[NET\d{4}\]/m);
    expect(bad.stderr).toMatch(/^ *--> /m);
    expect(existsSync(path.join(work, "bad"))).toBe(false);
  });

  it("an unknown model is a usage error naming the models the file defines", () => {
    const r = netc(["compile", "models/cnn-small.net", "--model", "CNNN"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "netc: error: no model named 'CNNN' in 'models/cnn-small.net' (did you mean 'CNN'?); it defines CNN, MNISTConvNet\n",
    );
  });
});

describe("netc train", () => {
  it("trains the MLP on 4,000 digits (200 steps) through the loops backend; the last stdout line is the JSON summary", () => {
    const r = netc([
      "train",
      "models/mlp.net",
      "--backend",
      "loops",
      "--epochs",
      "1",
      "--limit",
      "4000",
      "--batch",
      "20",
      "--threads",
      "2",
      "--format",
      "json",
      "--log",
      path.join(work, "mlp-metrics.jsonl"),
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    const summary = JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
    expect(Object.keys(summary).sort()).toEqual(
      [
        "backend",
        "device",
        "epochs",
        "samplesPerSecond",
        "testAccuracy",
        "validationAccuracy",
      ].sort(),
    );
    expect(summary).toMatchObject({ backend: "loops", device: "cpu", epochs: 1 });
    expect(summary.testAccuracy as number).toBeGreaterThan(0.85);
    // the one epoch trained on the 4,000 digits of --limit, and the summary's rate is theirs
    const [epoch, ...more] = readFileSync(path.join(work, "mlp-metrics.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map(
        (line) => JSON.parse(line) as { epoch: number; seconds: number; samplesPerSecond: number },
      );
    expect(more).toEqual([]);
    expect(epoch!.epoch).toBe(1);
    expect(epoch!.samplesPerSecond * epoch!.seconds).toBeCloseTo(4000, 6);
    expect(summary.samplesPerSecond as number).toBeCloseTo(4000 / epoch!.seconds, 6);
    // the compiled script is plain .js in the cache, with netc/runtime pointing at dist/
    // (beside the type-check verdicts)
    const cached = readdirSync(path.join(work, "cache")).filter((name) => name !== "type-checked");
    expect(cached).toHaveLength(1);
    expect(readdirSync(path.join(work, "cache", cached[0]!)).sort()).toEqual([
      "config.js",
      "model.js",
      "package.json",
      "parallel.js",
      "train.js",
    ]);
  }, 60_000);

  it("a misspelt flag exits 2 with one line and a suggestion, before compiling anything", () => {
    const r = netc(["train", "models/mlp.net", "--epoch", "1"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "netc: error: unknown option '--epoch' (Did you mean --epochs?) (add --help for usage)\n",
    );
  });

  it("CIFAR-10 without its data directory: one line saying what it is, where to get it and which flag points elsewhere, exit 2", () => {
    // the train section's default folder, data/cifar-10-batches-bin, relative to the working directory
    const r = netc(["train", path.join(root, "models/mobilenet.net"), "--backend", "tfjs"], work);
    expect(r.code).toBe(2);
    // (tfjs announces its device on stdout first)
    expect(r.stderr).toBe(
      "train: data/cifar-10-batches-bin: directory not found. This is CIFAR-10 (60,000 32×32 colour images in 10 classes), " +
        "which netc does not download: get its binary version, https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz, " +
        "and unpack it into data (`tar -xzf cifar-10-binary.tar.gz -C data` creates data/cifar-10-batches-bin), " +
        "or point --data at a folder holding data_batch_1.bin … data_batch_5.bin and test_batch.bin\n",
    );
  }, 30_000);

  it("a model without a train section cannot be trained: exit 2, and compile is named", () => {
    const r = netc(["train", "models/yolo.net"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "netc: error: 'models/yolo.net' has no train section for YoloHead: add one (data, loss, optimizer) to train it; `netc compile` still compiles the model\n",
    );
  });
});

describe("the training-script cache", () => {
  const urls = {
    "netc/runtime": "file:///opt/netc/dist/runtime/index.js",
    "netc/runtime/tfjs": "file:///opt/netc/dist/runtime/tfjs/index.js",
  };

  it("rewrites exactly the runtime specifiers, in static and dynamic imports", () => {
    const code = [
      'import { a } from "netc/runtime";',
      "import { tf } from 'netc/runtime/tfjs';",
      'const m = await import("netc/runtime");',
      'import "netc/runtime/browser";',
      'const text = "from netc/runtime";',
    ].join("\n");
    expect(rewriteRuntimeSpecifiers(code, urls).split("\n")).toEqual([
      'import { a } from "file:///opt/netc/dist/runtime/index.js";',
      "import { tf } from 'file:///opt/netc/dist/runtime/tfjs/index.js';",
      'const m = await import("file:///opt/netc/dist/runtime/index.js");',
      'import "netc/runtime/browser";',
      'const text = "from netc/runtime";',
    ]);
  });

  it("erases types only, and drops type-only imports", async () => {
    const js = await transpileGenerated(
      "train.ts",
      'import { run, type Flags } from "netc/runtime";\nimport type { X } from "./model.js";\nconst flags: Flags = run() as X;\n',
      urls,
    );
    expect(js).toBe(
      'import { run } from "file:///opt/netc/dist/runtime/index.js";\nconst flags = run();\n',
    );
  });

  it("lives in $NETC_CACHE_DIR, else the nearest package's node_modules/.cache/netc, else the user's cache", () => {
    const context = (cwd: string, env: Record<string, string>) => ({
      stdout: process.stdout,
      stderr: process.stderr,
      cwd,
      env,
    });
    expect(cacheRoot(context(work, { NETC_CACHE_DIR: "c" }))).toBe(path.join(work, "c"));
    expect(cacheRoot(context(path.join(root, "models"), {}))).toBe(
      path.join(root, "node_modules/.cache/netc"),
    );
    expect(cacheRoot(context(work, { XDG_CACHE_HOME: "/var/cache/me" }))).toBe(
      existsSync(path.join(tmpdir(), "package.json"))
        ? path.join(tmpdir(), "node_modules/.cache/netc")
        : "/var/cache/me/netc",
    );
  });
});
