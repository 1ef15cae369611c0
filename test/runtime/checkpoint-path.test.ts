import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { temporaryPathFor } from "../../src/runtime/atomic-write.js";
import { prepareCheckpointPath, saveCheckpoint } from "../../src/runtime/checkpoint-file.js";
import { CheckpointError } from "../../src/runtime/errors.js";
import { sampleCheckpoint } from "./checkpoint-samples.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const directory = mkdtempSync(join(tmpdir(), "netc-ckpt-path-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function errorOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(CheckpointError);
    return (error as Error).message;
  }
  throw new Error("expected a CheckpointError");
}

/**
 * A writer killed by kill -9 in the middle of a checkpoint write: a child process starts
 * the write's temporary file exactly as writeFileAtomic names it, says so, and is killed
 * before it can rename or delete it. Resolves to the temporary file's path.
 */
function killedWriter(checkpoint: string): Promise<string> {
  const script = `
    import { openSync, writeSync } from "node:fs";
    import { temporaryPathFor } from ${JSON.stringify(join(root, "src/runtime/atomic-write.ts"))};
    const temporary = temporaryPathFor(${JSON.stringify(checkpoint)});
    const fd = openSync(temporary, "w");
    writeSync(fd, new Uint8Array(4096));
    process.stdout.write(temporary + "\\n");
    setInterval(() => {}, 1000);
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      {
        cwd: root,
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.endsWith("\n")) child.kill("SIGKILL");
    });
    child.on("error", reject);
    child.on("exit", (_code, signal) => {
      expect(signal).toBe("SIGKILL");
      resolve(output.trim());
    });
  });
}

describe("--checkpoint paths, before training starts", () => {
  it("deletes the temporaries that killed writes of the same checkpoint left, and nothing else", async () => {
    const checkpoint = join(directory, "run", "model.ckpt");
    mkdirSync(join(directory, "run"));
    saveCheckpoint(checkpoint, sampleCheckpoint());
    const leftovers = [await killedWriter(checkpoint), await killedWriter(checkpoint)];
    for (const leftover of leftovers) expect(existsSync(leftover)).toBe(true);
    // a live writer's temporary (this process), another checkpoint's, and unrelated files stay
    const live = temporaryPathFor(checkpoint);
    const other = temporaryPathFor(join(directory, "run", "other.ckpt"), 999_999_999);
    writeFileSync(live, "");
    writeFileSync(other, "");
    writeFileSync(join(directory, "run", "notes.txt"), "");
    prepareCheckpointPath(checkpoint);
    for (const leftover of leftovers) expect(existsSync(leftover)).toBe(false);
    expect(readdirSync(join(directory, "run")).sort()).toEqual(
      [basename(live), basename(other), "model.ckpt", "notes.txt"].sort(),
    );
  });

  it("refuses a directory, or a path under a file, with one line", () => {
    expect(errorOf(() => prepareCheckpointPath(directory))).toBe(
      `${directory}: --checkpoint names a directory; give a file path such as ${directory}/model.ckpt`,
    );
    expect(errorOf(() => prepareCheckpointPath("not-yet-made/"))).toBe(
      "not-yet-made/: --checkpoint names a directory; give a file path such as not-yet-made/model.ckpt",
    );
    const file = join(directory, "plain-file");
    writeFileSync(file, "");
    expect(errorOf(() => prepareCheckpointPath(join(file, "sub", "model.ckpt")))).toBe(
      `${join(file, "sub", "model.ckpt")}: cannot write a checkpoint there: ${file} is not a directory`,
    );
    // a path in directories still to be made is fine (the first write makes them)
    prepareCheckpointPath(join(directory, "new", "deeper", "model.ckpt"));
    expect(existsSync(join(directory, "new"))).toBe(false);
  });

  it("reads only regular files: a FIFO does not block the load", () => {
    const fifo = join(directory, "pipe.ckpt");
    if (spawnSync("mkfifo", [fifo]).status !== 0) return; // no mkfifo (Windows)
    const script = `
      import { loadCheckpoint } from ${JSON.stringify(join(root, "src/runtime/checkpoint-file.ts"))};
      try { loadCheckpoint(${JSON.stringify(fifo)}); } catch (error) { console.log(error.message); }
    `;
    const result = spawnSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      {
        cwd: root,
        encoding: "utf8",
        timeout: 20_000,
      },
    );
    expect(result.stdout.trim()).toBe(`${fifo}: not a regular file, so not a checkpoint`);
  });
});
