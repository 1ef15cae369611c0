import { spawnSync } from "node:child_process";
import { describe, it } from "vitest";
import { findPython } from "../runtime/python.js";

/**
 * The Python these tests run: the first of $NETC_PYTHON, python3 and /usr/bin/python3 that
 * imports every module a suite needs (test/runtime/python.ts). Without one the suite is
 * skipped — except under CI (the CI environment variable set), where .ci/run installs
 * Debian's python3-torch and python3-onnx, so a missing module is a failure, not a skip.
 */
export const pythonWith = findPython;

/** describe(title, …) with the Python that has `modules`, skipped (or failed under CI) without one. */
export function describeWithPython(
  title: string,
  modules: readonly string[],
  body: (python: string) => void,
): void {
  const python = pythonWith(modules);
  if (python !== undefined) {
    describe(title, () => body(python));
    return;
  }
  if (process.env.CI !== undefined && process.env.CI !== "") {
    describe(title, () => {
      it(`needs a Python that imports ${modules.join(" and ")}`, () => {
        throw new Error(
          `no Python with ${modules.join(", ")} (CI installs python3-torch and python3-onnx with apt)`,
        );
      });
    });
    return;
  }
  describe.skip(`${title} (no Python with ${modules.join(", ")})`, () => body(""));
}

/** Runs `python args…` in `cwd`; its stdout, or an error carrying its stderr. */
export function runPython(
  python: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number; input?: string } = {},
): string {
  const result = spawnSync(python, [...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    input: options.input,
    timeout: options.timeout ?? 600_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(
      `${python} ${args.join(" ")} exited with ${result.status ?? result.signal}:\n${result.stderr}`,
    );
  }
  return result.stdout;
}
