/**
 * A training script started by `netc train` ends when netc ends, however netc ends. netc
 * forwards SIGTERM and SIGHUP, and Ctrl-C reaches both through the terminal, but `kill -9`
 * of netc (or netc crashing) gives it no chance to stop its child, which would train on in
 * the background. So netc starts the script with an IPC channel (Node's, on every platform
 * Node runs on: a socket pair or a named pipe), and the script exits when that channel
 * closes. The channel is unreferenced, so it never keeps a finished script alive.
 */

/** The exit code when the parent is gone: 128 + SIGHUP, what a shell reports for a hung-up job. */
export const PARENT_GONE_EXIT_CODE = 129;

/**
 * When this process was started with an IPC channel (by `netc train`, or any parent that
 * forks it), calls `onParentGone` once the channel closes, at once if it already has.
 * Returns a function that stops watching. Without a channel it does nothing.
 */
export function watchParent(
  onParentGone: () => void = () => {
    process.stderr.write("train: the process that started this run has exited; stopping\n");
    process.exit(PARENT_GONE_EXIT_CODE);
  },
): () => void {
  const channel = process.channel;
  if (channel === undefined || channel === null) return () => {};
  if (!process.connected) {
    onParentGone();
    return () => {};
  }
  let gone = false;
  const handler = () => {
    if (gone) return;
    gone = true;
    onParentGone();
  };
  process.on("disconnect", handler);
  // A 'disconnect' listener would hold the event loop open; the channel must not.
  channel.unref();
  return () => process.off("disconnect", handler);
}
