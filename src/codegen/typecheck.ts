import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { InMemoryFileSystemHost, Project, ts, type FileSystemHost } from "ts-morph";

/**
 * The type check of a generated package, in process, before netc writes or runs it.
 * Generated code must compile under `tsc --strict`; this proves it for every package
 * `netc compile` writes and every script `netc train` runs, so that a bug in an emitter
 * (or text that slipped past the escaping layer, codegen/common/escape.ts) is a refusal
 * with a compiler-bug message, never a program that does something else.
 *
 * The project is ts-morph's, over a file system of its own: the package's files live in
 * memory, in a folder that exists nowhere on disk inside netc's own installation, so that
 * `netc/runtime` and `netc/runtime/tfjs` resolve to this netc's runtime declarations and
 * `@tensorflow/tfjs` and `@types/node` to its dependencies; TypeScript's lib files are the
 * ones ts-morph carries. Files on disk are read only below netc's root and in the
 * `node_modules` folders above it (where npm may have hoisted netc's dependencies); no
 * other file is visible, whatever the package says. The compiler options are those of the
 * package's own tsconfig.json (codegen/package.ts).
 */

export interface PackageTypeError {
  /** The package's file, e.g. "model.ts". */
  file: string;
  line: number;
  message: string;
}

/** The generated package's compiler options (its tsconfig.json), as the check applies them. */
export const packageCompilerOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
  types: ["node"],
  strict: true,
  skipLibCheck: true,
  noEmit: true,
};

/** netc's installation: two levels up from both src/codegen/ and dist/codegen/. */
const netcRoot = fileURLToPath(new URL("../../", import.meta.url));
/** Where packages are mounted: inside netc's root (so resolution finds netc's runtime and dependencies), never on disk. */
const mountRoot = path.join(netcRoot, ".netc-typecheck");

/**
 * One project per process, reused: each check mounts its package in a fresh folder and
 * drops the previous one, so the declaration files (TypeScript's lib, @types/node,
 * TensorFlow.js, the runtime), which are most of the work, are parsed once per process.
 */
let checker: { project: Project; fileSystem: PackageFileSystem; round: number } | undefined;

/**
 * Type-checks the package's .ts files; returns every error in them (empty: it type-checks).
 * Errors in declaration files of the runtime or the dependencies are not the package's and
 * are not reported (skipLibCheck).
 */
export function typecheckPackage(files: ReadonlyMap<string, string>): PackageTypeError[] {
  return typecheckPackages([files])[0]!;
}

/** Several packages in one program (each in its own folder): the errors of each, in order. */
export function typecheckPackages(
  packages: readonly ReadonlyMap<string, string>[],
): PackageTypeError[][] {
  if (checker === undefined) {
    const fileSystem = new PackageFileSystem(mountRoot);
    const project = new Project({
      compilerOptions: { ...packageCompilerOptions, paths: runtimePaths() },
      fileSystem,
      skipAddingFilesFromTsConfig: true,
    });
    checker = { project, fileSystem, round: 0 };
  }
  const { project, fileSystem } = checker;
  for (const previous of project.getSourceFiles()) {
    if (fileSystem.isMounted(previous.getFilePath())) project.removeSourceFile(previous);
  }
  const folders = fileSystem.mount(`round-${checker.round++}`, packages);
  const sources = packages.map((files, i) =>
    [...files.keys()]
      .filter((name) => name.endsWith(".ts"))
      .sort()
      .map((name) => project.addSourceFileAtPath(path.join(folders[i]!, name))),
  );
  // The package is ES modules (its package.json says "type": "module"); ts-morph creates
  // source files without the module format NodeNext derives from that, so it is set here.
  for (const source of sources.flat()) {
    source.compilerNode.impliedNodeFormat = ts.ModuleKind.ESNext;
  }
  const program = project.getProgram().compilerObject;
  const shared = [...program.getGlobalDiagnostics(), ...program.getOptionsDiagnostics()].map(
    (diagnostic) => describe(diagnostic, ""),
  );
  return sources.map((files) => {
    const errors = [...shared];
    for (const source of files) {
      const compiled = source.compilerNode;
      const diagnostics = [
        ...program.getSyntacticDiagnostics(compiled),
        ...program.getSemanticDiagnostics(compiled),
      ];
      for (const diagnostic of diagnostics) errors.push(describe(diagnostic, source.getBaseName()));
    }
    return errors;
  });
}

/** Whatever decides the verdict besides the package: the checker and the runtime's declarations. */
export function typecheckFingerprint(): string {
  const parts = [`typescript ${ts.version}`, JSON.stringify(packageCompilerOptions)];
  for (const [specifier, [target]] of Object.entries(runtimePaths())) {
    parts.push(specifier);
    const folder = path.dirname(target!);
    for (const file of declarationFiles(folder)) {
      parts.push(path.relative(folder, file), readFileSync(file, "utf8"));
    }
  }
  return parts.join("\0");
}

function describe(diagnostic: ts.Diagnostic, file: string): PackageTypeError {
  const line =
    diagnostic.file !== undefined && diagnostic.start !== undefined
      ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1
      : 0;
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
  return { file, line, message };
}

/**
 * Where `netc/runtime` and `netc/runtime/tfjs` are declared: the compiled declarations of
 * dist/ (an installed netc), or the sources when netc itself runs from src/ (its tests).
 */
function runtimePaths(): Record<string, [string]> {
  const fromSources = import.meta.url.endsWith(".ts");
  const base = fromSources
    ? path.join(netcRoot, "src", "runtime")
    : path.join(netcRoot, "dist", "runtime");
  const extension = fromSources ? ".ts" : ".d.ts";
  return {
    "netc/runtime": [path.join(base, `index${extension}`)],
    "netc/runtime/tfjs": [path.join(base, "tfjs", `index${extension}`)],
  };
}

function declarationFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(d\.)?ts$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/**
 * The file system the check sees: the package's files in memory, and read-only access to
 * netc's root and to the node_modules folders above it. Everything else does not exist.
 */
class PackageFileSystem implements FileSystemHost {
  private readonly memory = new InMemoryFileSystemHost();
  private readonly readable: string[];
  private mounted: string | undefined;

  constructor(private readonly folder: string) {
    this.readable = [netcRoot];
    for (let dir = path.dirname(netcRoot); ; dir = path.dirname(dir)) {
      this.readable.push(path.join(dir, "node_modules") + path.sep);
      if (path.dirname(dir) === dir) break;
    }
  }

  /** Puts each package's files in memory under folder/name/N, dropping the previous ones; returns the folders. */
  mount(name: string, packages: readonly ReadonlyMap<string, string>[]): string[] {
    if (this.mounted !== undefined) this.memory.deleteSync(this.mounted);
    this.mounted = path.join(this.folder, name);
    return packages.map((files, i) => {
      const folder = path.join(this.mounted!, String(i));
      for (const [file, text] of files) this.memory.writeFileSync(path.join(folder, file), text);
      return folder;
    });
  }

  isMounted(file: string): boolean {
    return this.inMemory(file);
  }

  private inMemory(file: string): boolean {
    const resolved = path.resolve(file);
    return resolved === this.folder || resolved.startsWith(this.folder + path.sep);
  }

  private onDisk(file: string): boolean {
    const resolved = path.resolve(file);
    return (
      !this.inMemory(resolved) &&
      this.readable.some(
        (root) => resolved === root.replace(/[\\/]$/, "") || resolved.startsWith(root),
      )
    );
  }

  isCaseSensitive(): boolean {
    return process.platform !== "win32" && process.platform !== "darwin";
  }

  readFileSync(file: string): string {
    if (this.inMemory(file)) return this.memory.readFileSync(file);
    if (this.onDisk(file)) {
      try {
        return readFileSync(file, "utf8");
      } catch {
        // fall through: not found
      }
    }
    // not in memory either: the in-memory host throws the error ts-morph takes for "not found"
    return this.memory.readFileSync(file);
  }

  async readFile(file: string): Promise<string> {
    return this.readFileSync(file);
  }

  fileExistsSync(file: string): boolean {
    if (this.inMemory(file)) return this.memory.fileExistsSync(file);
    return this.onDisk(file) && isKind(file, "file");
  }

  async fileExists(file: string): Promise<boolean> {
    return this.fileExistsSync(file);
  }

  directoryExistsSync(dir: string): boolean {
    if (this.inMemory(dir)) return this.memory.directoryExistsSync(dir);
    return this.onDisk(dir) && isKind(dir, "directory");
  }

  async directoryExists(dir: string): Promise<boolean> {
    return this.directoryExistsSync(dir);
  }

  readDirSync(dir: string) {
    if (this.inMemory(dir)) return this.memory.readDirSync(dir);
    if (!this.onDisk(dir)) return [];
    try {
      return readdirSync(dir, { withFileTypes: true }).map((entry) => ({
        name: path.join(dir, entry.name),
        isFile: entry.isFile(),
        isDirectory: entry.isDirectory(),
        isSymlink: entry.isSymbolicLink(),
      }));
    } catch {
      return [];
    }
  }

  realpathSync(file: string): string {
    if (this.inMemory(file) || !this.onDisk(file)) return file;
    try {
      return realpathSync(file);
    } catch {
      return file;
    }
  }

  getCurrentDirectory(): string {
    return this.folder;
  }

  globSync(): string[] {
    return [];
  }

  async glob(): Promise<string[]> {
    return [];
  }

  // The check never writes; ts-morph calls none of these for a project that is not saved.
  private readOnly(): never {
    throw new Error("the type check's file system is read-only");
  }
  deleteSync(): void {
    this.readOnly();
  }
  async delete(): Promise<void> {
    this.readOnly();
  }
  writeFileSync(): void {
    this.readOnly();
  }
  async writeFile(): Promise<void> {
    this.readOnly();
  }
  mkdirSync(): void {
    this.readOnly();
  }
  async mkdir(): Promise<void> {
    this.readOnly();
  }
  moveSync(): void {
    this.readOnly();
  }
  async move(): Promise<void> {
    this.readOnly();
  }
  copySync(): void {
    this.readOnly();
  }
  async copy(): Promise<void> {
    this.readOnly();
  }
}

function isKind(file: string, kind: "file" | "directory"): boolean {
  try {
    const stats = statSync(file);
    return kind === "file" ? stats.isFile() : stats.isDirectory();
  } catch {
    return false;
  }
}
