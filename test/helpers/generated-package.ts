import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ProgramIR } from "../../src/ir/ir.js";
import { checkOk } from "./programs.js";

/** Generated TypeScript packages (loops, wasm) on disk: written, type-checked, loaded and run as a user would. */

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** A checked .net file and the source options an emitter takes for it. */
export interface CheckedFile {
  /** The path from the repository's root, as the tests name it. */
  path: string;
  text: string;
  program: ProgramIR;
  source: { sourcePath: string; sourceText: string };
}

/** A .net file of the repository (`models/lenet5.net`) through the real checker. */
export function checkedFile(path: string): CheckedFile {
  const text = readFileSync(join(repoRoot, path), "utf8");
  return {
    path,
    text,
    program: checkOk(path, text),
    source: { sourcePath: path, sourceText: text },
  };
}

/** A model file of models/ (`lenet5.net`) through the real checker. */
export function modelFile(name: string): CheckedFile {
  return checkedFile(`models/${name}`);
}

/** A backend's package emitter (emitLoops, emitWasm). */
export type PackageEmitter = (
  program: ProgramIR,
  modelName: string,
  options: CheckedFile["source"],
) => Promise<Map<string, string>>;

/** The package of models/`name`'s `model`, emitted twice, each from a fresh check of the file (determinism tests). */
export async function emitTwice(
  emit: PackageEmitter,
  name: string,
  model: string,
): Promise<[Map<string, string>, Map<string, string>]> {
  const first = modelFile(name);
  const again = modelFile(name);
  return [
    await emit(first.program, model, first.source),
    await emit(again.program, model, again.source),
  ];
}

/**
 * Writes a package's files into a folder of `root` named by `label` and a digest of the
 * files: different output never lands in the same folder, so test files running at once
 * do not overwrite each other's packages and a stale module is never imported.
 */
export function writePackage(
  root: string,
  label: string,
  files: ReadonlyMap<string, string>,
): string {
  const digest = createHash("sha256")
    .update([...files.values()].join("\0"))
    .digest("hex")
    .slice(0, 12);
  const directory = join(root, `${label}-${digest}`);
  mkdirSync(directory, { recursive: true });
  for (const [name, text] of files) writeFileSync(join(directory, name), text);
  return directory;
}

/** The class `className` that the package's model.ts exports. */
export async function importModelClass<Class>(
  directory: string,
  className: string,
): Promise<Class> {
  const module = (await import(join(directory, "model.ts"))) as Record<string, Class | undefined>;
  const found = module[className];
  if (found === undefined) throw new Error(`model.ts exports no class ${className}`);
  return found;
}

/** contract-check.ts, which compiles only if the package's model implements GeneratedModelApi. */
export function writeContractCheck(directory: string, className: string): void {
  const toRepo = relative(directory, repoRoot).split("\\").join("/");
  writeFileSync(
    join(directory, "contract-check.ts"),
    `import type { GeneratedModelApi } from "${toRepo}/src/runtime/model-contract.js";\n` +
      `import { ${className} } from "./model.js";\n` +
      `export const asContract: GeneratedModelApi = new ${className}(4);\n`,
  );
}

/** tsc --strict --noEmit over `files` of a package, with netc/runtime mapped to the sources: "" when clean, else tsc's report. */
export function typeCheckPackage(directory: string, files: readonly string[]): string {
  const toRepo = relative(directory, repoRoot).split("\\").join("/");
  writeFileSync(
    join(directory, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        lib: ["ES2022", "DOM"],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ["node"],
        typeRoots: [`${toRepo}/node_modules/@types`],
        paths: { "netc/runtime": [`${toRepo}/src/runtime/index.ts`] },
      },
      files,
    }),
  );
  try {
    execFileSync(
      process.execPath,
      [join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", directory],
      { encoding: "utf8" },
    );
    return "";
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

/** Runs the package's train.ts (through tsx) with `args` and reads the JSON summary it prints last (`--format json`). */
export function runTrainScript<Summary>(directory: string, args: readonly string[]): Summary {
  const output = execFileSync(
    process.execPath,
    ["--import", "tsx", "train.ts", ...args, "--format", "json"],
    { cwd: directory, encoding: "utf8", timeout: 120_000 },
  );
  return JSON.parse(output.trim().split("\n").at(-1)!) as Summary;
}
