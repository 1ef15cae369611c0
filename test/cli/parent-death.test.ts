import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

/**
 * `kill -9` of `netc train` gives netc no chance to stop its child, the training script,
 * which once went on training (and writing its checkpoint) in the background. The script
 * watches its channel to netc and exits when netc is gone. Found here as the child of
 * netc's process in /proc (the test is Linux-only; the mechanism, an IPC channel, is
 * Node's on every platform).
 */

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = path.join(root, "bin/netc.js");
const work = mkdtempSync(path.join(tmpdir(), "netc-parent-death-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Process ids whose parent is `parent`, from /proc/<pid>/stat (field 4, after the command in parentheses). */
function childrenOf(parent: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === parent) children.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return children;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z"; // a zombie has exited
  } catch {
    return false;
  }
}

describe.skipIf(process.platform !== "linux").each(["loops", "tfjs"] as const)(
  "kill -9 of netc train --backend %s",
  (backend) => {
    it("ends the training script too, within seconds", async () => {
      const netc = spawn(
        process.execPath,
        [
          bin,
          "train",
          "models/mlp.net",
          "--backend",
          backend,
          "--epochs",
          "100",
          "--limit",
          "3000",
          "--batch",
          "10",
        ],
        {
          cwd: root,
          env: { ...process.env, NO_COLOR: "1", NETC_CACHE_DIR: path.join(work, "cache") },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let output = "";
      netc.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      netc.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise((resolve) => netc.once("exit", resolve));
      let script: number | undefined;
      try {
        // wait until the script trains: progress prints a line every tenth of an epoch
        while (!/^epoch 1\/100 \d+\/\d+ /m.test(output)) {
          if (netc.exitCode !== null) throw new Error(`netc ended early:\n${output}`);
          await sleep(100);
        }
        [script] = childrenOf(netc.pid!);
        expect(script, "the training script, netc's child").toBeDefined();
        netc.kill("SIGKILL");
        await exited;
        for (let waited = 0; waited < 10_000 && alive(script!); waited += 100) await sleep(100);
        expect(
          alive(script!),
          `training script ${script} still running after netc was killed`,
        ).toBe(false);
      } finally {
        if (script !== undefined && alive(script)) process.kill(script, "SIGKILL");
        netc.kill("SIGKILL");
      }
    }, 90_000);
  },
);
