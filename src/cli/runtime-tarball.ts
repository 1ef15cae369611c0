import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  RUNTIME_DEPENDENCIES,
  TFJS_DEPENDENCIES,
  pinned,
  runtimeTarballName,
  toolchain,
} from "../codegen/toolchain.js";
import { UserError } from "./errors.js";
import { tarGz } from "./tarball.js";

/**
 * netc's runtime as an npm package tarball, which `netc compile` writes beside every
 * generated package and the package's package.json names as `"netc": "file:…"`. It is this
 * installation's dist/runtime (JavaScript and type declarations) under the name `netc`, so
 * the generated code's `netc/runtime` imports resolve unchanged, with a package.json that
 * exports only the runtime and depends only on what the runtime imports (tfjs as optional
 * peers: a tfjs package installs them, a loops package does not need them).
 */

const packageRoot = fileURLToPath(new URL("../../", import.meta.url));

export function runtimeTarball(): { name: string; bytes: Buffer } {
  const { version, node } = toolchain();
  const runtimeDir = path.join(packageRoot, "dist", "runtime");
  let compiled: string[];
  try {
    compiled = listFiles(runtimeDir).filter((file) => /\.(js|d\.ts)$/.test(file));
  } catch {
    compiled = [];
  }
  if (!compiled.includes("index.js")) {
    throw new UserError(
      `netc's runtime is not built (${runtimeDir} has no index.js): run \`npm run build\` in ${packageRoot}`,
    );
  }
  const entry = (name: string) => ({
    types: `./dist/runtime/${name}.d.ts`,
    default: `./dist/runtime/${name}.js`,
  });
  const manifest = {
    name: "netc",
    version,
    description: `The runtime of netc ${version} (data loading, progress, checkpoints) that packages compiled by netc import; the compiler is not included`,
    type: "module",
    license: "MIT",
    engines: { node },
    exports: {
      "./runtime": entry("index"),
      "./runtime/browser": entry("browser"),
      "./runtime/tfjs": entry("tfjs/index"),
      "./package.json": "./package.json",
    },
    dependencies: pinned(RUNTIME_DEPENDENCIES),
    peerDependencies: pinned(TFJS_DEPENDENCIES),
    peerDependenciesMeta: Object.fromEntries(
      TFJS_DEPENDENCIES.map((name) => [name, { optional: true }]),
    ),
  };
  const files = new Map<string, string | Buffer>([
    ["package/package.json", `${JSON.stringify(manifest, null, 2)}\n`],
    [
      "package/README.md",
      `# netc runtime ${version}\n\nWhat the training scripts netc generates import as \`netc/runtime\` and \`netc/runtime/tfjs\`.\nWritten by \`netc compile\` beside each generated package; see that package's README.md.\n`,
    ],
  ]);
  for (const file of compiled.sort()) {
    files.set(`package/dist/runtime/${file}`, readFileSync(path.join(runtimeDir, file)));
  }
  return { name: runtimeTarballName(version), bytes: tarGz(files) };
}

/** Paths of the files under `dir`, relative to it, with forward slashes. */
function listFiles(dir: string, prefix = ""): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const relative = `${prefix}${entry.name}`;
    if (entry.isDirectory()) found.push(...listFiles(path.join(dir, entry.name), `${relative}/`));
    else if (entry.isFile()) found.push(relative);
  }
  return found;
}
