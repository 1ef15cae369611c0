/**
 * Errors a user can cause that are not diagnostics in a .net file: a bad flag value, a
 * file that cannot be read. `main` prints their message (never a stack trace) and exits
 * with code 2. Anything else that escapes a command is a bug in netc.
 */
export class UserError extends Error {
  override name = "UserError";
}

/**
 * A bug in netc that it detected itself (generated code that does not type-check):
 * `main` prints "netc: internal error: …" with the message, asks for a report, and exits
 * with code 70, distinct from every user error.
 */
export class InternalError extends Error {
  override name = "InternalError";
}

/** Message for a failed read or write, naming the file and the reason in words. */
export function describeIoError(action: "read" | "write", file: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reasons: Record<string, string> = {
    ENOENT: "no such file or directory",
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    EISDIR: "it is a directory",
    ENOTDIR: "a component of the path is not a directory",
    EROFS: "the file system is read-only",
    ENOSPC: "no space left on the device",
  };
  const reason =
    (code !== undefined ? reasons[code] : undefined) ??
    (error instanceof Error ? error.message : String(error));
  return `cannot ${action} '${file}': ${reason}`;
}
