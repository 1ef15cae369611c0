import { readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  describeRefusal,
  isInside,
  isNetPath,
  isRefusal,
  readSourceFile,
} from "../semantics/source-files.js";
import { UserError, describeIoError } from "./errors.js";

/**
 * File access for commands: every failure becomes a UserError that names the file and
 * the reason, so the user sees `netc: error: cannot read 'x.net': no such file or
 * directory` and exit code 2, never a stack trace.
 */

/**
 * A .net file named on the command line, read under the rules imports follow
 * (semantics/source-files.ts): a regular file of at most 1 MiB, named `.net`, and inside
 * `root` when one is given. Anything else is a UserError that names the file and the
 * reason (exit 2); `netc check /dev/zero` returns at once.
 */
export function readNetFile(file: string, root?: string): string {
  if (root !== undefined && !isInside(root, file)) {
    throw new UserError(`cannot read '${file}': it lies outside the project root '${root}'`);
  }
  const text = readSourceFile(file, root);
  if (isRefusal(text)) {
    const reason =
      text.refused === "outside-root"
        ? `it lies outside the project root '${root}' once symbolic links are resolved`
        : text.refused === "missing"
          ? "no such file or directory"
          : describeRefusal(text);
    throw new UserError(`cannot read '${file}': ${reason}`);
  }
  if (!isNetPath(file)) throw new UserError(`cannot read '${file}': netc reads only .net files`);
  return text;
}

export function writeTextFile(file: string, text: string): void {
  try {
    writeFileSync(file, text, "utf8");
  } catch (error) {
    throw new UserError(describeIoError("write", file, error));
  }
}

/**
 * The .net files named on the command line: a file as given, a directory as every
 * `.net` file below it (sorted, so output order is stable). A missing path is a UserError.
 */
export function expandInputs(inputs: readonly string[]): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(input).isDirectory();
    } catch (error) {
      throw new UserError(describeIoError("read", input, error));
    }
    if (isDirectory) files.push(...netFilesBelow(input));
    else files.push(input);
  }
  return files;
}

function netFilesBelow(directory: string): string[] {
  let entries;
  try {
    entries = readdirSync(directory, { withFileTypes: true, recursive: true });
  } catch (error) {
    throw new UserError(describeIoError("read", directory, error));
  }
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".net"))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** How paths are shown to the user: relative to the working directory when inside it. */
export function displayPathFrom(cwd: string): (file: string) => string {
  return (file) => {
    const relative = path.relative(cwd, path.resolve(cwd, file));
    return relative === "" || relative.startsWith("..") || path.isAbsolute(relative)
      ? file
      : relative;
  };
}
