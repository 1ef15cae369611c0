import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CompletionRequest,
  DocumentSymbolRequest,
  HoverRequest,
  InlayHintRequest,
  ResponseError,
  type MarkupContent,
} from "vscode-languageserver-protocol/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { startSession } from "./client.js";

/**
 * Random edits (a fixed seed) to an open document, interleaved with hover, completion,
 * inlay-hint and symbol requests at random positions. The server must answer every
 * request (a result, never an internal error), keep publishing diagnostics, and still
 * be right about shapes once the text is valid again.
 */

const seedText = [
  "block basic(out, stride = 1) {",
  "  residual {",
  "    conv2d(out, 3, stride=stride, pad=1, bias=false) -> batchnorm -> relu",
  "    conv2d(out, 3, pad=1, bias=false) -> batchnorm",
  "  } shortcut if stride != 1 or in.channels != out {",
  "    conv2d(out, 1, stride=stride, bias=false) -> batchnorm",
  "  }",
  "  relu",
  "}",
  "",
  "model Small(classes = 10) {",
  "  option rounding = floor",
  "  input [3, 32, 32]",
  "  conv2d(16, 3, pad=1) -> relu",
  "  basic(16) * 2 -> basic(32, stride=2)",
  "  avgpool(16) -> flatten -> dense(classes) : [classes]",
  "}",
  "",
].join("\n");

const fragments = [
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ",",
  "=",
  "->",
  "*",
  ":",
  "#",
  '"',
  "\n",
  " ",
  "  ",
  "conv2d",
  "dense(",
  "relu",
  "maxpool(2)",
  "pad=",
  "stride",
  "in.",
  "residual {",
  "shortcut",
  "model",
  "block",
  "train",
  'import "x.net"',
  "input [1, 8, 8]",
  "0",
  "7",
  "-1",
  "2.5",
  "1e-3",
  "€",
  "\t",
];

/** mulberry32: a small deterministic generator. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("netc lsp under random edits", () => {
  it("answers every request and stays up through 3,000 edits", async () => {
    const dir = mkdtempSync(join(tmpdir(), "netc-lsp-fuzz-"));
    const session = await startSession();
    try {
      const next = random(20240601);
      const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
      let mirror = TextDocument.create("mirror", "netc", 1, seedText);
      const uri = session.open(join(dir, "fuzz.net"), seedText);
      const pending: Promise<unknown>[] = [];
      const failures: string[] = [];
      let answered = 0;

      const request = (method: string, send: () => Promise<unknown>) => {
        pending.push(
          send().then(
            () => answered++,
            (error: unknown) =>
              failures.push(
                `${method}: ${error instanceof ResponseError ? `${error.code} ${error.message}` : String(error)}`,
              ),
          ),
        );
      };

      for (let i = 0; i < 3000; i++) {
        const text = mirror.getText();
        const start = Math.floor(next() * (text.length + 1));
        const roll = next();
        const end = roll < 0.45 ? start : Math.min(text.length, start + Math.floor(next() * 12));
        const insert = roll < 0.8 ? pick(fragments) : "";
        // Keep the document from growing or shrinking without bound.
        const range = {
          start: mirror.positionAt(start),
          end: mirror.positionAt(text.length > 3000 ? text.length : end),
        };
        const change = { range, text: text.length < 50 ? seedText : insert };
        mirror = TextDocument.update(mirror, [change], mirror.version + 1);
        session.change(uri, [change]);

        if (i % 3 === 0) {
          const position = mirror.positionAt(Math.floor(next() * (mirror.getText().length + 1)));
          const kind = i % 4;
          if (kind === 0)
            request("hover", () =>
              session.connection.sendRequest(HoverRequest.type, {
                textDocument: { uri },
                position,
              }),
            );
          if (kind === 1)
            request("completion", () =>
              session.connection.sendRequest(CompletionRequest.type, {
                textDocument: { uri },
                position,
              }),
            );
          if (kind === 2)
            request("inlayHint", () =>
              session.connection.sendRequest(InlayHintRequest.type, {
                textDocument: { uri },
                range: { start: { line: 0, character: 0 }, end: position },
              }),
            );
          if (kind === 3)
            request("documentSymbol", () =>
              session.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }),
            );
        }
        // Let the server's debounce fire now and then, so diagnostics are computed mid-stream too.
        if (i % 50 === 0) await Promise.all(pending.splice(0));
      }
      await Promise.all(pending);
      expect(failures).toEqual([]);
      expect(answered).toBe(1000);

      // Back to the valid text: the server is still right about shapes.
      const whole = {
        start: { line: 0, character: 0 },
        end: mirror.positionAt(mirror.getText().length),
      };
      const version = session.change(uri, [{ range: whole, text: seedText }]);
      expect(await session.diagnosticsFor(uri, version)).toEqual([]);
      const hover = await session.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri },
        position: { line: 13, character: 3 },
      });
      expect((hover?.contents as MarkupContent).value).toContain("`[3, 32, 32]` → `[16, 32, 32]`");
      expect(session.process.exitCode).toBeNull();
      expect(session.logs()).toEqual([]);
      expect(session.stderr()).toBe("");
    } finally {
      await session.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
