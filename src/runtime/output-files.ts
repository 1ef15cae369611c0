/**
 * Folders and files a training run writes (the metrics log, checkpoints), with errors in
 * words. Node's `mkdirSync(dir, { recursive: true })` never returns when mkdir fails with
 * ENOENT below an existing folder, as it does anywhere under /proc (it retries the parent
 * for ever), so `makeDirectory` walks up once to the first folder that exists and creates
 * the rest one by one.
 */
import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";

/** Creates `directory` and any missing parents. Throws the fs error (with its `path`) of the first step that fails. */
export function makeDirectory(directory: string): void {
  const missing: string[] = [];
  let current = resolve(directory);
  while (!existsSync(current)) {
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  if (existsSync(current) && !statSync(current).isDirectory()) {
    throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${current}'`), {
      code: "ENOTDIR",
      path: current,
    });
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (error) {
      // Another process made it meanwhile: fine, if it is a folder.
      if ((error as NodeJS.ErrnoException).code === "EEXIST" && statSync(folder).isDirectory())
        continue;
      throw error;
    }
  }
}

const reasons: Record<string, string> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "it is a directory",
  ENOTDIR: "a file of that name is in the way",
  EEXIST: "a file of that name is in the way",
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is used up",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "too many symbolic links",
};

/** Why a file operation failed, in words ("permission denied"). */
export function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (
    (code !== undefined ? reasons[code] : undefined) ??
    (error instanceof Error ? error.message : String(error))
  );
}

/**
 * Creates the folder that will hold `file`; on failure, a message naming the folder that
 * could not be made and why ("cannot create the folder /proc/x: no such file or directory").
 */
export function makeParentDirectory(file: string): string | undefined {
  try {
    makeDirectory(dirname(file));
    return undefined;
  } catch (error) {
    const folder = (error as NodeJS.ErrnoException).path ?? dirname(file);
    return `cannot create the folder ${folder}: ${fileProblem(error)}`;
  }
}
