/**
 * Writes a file so that readers see either the old contents or the new, never a mix or a
 * truncated file: write a temporary file in the same directory, fsync it, rename it over the
 * target (atomic on POSIX within one file system), then fsync the directory so the rename
 * itself survives a crash. Twenty lines, so no dependency (write-file-atomic) is needed.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { makeDirectory } from "./output-files.js";

export function writeFileAtomic(path: string, data: Uint8Array): void {
  const directory = dirname(path);
  makeDirectory(directory); // not mkdirSync's recursive mode: it never returns under /proc
  const temporary = join(directory, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
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
