import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { UserError } from "./errors.js";

/**
 * Facts about this installation of netc: its version and where its compiled runtime
 * lives. Two levels up from both src/cli/ and dist/cli/ is the package root.
 */

const packageRoot = new URL("../../", import.meta.url);

export function netcVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("package.json", packageRoot), "utf8")) as {
    version: string;
  };
  return manifest.version;
}

/** The runtime modules generated code imports, as package.json "exports" maps them to dist/. */
export const runtimeSpecifiers = {
  "netc/runtime": "dist/runtime/index.js",
  "netc/runtime/tfjs": "dist/runtime/tfjs/index.js",
} as const;

export type RuntimeSpecifier = keyof typeof runtimeSpecifiers;

/**
 * File URLs of this netc's runtime entry points. Generated code run by `netc train` must
 * use exactly this installation's runtime (not whatever `netc` a project happens to
 * resolve), so the CLI rewrites the bare specifiers to these URLs. A UserError when dist/
 * is missing (a source checkout before `npm run build`).
 */
export function runtimeEntryUrls(): Record<RuntimeSpecifier, string> {
  const urls = {} as Record<RuntimeSpecifier, string>;
  for (const [specifier, target] of Object.entries(runtimeSpecifiers)) {
    const url = new URL(target, packageRoot);
    if (!existsSync(url)) {
      throw new UserError(
        `netc's runtime is not built (${fileURLToPath(url)} is missing): run \`npm run build\` in ${fileURLToPath(packageRoot)}`,
      );
    }
    urls[specifier as RuntimeSpecifier] = pathToFileURL(fileURLToPath(url)).href;
  }
  return urls;
}
