/**
 * Tests that need a program from outside npm (headless Chromium, Neovim). On a developer's
 * machine without it they are skipped with the reason and the command that installs it; in
 * CI (the environment variable CI is set, as every CI service and `.ci/run` do) they fail
 * instead, with the same reason, so that a CI image that lost the program cannot pass by
 * skipping.
 */

export interface ExternalTool {
  /** True when the tests should be skipped: the tool is missing and this is not CI. */
  readonly skip: boolean;
  /** Throws the reason when the tool is missing (call it first in the tests' setup). */
  require(): void;
}

/**
 * `missing` is undefined when the tool is there, else why not ("/usr/bin/chromium not
 * found"); `install` is the command that installs it.
 */
export function externalTool(
  what: string,
  missing: string | undefined,
  install: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ExternalTool {
  const ci = env.CI !== undefined && env.CI !== "" && env.CI !== "0" && env.CI !== "false";
  const reason = missing === undefined ? undefined : `${what}: ${missing} (${install})`;
  if (reason !== undefined && !ci) console.warn(`skipped ${reason}`);
  return {
    skip: reason !== undefined && !ci,
    require() {
      if (reason !== undefined) {
        throw new Error(`CI is set, so this test must run, but ${reason}`);
      }
    },
  };
}
