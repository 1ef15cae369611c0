import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readSync,
  realpathSync,
  type Stats,
} from "node:fs";
import path from "node:path";
import type { SourceHost } from "./program.js";

/**
 * Reading .net files, which are untrusted input: a file from someone else's repository
 * may import anything it likes by name. So every file the command line or the language
 * server reads as source goes through `readSourceFile`, and every import through the rules
 * of loadProgram (program.ts):
 *
 * - only `.net` files;
 * - only inside the project root (the entry file's folder, or the folder given with
 *   `--root`): the import path as written must stay inside it, and so must the file it
 *   names once symbolic links are resolved;
 * - only regular files: a device (`/dev/zero`, `/dev/urandom`), a FIFO, a socket or a
 *   folder is refused from its file status, before any byte is read, and opening never
 *   blocks (O_NONBLOCK);
 * - at most MAX_SOURCE_BYTES; a larger file is refused, and never read past the limit;
 * - a UTF-8 byte-order mark at the start is dropped.
 *
 * A refusal names the reason, never the content of the file.
 */

/** The largest .net file netc reads: 1 MiB, a hundred times the largest model of the zoo. */
export const MAX_SOURCE_BYTES = 1024 * 1024;

/** Why a file was not read. */
export type SourceRefusal =
  | { refused: "missing" }
  | { refused: "unreadable"; reason: string }
  | { refused: "not-a-file"; what: string }
  | { refused: "too-large" }
  | { refused: "outside-root" };

export function isRefusal(value: string | SourceRefusal | undefined): value is SourceRefusal {
  return typeof value === "object";
}

/** Whether a path names a .net file (by its name; the only kind of file netc reads as source). */
export function isNetPath(file: string): boolean {
  return file.endsWith(".net") && path.basename(file) !== ".net";
}

/** Whether `file` is `root` or below it (both absolute, or both relative to the same folder). */
export function isInside(root: string, file: string): boolean {
  const relative = path.relative(path.resolve(root), path.resolve(file));
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

/** A refusal in words, for a one-line message: "it is a character device". */
export function describeRefusal(refusal: SourceRefusal): string {
  switch (refusal.refused) {
    case "missing":
      return "no such file";
    case "unreadable":
      return refusal.reason;
    case "not-a-file":
      return `it is not a regular file (it is ${refusal.what})`;
    case "too-large":
      return `it is larger than ${MAX_SOURCE_BYTES / (1024 * 1024)} MiB`;
    case "outside-root":
      return "it lies outside the project root once symbolic links are resolved";
  }
}

/**
 * The text of a .net source file, or why it cannot be read. With `root`, the file's real
 * path (symbolic links resolved) must lie inside the root's real path. Never throws.
 */
export function readSourceFile(file: string, root?: string): string | SourceRefusal {
  let real: string;
  try {
    real = realpathSync(file);
  } catch (error) {
    return failure(error);
  }
  if (root !== undefined) {
    let realRoot: string;
    try {
      realRoot = realpathSync(root);
    } catch {
      realRoot = path.resolve(root);
    }
    if (!isInside(realRoot, real)) return { refused: "outside-root" };
  }
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO without a writer would otherwise wait forever.
    fd = openSync(real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return failure(error);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { refused: "not-a-file", what: kindOf(stats) };
    if (stats.size > MAX_SOURCE_BYTES) return { refused: "too-large" };
    // Read to the end, but never past the limit: a file may grow, or (in /proc) report size 0.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const count = readSync(fd, chunk, 0, chunk.length, null);
      if (count === 0) break;
      total += count;
      if (total > MAX_SOURCE_BYTES) return { refused: "too-large" };
      chunks.push(chunk.subarray(0, count));
    }
    const text = Buffer.concat(chunks, total).toString("utf8");
    // A byte-order mark is no part of the text: columns on line 1 count as without it.
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (error) {
    return failure(error);
  } finally {
    closeSync(fd);
  }
}

/** The host for checking a program on disk: every read confined to `root`. */
export function confinedSourceHost(root: string): SourceHost {
  return { root, readFile: (file) => readSourceFile(file, root) };
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return "a folder";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isFIFO()) return "a FIFO";
  if (stats.isSocket()) return "a socket";
  return "not a plain file";
}

function failure(error: unknown): SourceRefusal {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT" || code === "ENOTDIR") return { refused: "missing" };
  if (code === "EISDIR") return { refused: "not-a-file", what: "a folder" };
  if (code === "EACCES" || code === "EPERM")
    return { refused: "unreadable", reason: "permission denied" };
  if (code === "ELOOP") return { refused: "unreadable", reason: "too many symbolic links" };
  if (code === "ENAMETOOLONG") return { refused: "unreadable", reason: "the name is too long" };
  if (code?.startsWith("ERR_")) return { refused: "unreadable", reason: "not a valid file name" };
  return { refused: "unreadable", reason: code ?? "it cannot be read" };
}
