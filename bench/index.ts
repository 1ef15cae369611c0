/**
 * `npm run bench`: every benchmark of the project, one table each. Speed targets live
 * here, never in tests. Pass names to run some: `npm run bench -- frontend loops`.
 *
 *   frontend  in-process check time of LeNet-5 and of a 2,000-layer model (issue 2)
 *   lsp       fresh diagnostics after a one-character edit in a 1,000-line file (issue 5)
 *   loops     LeNet-5 training and inference samples/s on the loops backend (issue 3)
 *   tfjs      LeNet-5 training step on tfjs wasm and cpu with netc's kernels, and stock cpu (issue 3)
 *   checkpoint  exporting and writing a checkpoint of every trainable model of models/ on tfjs wasm (issue 11)
 */
import { cpus, loadavg } from "node:os";

type Row = object;

const benches: Record<string, () => Promise<Row[]>> = {
  frontend: async () => (await import("./frontend.js")).runFrontendBench(),
  lsp: async () => (await import("./lsp.js")).runLspBench(),
  loops: async () => (await import("./loops.js")).runLoopsBench(),
  tfjs: async () => (await import("./tfjs-kernels.js")).runTfjsKernelBench(),
  checkpoint: async () => (await import("./checkpoint.js")).runCheckpointBench(),
};

function cell(value: unknown): string {
  if (typeof value === "number" && Number.isNaN(value)) return "—"; // not measured for this row
  if (typeof value === "number") {
    if (Number.isInteger(value)) return value.toLocaleString("en-US");
    return value.toLocaleString("en-US", { maximumFractionDigits: value < 10 ? 2 : 1 });
  }
  return String(value);
}

/** A plain-text table with a column per key of the rows. */
export function table(rows: readonly Row[]): string {
  if (rows.length === 0) return "(no rows)";
  const keys = Object.keys(rows[0]!);
  const cells = rows.map((row) => keys.map((k) => cell((row as Record<string, unknown>)[k])));
  const widths = keys.map((k, i) => Math.max(k.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: string[]) =>
    values.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join("  ");
  return [line(keys), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)].join("\n");
}

async function main(): Promise<void> {
  const requested = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const unknown = requested.filter((name) => !(name in benches));
  if (unknown.length > 0) {
    console.error(
      `unknown bench ${unknown.join(", ")}; choose from ${Object.keys(benches).join(", ")}`,
    );
    process.exitCode = 2;
    return;
  }
  const names = requested.length > 0 ? requested : Object.keys(benches);
  console.log(
    `netc benchmarks — node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  for (const name of names) {
    console.log(`\n## ${name}\n`);
    const rows = await benches[name]!();
    console.log(table(rows));
  }
}

await main();
