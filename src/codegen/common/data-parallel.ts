/**
 * The pieces of a generated parallel.ts (data-parallel training on worker threads) that
 * the loops and wasm packages share word for word: how a worker's failure ends training,
 * how many threads to use, how the main thread waits for a worker without blocking, how
 * workers are started and stopped, and the shape of a worker's loop. Each backend's
 * emitter keeps what differs: what the threads share, how a batch is handed out and how
 * the gradients are summed, and every doc comment its file words its own way.
 *
 * Each piece is TypeScript source for the generated file (formatted with prettier
 * afterwards). The pieces use the names `workerImports` imports, the file's own
 * `SharedSetup`, `STOP`, `OUTPUT_SIZE` and `startWorker`, and the DataParallel fields
 * they name.
 */

/** Node's worker-thread and core-count APIs and the runtime's error base class. */
export const workerImports = `import { availableParallelism } from "node:os";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { RuntimeError } from "netc/runtime";`;

/** The error a failed worker ends training with. */
export const workerThreadErrorClass = `/** A worker thread failed (threw, ran out of memory, exited): training stops with exit code 1. */
export class WorkerThreadError extends RuntimeError {
  readonly exitCode = 1;
  override readonly name = "WorkerThreadError";
}`;

/** threadCount(requested): the --threads flag, else the machine's cores, at most 4 (the caller documents it). */
export const threadCountFunction = `export function threadCount(requested: number | undefined): number {
  if (requested !== undefined) return requested;
  return Math.max(1, Math.min(4, availableParallelism()));
}`;

/** Atomics.waitAsync, typed. */
export const waitAsyncConstant = `/** Atomics.waitAsync (Node ≥ 16), typed here because TypeScript's lib has it only from es2024. */
const waitAsync = (Atomics as unknown as {
  waitAsync(array: Int32Array, index: number, value: number): { async: false; value: "not-equal" | "timed-out" } | { async: true; value: Promise<"ok" | "timed-out"> };
}).waitAsync;`;

/** describe(error): an error's first line and where it was thrown (the caller documents it). */
export const describeFunction = `function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const frame = error.stack?.split("\\n").find((line) => /^\\s+at /.test(line))?.trim();
  return \`\${error.message.split("\\n")[0]}\${frame === undefined ? "" : \` (\${frame})\`}\`;
}`;

/**
 * DataParallel's run state: the last step asked for, whether the workers were stopped,
 * and the first worker failure (`failureDoc`: the doc comment of `failure`, or "").
 */
export function runStateFields(failureDoc: string): string {
  return `private stepNumber = 0;
  private closed = false;${failureDoc === "" ? "" : `\n  ${failureDoc}`}
  private readonly failure: Promise<never>;
  private failed: WorkerThreadError | undefined;`;
}

/**
 * DataParallel.start (the caller documents it): starts the workers of a DataParallel of
 * `threadsExpression` threads (an expression of `threads` and `model`) and waits until
 * each is ready; if one cannot start, falls back to one thread and says why in `notice`.
 */
export function startMethod(className: string, threadsExpression: string): string {
  return `static async start(model: ${className}, maxBatch: number, threads: number, seed: number): Promise<DataParallel> {
    const parallel = new DataParallel(model, maxBatch, ${threadsExpression}, seed);
    try {
      await Promise.race([
        Promise.all(parallel.workers.map((worker) => new Promise<void>((resolve) => worker.once("message", () => resolve())))),
        parallel.failure,
      ]);
      for (const worker of parallel.workers) worker.unref();
      return parallel;
    } catch (error) {
      parallel.close();
      const single = new DataParallel(model, maxBatch, 1, seed);
      single.notice = \`worker threads unavailable (\${(error as Error).message}); training in one thread\`;
      return single;
    }
  }`;
}

/**
 * The end of DataParallel's constructor: \`failure\` rejects with the first worker's
 * failure (unless the workers were stopped), and one worker is started per w < \`workers\`
 * with `setup`, an object literal of type SharedSetup that may use w. `catchComment` (a
 * `// …` comment, or "") explains the rejection handler.
 */
export function startWorkers(setup: string, catchComment: string): string {
  return `let fail: (error: WorkerThreadError) => void = () => {};
    this.failure = new Promise<never>((_, reject) => (fail = reject));
    this.failure.catch(() => {});${catchComment === "" ? "" : ` ${catchComment}`}
    const report = (error: WorkerThreadError) => {
      if (this.failed !== undefined || this.closed) return;
      this.failed = error;
      fail(error);
    };
    for (let w = 0; w < workers; w++) {
      const setup: SharedSetup = ${setup};
      const worker = startWorker(setup);
      worker.on("error", (error) => report(new WorkerThreadError(\`worker thread \${w + 1} failed: \${describe(error)}\`)));
      worker.on("exit", (code) => report(new WorkerThreadError(\`worker thread \${w + 1} stopped unexpectedly (exit code \${code})\`)));
      this.workers.push(worker);
    }`;
}

/** DataParallel.shares(n): how a batch is split between the threads. */
export const sharesMethod = `/** Share sizes of a batch of n: as equal as possible, the main thread's first. */
  private shares(n: number): number[] {
    const base = Math.floor(n / this.threads);
    const extra = n % this.threads;
    return Array.from({ length: this.threads }, (_, t) => base + (t < extra ? 1 : 0));
  }`;

/**
 * The head of DataParallel.computeGradients (the caller documents it): one thread
 * computes the batch alone; otherwise an earlier worker failure is thrown and `shares`
 * holds the batch's split. The caller writes the rest of the body.
 */
export const computeGradientsHead = `async computeGradients(images: Float32Array, labels: ArrayLike<number>, n: number): Promise<number> {
    if (this.threads === 1) {
      const loss = this.model.computeGradients(images, labels, n);
      this.allLogits.set(this.model.forwardOutput(n));
      return loss;
    }
    if (this.failed !== undefined) throw this.failed;
    const shares = this.shares(n);`;

/**
 * The end of DataParallel.answer once `index` (the control word awaited) and `worker` are
 * set: resolves when the word reaches `step`, rejects when any worker fails first.
 */
export const answerWait = `worker.ref();
    try {
      for (;;) {
        const seen = Atomics.load(this.control, index);
        if (seen === step) return;
        const wait = waitAsync(this.control, index, seen);
        if (wait.async) await Promise.race([wait.value, this.failure]);
      }
    } finally {
      worker.unref();
    }`;

/** DataParallel.output and DataParallel.close. */
export const outputAndCloseMethods = `/** The logits of the last \`computeGradients\` batch, in batch order. */
  output(n: number): Float32Array {
    return this.allLogits.subarray(0, n * OUTPUT_SIZE);
  }

  /** Stops the workers. */
  close(): void {
    this.closed = true;
    Atomics.store(this.control, 0, STOP);
    Atomics.notify(this.control, 0);
    for (const worker of this.workers) void worker.terminate();
  }`;

/** startWorker(setup): a worker running the generated file itself, through tsx when it is TypeScript (the caller documents it). */
export const startWorkerFunction = `function startWorker(setup: SharedSetup): Worker {
  const self = import.meta.url;
  if (!self.endsWith(".ts")) return new Worker(new URL(self), { workerData: setup });
  const loader = import.meta.resolve("tsx/esm/api");
  const bootstrap = \`import(\${JSON.stringify(loader)}).then((tsx) => { tsx.register(); return import(\${JSON.stringify(self)}); });\`;
  return new Worker(bootstrap, { eval: true, workerData: setup });
}`;

/**
 * A worker's loop, after `control` (the shared control words) is set: it says it is
 * ready, then for every step the main thread publishes in word 0 runs `body` (which may
 * read `step`, and return to stop) and publishes the step as done in word `doneWord`; a
 * STOP step ends it.
 */
export function workerLoop(body: string, doneWord: string): string {
  return `let done = 0;
  parentPort?.postMessage("ready");
  for (;;) {
    Atomics.wait(control, 0, done);
    const step = Atomics.load(control, 0);
    if (step === STOP) return;
    ${body}
    done = step;
    Atomics.store(control, ${doneWord}, step);
    Atomics.notify(control, ${doneWord});
  }`;
}
