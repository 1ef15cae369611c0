/**
 * `npm run bench`: every benchmark of the project, one table each. Speed targets live
 * here, never in tests. Pass names to run some: `npm run bench -- frontend loops`.
 *
 *   frontend  in-process check time of LeNet-5 and of a 2,000-layer model (issue 2)
 *   lsp       fresh diagnostics after a one-character edit in a 1,000-line file (issue 5);
 *             inlay hints for 50 lines and for all of 4,000- and 9,000-layer models (issue 11)
 *   loops     LeNet-5 training and inference samples/s on the loops backend (issue 3)
 *   tfjs      LeNet-5 training step on tfjs wasm and cpu with netc's kernels, and stock cpu (issue 3)
 *   checkpoint  exporting and writing a checkpoint of every trainable model of models/ on tfjs wasm (issue 11)
 *   cpu       the compiled CPU backend against the loops reference, tfjs wasm and PyTorch:
 *             LeNet-5, the MLP and a ResNet basic block (issue 12); options --rounds N,
 *             --plain (no relaxed-SIMD FMA), --quick (no ResNet block)
 */
import { cpus, loadavg } from "node:os";
import { table } from "./table.js";

type Row = object;

const benches: Record<string, () => Promise<Row[]>> = {
  frontend: async () => (await import("./frontend.js")).runFrontendBench(),
  lsp: async () => (await import("./lsp.js")).runLspBench(),
  loops: async () => (await import("./loops.js")).runLoopsBench(),
  tfjs: async () => (await import("./tfjs-kernels.js")).runTfjsKernelBench(),
  checkpoint: async () => (await import("./checkpoint.js")).runCheckpointBench(),
  cpu: async () => {
    const args = process.argv.slice(2);
    const rounds = args.indexOf("--rounds");
    return (await import("./cpu.js")).runCpuBench({
      rounds: rounds >= 0 ? Number(args[rounds + 1]) : undefined,
      plain: args.includes("--plain"),
      quick: args.includes("--quick"),
    });
  },
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  // names of benches; option values (--rounds 5) are not names
  const requested = args.filter((a, i) => !a.startsWith("-") && args[i - 1] !== "--rounds");
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
