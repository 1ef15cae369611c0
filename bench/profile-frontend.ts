import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bigFile } from "../test/lsp/big-file.js";
import { generatedModel } from "./frontend.js";

/**
 * Where the front end's time goes, stage by stage, on the benchmark inputs. Not a test.
 * The machine this runs on is often shared, so each stage is timed both in wall time
 * and in this process's CPU time (process.cpuUsage: less disturbed by other processes),
 * and the min and median of many runs are printed.
 *
 * Run: `node --import tsx bench/profile-frontend.ts [runs] [--dist DIR]`; with `--dist`, the
 * front end is loaded from compiled JavaScript in DIR (e.g. dist/, or a private
 * `tsc -p tsconfig.build.json --outDir DIR`) instead of through tsx, whose transform
 * (esbuild's keepNames) adds a cost to every closure that shipped code does not have.
 * For a CPU profile of checkText alone: `node --cpu-prof --import tsx bench/profile-frontend.ts loop 60`.
 */

interface Stat {
  cpuMin: number;
  cpuMedian: number;
  wallMin: number;
  wallMedian: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function time(runs: number, warmup: number, fn: () => unknown): Stat {
  for (let i = 0; i < warmup; i++) fn();
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    fn();
    const w1 = performance.now();
    const c1 = process.cpuUsage(c0);
    wall.push(w1 - w0);
    cpu.push((c1.user + c1.system) / 1000);
  }
  return {
    cpuMin: Math.min(...cpu),
    cpuMedian: median(cpu),
    wallMin: Math.min(...wall),
    wallMedian: median(wall),
  };
}

function stages(name: string, path: string, text: string, runs: number): void {
  const source = new SourceText(path, text);
  const lexed = lex(source);
  const parser = getParser();
  const rows: [string, Stat][] = [
    ["lex (incl. layout)", time(runs, 5, () => lex(new SourceText(path, text)))],
    [
      "parse to CST",
      time(runs, 5, () => {
        parser.input = lexed.tokens;
        parser.sourceFile();
      }),
    ],
    ["parseSource (lex+CST+AST)", time(runs, 5, () => parseSource(path, text))],
    ["checkText (everything)", time(runs, 5, () => checkText(path, text))],
  ];
  console.log(`\n${name} (${text.length} chars, ${lexed.tokens.length} tokens, ${runs} runs)`);
  console.log("stage                          cpu min   cpu med  wall min  wall med  (ms)");
  for (const [stage, s] of rows) {
    const cells = [s.cpuMin, s.cpuMedian, s.wallMin, s.wallMedian].map((v) =>
      v.toFixed(2).padStart(8),
    );
    console.log(`${stage.padEnd(30)} ${cells.join("  ")}`);
  }
}

const lenetPath = fileURLToPath(new URL("../models/lenet5.net", import.meta.url));
const inputs: [string, string, string][] = [
  ["models/lenet5.net", lenetPath, readFileSync(lenetPath, "utf8")],
  ["generated 2,000-layer model", "generated-2000.net", generatedModel(2000)],
  ["1,000-line LSP benchmark file", "deep.net", bigFile(1000).text],
];

const args = process.argv.slice(2);
const distAt = args.indexOf("--dist");
const root =
  distAt >= 0
    ? pathToFileURL(resolve(args.splice(distAt, 2)[1]!) + "/").href
    : new URL("../src/", import.meta.url).href;
const { SourceText } = (await import(
  root + "diagnostics/span.js"
)) as typeof import("../src/diagnostics/span.js");
const { checkText } = (await import(
  root + "semantics/index.js"
)) as typeof import("../src/semantics/index.js");
const { lex } = (await import(root + "syntax/lexer.js")) as typeof import("../src/syntax/lexer.js");
const { parseSource } = (await import(
  root + "syntax/parse.js"
)) as typeof import("../src/syntax/parse.js");
const { getParser } = (await import(
  root + "syntax/parser.js"
)) as typeof import("../src/syntax/parser.js");
console.log(`front end from ${root}`);

const [mode, countArg] = args;
if (mode === "loop") {
  // Only checkText on the 2,000-layer input, for a clean `--cpu-prof` of the hot path.
  const [, path, text] = inputs[1]!;
  for (let i = 0; i < Number(countArg ?? 60); i++) checkText(path, text);
} else {
  const runs = Number(mode ?? 30);
  for (const [name, path, text] of inputs)
    stages(name, path, text, name.includes("lenet") ? runs * 3 : runs);
}
