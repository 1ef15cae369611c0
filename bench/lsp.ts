/**
 * Language-server latency: after a one-character edit in a 1,000-line file, the time
 * until the server publishes fresh diagnostics (for the edited version); and inlay hints
 * for 50 visible lines and for the whole document of models of 2,000 and 4,500 lines of
 * `dense(64) -> relu` (4,000 and 9,000 layers, under the checker's limit of 10,000; the
 * document already checked, as after its diagnostics). Measured over stdio against
 * `node bin/netc.js lsp --stdio`, as an editor would see it.
 * Run: npm run build && node --import tsx bench/lsp.ts
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { InlayHintRequest } from "vscode-languageserver-protocol/node";
import { startSession, type LspSession } from "../test/lsp/client.js";
import { bigFile } from "../test/lsp/big-file.js";

export interface Row {
  name: string;
  lines: number;
  runs: number;
  medianMs: number;
  p90Ms: number;
  goalMs: number;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export async function runLspBench(
  options: { runs?: number; warmup?: number } = {},
): Promise<Row[]> {
  const runs = options.runs ?? 40;
  const warmup = options.warmup ?? 5;
  const dir = mkdtempSync(join(tmpdir(), "netc-lsp-bench-"));
  const session = await startSession();
  try {
    const { text, editLine, editCharacter } = bigFile(1000);
    const uri = session.open(join(dir, "deep.net"), text);
    await session.diagnosticsFor(uri, 1);
    const times: number[] = [];
    for (let i = 0; i < warmup + runs; i++) {
      // Toggle dense(64) ↔ dense(65): one character replaced, the file stays valid.
      const newText = i % 2 === 0 ? "5" : "4";
      const range = {
        start: { line: editLine, character: editCharacter },
        end: { line: editLine, character: editCharacter + 1 },
      };
      const started = performance.now();
      const version = session.change(uri, [{ range, text: newText }]);
      await session.diagnosticsFor(uri, version);
      if (i >= warmup) times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return [
      {
        name: "one-character edit → fresh diagnostics",
        lines: text.split("\n").length - 1,
        runs,
        medianMs: quantile(times, 0.5),
        p90Ms: quantile(times, 0.9),
        goalMs: 50,
      },
      ...(await inlayHintRows(session, dir, 2_000, 20)),
      ...(await inlayHintRows(session, dir, 4_500, 10)),
    ];
  } finally {
    await session.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Inlay hints for the middle 50 lines and for the whole of a model of `layers` lines of two layers each. */
async function inlayHintRows(
  session: LspSession,
  dir: string,
  layers: number,
  runs: number,
): Promise<Row[]> {
  const lines = ["model Deep {", "  input [784]"];
  for (let i = 0; i < layers; i++) lines.push("  dense(64) -> relu");
  lines.push("}", "");
  const uri = session.open(join(dir, `deep-${layers}.net`), lines.join("\n"));
  await session.diagnosticsFor(uri, 1);
  const measure = async (name: string, start: number, end: number, goalMs: number) => {
    const range = { start: { line: start, character: 0 }, end: { line: end, character: 0 } };
    const times: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const started = performance.now();
      await session.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range });
      if (i > 0) times.push(performance.now() - started); // the first builds the server's lookup
    }
    times.sort((a, b) => a - b);
    return {
      name,
      lines: lines.length - 1,
      runs,
      medianMs: quantile(times, 0.5),
      p90Ms: quantile(times, 0.9),
      goalMs,
    };
  };
  const middle = Math.floor(layers / 2);
  return [
    await measure(`inlay hints, 50 visible lines of ${2 * layers} layers`, middle, middle + 50, 50),
    await measure(`inlay hints, all ${2 * layers} layers`, 0, lines.length, NaN),
  ];
}

export function formatRows(rows: Row[]): string {
  return rows
    .map(
      (r) =>
        `${r.name} (${r.lines}-line file, ${r.runs} runs): median ${r.medianMs.toFixed(1)} ms, p90 ${r.p90Ms.toFixed(1)} ms${Number.isNaN(r.goalMs) ? "" : ` (goal < ${r.goalMs} ms)`}`,
    )
    .join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(formatRows(await runLspBench()));
}
