/**
 * Everything a command touches outside itself: output streams, the environment and the
 * working directory. `main` builds the real one; tests may pass their own, so commands
 * never reach for `process` directly.
 */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface CliContext {
  stdout: OutputStream;
  stderr: OutputStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processContext(): CliContext {
  // `netc summary x.net | head` closes the pipe early; that is not an error worth a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount("error") === 0) {
      stream.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code === "EPIPE") process.exit(0);
        throw error;
      });
    }
  }
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** Exit codes of every netc command (DESIGN.md, "Command line"). */
export const ExitCode = {
  ok: 0,
  /** Diagnostics with errors (or, for `fmt --check`, files that would change). */
  problems: 1,
  /** Bad usage or an I/O problem. */
  usage: 2,
  /** A bug in netc itself (EX_SOFTWARE of sysexits.h), e.g. generated code that does not type-check. */
  internal: 70,
} as const;
