import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { UserError, describeIoError } from "./errors.js";

/**
 * File access for commands: every failure becomes a UserError that names the file and
 * the reason, so the user sees `netc: error: cannot read 'x.net': no such file or
 * directory` and exit code 2, never a stack trace.
 */

export function readTextFile(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new UserError(describeIoError("read", file, error));
  }
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
