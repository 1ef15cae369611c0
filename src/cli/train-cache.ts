import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import path from "node:path";
import type { CliContext } from "./context.js";
import { UserError, describeIoError } from "./errors.js";
import { type RuntimeSpecifier, runtimeEntryUrls } from "./netc-package.js";

/**
 * Where `netc train` keeps the compiled training scripts, and how they get there.
 *
 * The generated .ts files are transpiled one by one with `ts.transpileModule` (types are
 * erased; the emitters already guarantee that the code type-checks) into plain ES-module
 * .js files, and the bare specifiers `netc/runtime` and `netc/runtime/tfjs` are rewritten
 * to file URLs of THIS installation's dist/runtime. So the script runs with plain
 * `node train.js` from any directory, needs no tsx, no tsconfig paths and no `netc` in
 * the user's node_modules, and the loops backend's worker threads (parallel.js starts
 * itself through import.meta.url) load .js like the main thread.
 *
 * The directory name is a hash of the final .js texts, which contain the runtime URLs,
 * so a different netc installation or a changed model gets its own directory and an
 * unchanged one is reused as it is.
 */

/**
 * The cache root: $NETC_CACHE_DIR; else node_modules/.cache/netc in the nearest
 * directory above the working directory that has a package.json (the convention of
 * babel, eslint and others); else the user's cache directory ($XDG_CACHE_HOME or
 * ~/.cache), else the system's temporary directory.
 */
export function cacheRoot(ctx: CliContext): string {
  const explicit = ctx.env.NETC_CACHE_DIR;
  if (explicit !== undefined && explicit !== "") return path.resolve(ctx.cwd, explicit);
  for (let dir = path.resolve(ctx.cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) {
      return path.join(dir, "node_modules", ".cache", "netc");
    }
    if (path.dirname(dir) === dir) break;
  }
  const userCache = ctx.env.XDG_CACHE_HOME || (homedir() ? path.join(homedir(), ".cache") : "");
  return path.join(userCache || tmpdir(), "netc");
}

/**
 * TypeScript → JavaScript for one generated file, with the runtime specifiers made
 * absolute. TypeScript is loaded on demand (most of a second), only by the commands that
 * run a package.
 */
export async function transpileGenerated(
  fileName: string,
  source: string,
  runtimeUrls: Readonly<Record<RuntimeSpecifier, string>>,
): Promise<string> {
  const { default: ts } = await import("typescript");
  const output = ts.transpileModule(source, {
    fileName,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ES2022,
      // keep `import { type X, y }` semantics: only values survive, as tsc would emit
      verbatimModuleSyntax: false,
    },
  }).outputText;
  return rewriteRuntimeSpecifiers(output, runtimeUrls);
}

/** Replaces `"netc/runtime"` and `"netc/runtime/tfjs"` in import/export specifiers (static or dynamic). */
export function rewriteRuntimeSpecifiers(
  code: string,
  runtimeUrls: Readonly<Record<RuntimeSpecifier, string>>,
): string {
  return code.replace(
    /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(netc\/runtime(?:\/tfjs)?)\2/g,
    (whole, lead: string, quote: string, specifier: string) => {
      const url = runtimeUrls[specifier as RuntimeSpecifier];
      return url === undefined ? whole : `${lead}${quote}${url}${quote}`;
    },
  );
}

/**
 * Writes a PyTorch package's Python files into the cache (as they are) and returns the
 * directory, named by their hash like the TypeScript scripts'.
 */
export function preparePythonScript(ctx: CliContext, files: ReadonlyMap<string, string>): string {
  const output = new Map([...files].filter(([name]) => name.endsWith(".py")));
  return writeCacheDirectory(ctx, output, "train.py");
}

/**
 * Transpiles the package's .ts files into the cache and returns the directory. Files are
 * written into a temporary sibling and renamed into place, so a run that is interrupted
 * or a second `netc train` at the same time never sees a half-written directory.
 */
export async function prepareTrainingScript(
  ctx: CliContext,
  files: ReadonlyMap<string, string>,
): Promise<string> {
  const runtimeUrls = runtimeEntryUrls();
  const output = new Map<string, string>();
  for (const [name, text] of files) {
    if (name.endsWith(".ts")) {
      output.set(name.replace(/\.ts$/, ".js"), await transpileGenerated(name, text, runtimeUrls));
    }
  }
  // ES modules regardless of any package.json above the cache directory.
  output.set("package.json", `${JSON.stringify({ type: "module", private: true }, null, 2)}\n`);

  return writeCacheDirectory(ctx, output, "train.js");
}

/** Writes `output` into a cache directory named by its hash (once; reused after), atomically. */
function writeCacheDirectory(
  ctx: CliContext,
  output: ReadonlyMap<string, string>,
  entry: string,
): string {
  const hash = createHash("sha256");
  for (const [name, text] of [...output].sort(([a], [b]) => a.localeCompare(b))) {
    hash.update(name).update("\0").update(text).update("\0");
  }
  const root = cacheRoot(ctx);
  const directory = path.join(root, hash.digest("hex").slice(0, 16));
  if (existsSync(path.join(directory, entry))) return directory;

  const staging = `${directory}.tmp-${process.pid}`;
  try {
    mkdirSync(staging, { recursive: true });
    for (const [name, text] of output) writeFileSync(path.join(staging, name), text);
    try {
      renameSync(staging, directory);
    } catch (error) {
      // Another netc finished the same directory first: its files are identical.
      if (!existsSync(path.join(directory, entry))) throw error;
      rmSync(staging, { recursive: true, force: true });
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw new UserError(describeIoError("write", directory, error));
  }
  return directory;
}
