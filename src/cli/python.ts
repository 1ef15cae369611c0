import { spawnSync } from "node:child_process";
import { UserError } from "./errors.js";

/**
 * The Python that runs the PyTorch backend's train.py under `netc train`: $NETC_PYTHON,
 * then `python3` on the PATH, then Debian's /usr/bin/python3 (where apt's python3-torch
 * installs), the first that imports torch. Checked by running it, since a python3 without
 * torch (a pyenv or virtualenv one) often comes first on the PATH.
 */
export function pythonCandidates(env: NodeJS.ProcessEnv): string[] {
  const candidates = [env.NETC_PYTHON, "python3", "/usr/bin/python3"].filter(
    (c): c is string => c !== undefined && c !== "",
  );
  return [...new Set(candidates)];
}

function importsTorch(python: string, env: NodeJS.ProcessEnv): boolean {
  const result = spawnSync(python, ["-c", "import torch"], {
    env,
    stdio: "ignore",
    timeout: 120_000,
  });
  return result.status === 0;
}

/** The first candidate that imports torch; a UserError saying how to get one otherwise. */
export function findTorchPython(
  env: NodeJS.ProcessEnv,
  candidates: readonly string[] = pythonCandidates(env),
): string {
  for (const python of candidates) if (importsTorch(python, env)) return python;
  throw new UserError(
    `the pytorch backend needs Python 3 with PyTorch, and none of ${candidates.join(", ")} imports torch: ` +
      "install it (`apt-get install python3-torch` on Debian and Ubuntu, or `pip install torch`), " +
      "or set NETC_PYTHON to a Python that has it",
  );
}
