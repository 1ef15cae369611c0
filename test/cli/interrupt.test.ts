import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

/**
 * Ctrl-C during `netc train`, as a terminal delivers it: SIGINT to the whole foreground
 * process group (netc and the training script). The script must finish its step, write
 * its checkpoint, exit 130 and say how to resume with the command the user typed; the
 * resumed run then completes. Runs on both backends: the tfjs script's steps are
 * synchronous, so this also pins that its loop lets the signal through.
 */

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = path.join(root, "bin/netc.js");
const work = mkdtempSync(path.join(tmpdir(), "netc-interrupt-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs netc in its own process group; `interruptWhen` sees the output so far and says when to press Ctrl-C. */
function netc(args: string[], interruptWhen?: (output: string) => boolean): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: root,
      detached: true,
      env: { ...process.env, NO_COLOR: "1", NETC_CACHE_DIR: path.join(work, "cache") },
    });
    let stdout = "";
    let stderr = "";
    let sent = false;
    const watch = () => {
      if (!sent && interruptWhen?.(stdout + stderr)) {
        sent = true;
        process.kill(-child.pid!, "SIGINT");
      }
    };
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      watch();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      watch();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe.each(["loops", "tfjs"] as const)("Ctrl-C during netc train --backend %s", (backend) => {
  const checkpoint = path.join(work, `${backend}.ckpt`);
  const args = [
    "train",
    "models/mlp.net",
    "--backend",
    backend,
    "--epochs",
    "2",
    "--limit",
    "3000",
  ];
  args.push("--batch", "20", "--checkpoint", checkpoint);

  it("writes a checkpoint, exits 130 and names the command to resume with", async () => {
    // Without a terminal, progress prints a line every tenth of an epoch: interrupt at the first.
    const run = await netc(args, (output) => /^epoch 1\/2 \d+\/\d+ /m.test(output));
    expect(run.code).toBe(130);
    expect(existsSync(checkpoint)).toBe(true);
    const hint = run.stderr.split("\n").find((line) => line.includes("resume with:"));
    expect(hint).toMatch(/^train: interrupted at epoch 1, step \d+; checkpoint written to /);
    expect(hint).toContain(
      `resume with: netc train models/mlp.net --backend ${backend} --epochs 2`,
    );
    expect(hint).toMatch(/--resume$/);
  });

  it("resumes from that checkpoint and finishes the run", async () => {
    const run = await netc([...args, "--resume", "--format", "json"]);
    expect(run.code).toBe(0);
    expect(run.stderr + run.stdout).toMatch(/resumed from .* at epoch 1, step \d+/);
    const summary = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as {
      epochs: number;
      testAccuracy: number;
    };
    expect(summary.epochs).toBe(2);
    expect(summary.testAccuracy).toBeGreaterThan(0.8);
  });
});
