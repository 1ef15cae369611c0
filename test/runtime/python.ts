/**
 * A Python interpreter with NumPy and PyTorch for the interoperability tests. Debian's
 * `python3-torch` (what CI installs) puts them under /usr/bin/python3, which need not be the
 * python3 first on PATH (a pyenv one, say); NETC_PYTHON overrides both. Without one the
 * tests skip, except under CI (CI set), where they must run: there they fail instead.
 */
import { spawnSync } from "node:child_process";

const candidates = [process.env.NETC_PYTHON, "python3", "/usr/bin/python3"].filter(
  (candidate): candidate is string => candidate !== undefined && candidate !== "",
);

const found = new Map<string, string | undefined>();

/** The first candidate that imports every module, or undefined. */
export function findPython(modules: readonly string[]): string | undefined {
  const key = modules.join(",");
  if (!found.has(key)) {
    const imports = `import ${modules.join(", ")}`;
    found.set(
      key,
      candidates.find(
        (python) =>
          spawnSync(python, ["-c", imports], { stdio: "ignore", timeout: 60_000 }).status === 0,
      ),
    );
  }
  return found.get(key);
}

/** Why the tests cannot run here, or undefined when they can; under CI that is a failure. */
export function pythonMissing(modules: readonly string[]): string | undefined {
  if (findPython(modules) !== undefined) return undefined;
  const reason = `no Python with ${modules.join(" and ")} (tried ${candidates.join(", ")}; set NETC_PYTHON)`;
  if (process.env.CI) throw new Error(`${reason}: CI must run the Python interoperability tests`);
  return reason;
}

/** Runs a Python script with `input` on stdin; returns stdout, or throws with stderr. */
export function runPython(python: string, script: string, input = ""): string {
  const result = spawnSync(python, ["-c", script], {
    input,
    encoding: "utf8",
    timeout: 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`python failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}
