/**
 * Writes a file so that readers see either the old contents or the new, never a mix or a
 * truncated file: write a temporary file in the same directory, fsync it, rename it over the
 * target (atomic on POSIX within one file system), then fsync the directory so the rename
 * itself survives a crash. Twenty lines, so no dependency (write-file-atomic) is needed.
 *
 * A writer killed before the rename (kill -9, power loss) leaves its temporary file behind;
 * its name holds the writer's process id, so `removeStaleTemporaries` can tell the
 * leftovers of dead writers from a live writer's file and delete only those.
 */
import {
  closeSync,
  fsyncSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { makeDirectory } from "./output-files.js";

/** `.<name>.<pid>.<time>.tmp` beside the target. */
export function temporaryPathFor(path: string, pid = process.pid): string {
  return join(dirname(path), `.${basename(path)}.${pid}.${Date.now()}.tmp`);
}

export function writeFileAtomic(path: string, data: Uint8Array): void {
  const directory = dirname(path);
  makeDirectory(directory); // not mkdirSync's recursive mode: it never returns under /proc
  const temporary = temporaryPathFor(path);
  try {
    const fd = openSync(temporary, "w", 0o644);
    try {
      let written = 0;
      while (written < data.length) written += writeSync(fd, data, written, data.length - written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  try {
    const directoryFd = openSync(directory, "r");
    try {
      fsyncSync(directoryFd);
    } finally {
      closeSync(directoryFd);
    }
  } catch {
    // Some platforms (Windows) cannot fsync a directory; the rename is still atomic there.
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Deletes the temporary files that writes of `path` left behind when their process died
 * (only `path`'s, only those whose writer is no longer running). Returns their names.
 */
export function removeStaleTemporaries(path: string): string[] {
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(\d+)\.\d+\.tmp$/.exec(name.slice(prefix.length));
    if (match === null) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || isRunning(pid)) continue;
    try {
      rmSync(join(dirname(path), name), { force: true });
      removed.push(name);
    } catch {
      // not ours to delete (permissions): leave it
    }
  }
  return removed;
}
