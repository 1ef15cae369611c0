import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Message } from "vscode-languageserver/node";
import { ResyncingMessageReader } from "../../src/lsp/framing.js";

/**
 * The reader with input cut exactly where a test says (a PassThrough stream): well-formed
 * messages arrive whole however the bytes are split, and only malformed framing is skipped.
 */

function frame(message: object): Buffer {
  const body = Buffer.from(JSON.stringify(message), "utf8");
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]);
}

function reader() {
  const input = new PassThrough();
  const messages: Message[] = [];
  const replies: { code: number; message: string }[] = [];
  const logs: string[] = [];
  new ResyncingMessageReader(input, {
    reply: (error) => replies.push(error),
    log: (line) => logs.push(line),
    maxContentLength: 1024,
  }).listen((message) => messages.push(message));
  /** Writes each chunk as its own read (PassThrough delivers writes one by one, synchronously). */
  const feed = (...chunks: Buffer[]) => {
    for (const chunk of chunks) input.write(chunk);
  };
  return { feed, messages, replies, logs };
}

const hover = { jsonrpc: "2.0", id: 1, method: "textDocument/hover", params: { x: "×·—" } };
const symbols = { jsonrpc: "2.0", id: 2, method: "textDocument/documentSymbol", params: {} };

describe("the LSP message reader", () => {
  it("reassembles a message fed one byte at a time, with multi-byte UTF-8 counted in bytes", () => {
    const r = reader();
    const bytes = frame(hover);
    r.feed(...Array.from(bytes, (byte) => Buffer.of(byte)));
    expect(r.messages).toEqual([hover]);
    expect(r.logs).toEqual([]);
  });

  it("reads two messages from one read, and a header split between CR and LF", () => {
    const r = reader();
    const both = Buffer.concat([frame(hover), frame(symbols)]);
    r.feed(both);
    const second = frame(symbols);
    const cr = second.indexOf("\r\n") + 1;
    r.feed(second.subarray(0, cr), second.subarray(cr));
    expect(r.messages).toEqual([hover, symbols, symbols]);
    expect(r.logs).toEqual([]);
  });

  it("is not fooled by a document that contains a header's text (JSON escapes its line break)", () => {
    const r = reader();
    const tricky = {
      jsonrpc: "2.0",
      method: "textDocument/didChange",
      params: { text: "# Content-Length: 5\r\n\r\n{}" },
    };
    const bytes = frame(tricky);
    r.feed(bytes.subarray(0, 60), bytes.subarray(60));
    expect(r.messages).toEqual([tricky]);
    expect(r.logs).toEqual([]);
  });

  it("skips a body longer than the limit, and resumes at the next header", () => {
    const r = reader();
    r.feed(Buffer.from("Content-Length: 1025\r\n\r\n"), frame(symbols));
    expect(r.messages).toEqual([symbols]);
    expect(r.logs).toEqual([
      "netc lsp: malformed message framing (Content-Length 1025 is over the limit of 1024 bytes); skipping to the next Content-Length header",
      "netc lsp: resumed at a Content-Length header after skipping 24 bytes",
    ]);
  });

  it("skips a truncated message when the next header arrives inside its declared body", () => {
    const r = reader();
    const truncated = frame(hover).subarray(0, 40);
    r.feed(truncated, frame(symbols));
    expect(r.messages).toEqual([symbols]);
    expect(r.logs[1]).toBe("netc lsp: resumed at a Content-Length header after skipping 40 bytes");
  });

  it("answers a body that is not JSON with -32700 and one that is not an object with -32600", () => {
    const r = reader();
    const body = (text: string) =>
      Buffer.concat([
        Buffer.from(`Content-Length: ${Buffer.byteLength(text)}\r\n\r\n`),
        Buffer.from(text),
      ]);
    r.feed(body("{not json"), body("42"), frame(symbols));
    expect(r.replies.map((reply) => reply.code)).toEqual([-32700, -32600]);
    expect(r.messages).toEqual([symbols]);
  });

  it("accepts other headers (Content-Type) and any capitalisation of Content-Length", () => {
    const r = reader();
    const body = Buffer.from(JSON.stringify(symbols));
    r.feed(
      Buffer.from(
        `content-type: application/vscode-jsonrpc; charset=utf-8\r\nCONTENT-LENGTH: ${body.length}\r\n\r\n`,
      ),
      body,
    );
    expect(r.messages).toEqual([symbols]);
  });
});
