/** Saving and loading checkpoint files (Node): atomic write, verified read. */
import { readFileSync } from "node:fs";
import { writeFileAtomic } from "./atomic-write.js";
import { type Checkpoint, decodeCheckpoint, encodeCheckpoint } from "./checkpoint-format.js";
import { CheckpointError } from "./errors.js";

export function saveCheckpoint(path: string, checkpoint: Checkpoint): void {
  try {
    writeFileAtomic(path, encodeCheckpoint(checkpoint));
  } catch (error) {
    throw new CheckpointError(`${path}: cannot write the checkpoint (${(error as Error).message})`);
  }
}

export function loadCheckpoint(path: string): Checkpoint {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new CheckpointError(`${path}: no checkpoint to resume from (file not found)`);
    }
    throw new CheckpointError(`${path}: cannot read the checkpoint (${(error as Error).message})`);
  }
  return decodeCheckpoint(bytes, path);
}
