/** Saving and loading checkpoint and weights files (Node): atomic write, verified read. */
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from "node:fs";
import { dirname } from "node:path";
import zlib from "node:zlib";
import { removeStaleTemporaries, writeFileAtomic } from "./atomic-write.js";
import {
  type Checkpoint,
  type CheckpointExpectation,
  type NamedTensor,
  type Weights,
  decodeCheckpoint,
  decodeWeights,
  encodeCheckpoint,
  encodeWeights,
} from "./checkpoint-format.js";
import { useCrc32Implementation } from "./crc32.js";
import { CheckpointError } from "./errors.js";

// zlib's native CRC-32 (Node ≥ 20.15) checksums a large checkpoint ten times faster
if (typeof zlib.crc32 === "function") {
  useCrc32Implementation((bytes, previous) => zlib.crc32(bytes, previous));
}

export function saveCheckpoint(path: string, checkpoint: Checkpoint): void {
  try {
    writeFileAtomic(path, encodeCheckpoint(checkpoint));
  } catch (error) {
    throw new CheckpointError(`${path}: cannot write the checkpoint (${(error as Error).message})`);
  }
}

/**
 * Reads and checks a checkpoint; with `expected` (the model's identity and tensors, the
 * run's epochs and steps per epoch) also that it fits the model and the run.
 */
export function loadCheckpoint(path: string, expected?: CheckpointExpectation): Checkpoint {
  return decodeCheckpoint(readUntrustedFile(path, "checkpoint"), path, expected);
}

/**
 * A weights file of any kind decodeWeights reads (netc checkpoint or weights, or plain
 * safetensors); messages name it `shownAs` (default: the path).
 */
export function loadWeights(path: string, shownAs = path): Weights {
  return decodeWeights(readUntrustedFile(path, "weights file", shownAs), shownAs);
}

export function saveWeights(
  path: string,
  weights: {
    readonly model: string;
    readonly modelHash: string;
    readonly netcVersion: string;
    readonly tensors: readonly NamedTensor[];
  },
): void {
  try {
    writeFileAtomic(path, encodeWeights(weights));
  } catch (error) {
    throw new CheckpointError(`${path}: cannot write the weights (${(error as Error).message})`);
  }
}

/** Reads a regular file only: a FIFO or device (/dev/zero) would block or never end. */
function readUntrustedFile(path: string, what: string, shownAs = path): Uint8Array {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer (the flag is 0 where absent)
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw new CheckpointError(`${shownAs}: no ${what} there (file not found)`);
    if (code === "EISDIR") throw new CheckpointError(`${shownAs}: is a directory, not a ${what}`);
    throw new CheckpointError(
      `${shownAs}: cannot read the ${what} (${code ?? (error as Error).message})`,
    );
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw new CheckpointError(`${shownAs}: is a directory, not a ${what}`);
    if (!stats.isFile())
      throw new CheckpointError(`${shownAs}: not a regular file, so not a ${what}`);
    if (stats.size > 2 ** 31 - 1) {
      throw new CheckpointError(`${shownAs}: ${stats.size} bytes is more than netc reads (2 GiB)`);
    }
    const bytes = new Uint8Array(stats.size);
    let read = 0;
    while (read < bytes.length) {
      const count = readSync(fd, bytes, read, bytes.length - read, read);
      if (count === 0) break;
      read += count;
    }
    return read === bytes.length ? bytes : bytes.subarray(0, read);
  } catch (error) {
    if (error instanceof CheckpointError) throw error;
    throw new CheckpointError(`${shownAs}: cannot read the ${what} (${(error as Error).message})`);
  } finally {
    closeSync(fd);
  }
}

/**
 * Before training starts: refuse a --checkpoint path that cannot hold a file (a directory,
 * or under a file), so the run fails at once rather than after its first epoch; and delete
 * temporary files that earlier runs, killed while writing this checkpoint, left beside it.
 */
export function prepareCheckpointPath(path: string | undefined): void {
  if (path === undefined) return;
  const statOf = (target: string) => {
    try {
      return statSync(target);
    } catch {
      return undefined;
    }
  };
  if (statOf(path)?.isDirectory() === true || /[\\/]$/.test(path)) {
    throw new CheckpointError(
      `${path}: --checkpoint names a directory; give a file path such as ${path.replace(/[\\/]+$/, "")}/model.ckpt`,
    );
  }
  // the nearest existing ancestor must be a directory (writeFileAtomic creates the rest)
  let ancestor = dirname(path);
  for (;;) {
    const stats = statOf(ancestor);
    if (stats !== undefined) {
      if (!stats.isDirectory()) {
        throw new CheckpointError(
          `${path}: cannot write a checkpoint there: ${ancestor} is not a directory`,
        );
      }
      break;
    }
    const parent = dirname(ancestor);
    if (parent === ancestor) break;
    ancestor = parent;
  }
  removeStaleTemporaries(path);
}
