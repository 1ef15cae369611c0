import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chooseTrainBackend, cudaGpuLikely } from "../../src/cli/choose-backend.js";

/**
 * The compiled backend through the command line: `netc compile --backend wasm`, the
 * refusal of a model too large for WebAssembly (at its line), and `netc train` choosing
 * the compiled backend on a machine without a GPU and saying so.
 */

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = path.join(root, "bin/netc.js");
let work: string;

function netc(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", NETC_CACHE_DIR: path.join(work, "cache"), ...env },
    timeout: 300_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), "netc-wasm-cli-"));
  spawnSync(
    process.execPath,
    [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
    {
      cwd: root,
    },
  );
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the wasm backend on the command line", () => {
  it("netc compile --backend wasm writes the package with its binaries and their text", () => {
    const out = path.join(work, "lenet5");
    const r = netc(["compile", "models/lenet5.net", "--backend", "wasm", "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      "README.md",
      "config.ts",
      "model-wasm.ts",
      "model.ts",
      "model.wat",
      "netc-runtime-0.1.0.tgz",
      "package.json",
      "parallel.ts",
      "train.ts",
      "tsconfig.json",
    ]);
  }, 120_000);

  it("a model too large for WebAssembly's 4 GiB is refused at compile time, naming its line, exit 1", () => {
    const file = path.join(work, "huge.net");
    writeFileSync(
      file,
      "model Huge {\n  input [784]\n  dense(500000) -> relu\n  dense(10)\n}\n\ntrain Huge {\n  data = mnist\n  loss = cross_entropy\n  optimizer = sgd(lr = 0.1, momentum = 0.9)\n  batch = 64\n}\n",
    );
    const r = netc(["compile", file, "--backend", "wasm", "--out", path.join(work, "huge")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^netc: error: the wasm backend cannot compile Huge \(.*huge\.net:1\): Huge needs 4\.\d\d GiB of WebAssembly memory for a batch of 64 .* a WebAssembly memory holds at most 4 GiB\n$/,
    );
  }, 120_000);

  it("netc train without --backend takes the compiled backend on a machine without a GPU and says so", () => {
    if (cudaGpuLikely()) return; // a CUDA machine takes tfjs: the next test covers the choice itself
    const r = netc([
      "train",
      "models/mlp.net",
      "--epochs",
      "1",
      "--limit",
      "2000",
      "--batch",
      "20",
      "--format",
      "json",
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("netc: training with the wasm backend (no CUDA GPU for tfjs");
    const summary = JSON.parse(r.stdout.trimEnd().split("\n").at(-1)!) as {
      backend: string;
      testAccuracy: number;
    };
    expect(summary.backend).toBe("wasm");
    expect(summary.testAccuracy).toBeGreaterThan(0.8);
  }, 300_000);

  it("the choice: --device or a CUDA GPU means tfjs, otherwise the compiled backend", () => {
    expect(chooseTrainBackend({ device: "cpu" }, false).backend).toBe("tfjs");
    expect(chooseTrainBackend({}, true).backend).toBe("tfjs");
    expect(chooseTrainBackend({}, false).backend).toBe("wasm");
    expect(
      cudaGpuLikely(() => {
        throw new Error("not installed");
      }),
    ).toBe(false);
  });
});
