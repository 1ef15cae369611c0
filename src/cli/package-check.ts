import { createHash } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { CliContext } from "./context.js";
import { InternalError } from "./errors.js";
import { cacheRoot } from "./train-cache.js";

/**
 * `netc compile` and `netc train` write or run only packages that type-check
 * (codegen/typecheck.ts). A failure is netc's bug, reported as an InternalError. The
 * verdict is cached: a marker file named by the hash of the package's files and of what
 * else decides the verdict (the checker's version and options, the runtime's
 * declarations) under the train cache's root, so compiling or training an unchanged
 * model again skips the check. Only passing verdicts are stored.
 *
 * The checker (ts-morph and TypeScript) is loaded here, on demand: it takes most of a
 * second to load, which the commands that never type-check a package (check, summary,
 * format, graph, …) should not pay.
 */
export async function ensurePackageTypeChecks(
  ctx: CliContext,
  files: ReadonlyMap<string, string>,
): Promise<void> {
  const { typecheckFingerprint, typecheckPackage } = await import("../codegen/typecheck.js");
  const hash = createHash("sha256").update(typecheckFingerprint()).update("\0");
  for (const [name, text] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    hash.update(name).update("\0").update(text).update("\0");
  }
  const marker = path.join(cacheRoot(ctx), "type-checked", hash.digest("hex").slice(0, 32));
  if (existsSync(marker)) return;

  const errors = typecheckPackage(files);
  if (errors.length > 0) {
    const first = errors[0]!;
    const where = first.file === "" ? "" : `${first.file}:${first.line}: `;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
    throw new InternalError(
      `the generated package does not type-check: ${where}${first.message}${more}`,
    );
  }
  try {
    mkdirSync(path.dirname(marker), { recursive: true });
    writeFileSync(marker, "");
  } catch {
    // An unwritable cache only means checking again next time.
  }
}
