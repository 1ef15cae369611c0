import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { StreamMessageReader, type Message } from "vscode-languageserver-protocol/node";
import { Rng } from "../../src/runtime/rng.js";

/**
 * The language server's framing and cancellation, byte for byte over a real stdio
 * connection: the bytes are written raw (no client library fixes them), the replies are
 * read with vscode-jsonrpc's own reader. After malformed framing the server once stayed up
 * but never answered again; a body that was not JSON got no answer at all.
 */

const root = fileURLToPath(new URL("../../", import.meta.url));
// A server that went deaf never answers: fail within seconds rather than at the global limit.
vi.setConfig({ testTimeout: 20_000 });
let server: ChildProcessWithoutNullStreams;
let stderr = "";
const received: Message[] = [];
const waiters: { test: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
let dir: string;

type Reply = Message & {
  id: number | string | null;
  result?: unknown;
  error?: { code: number; message: string };
};

function frame(message: object): Buffer {
  const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...message }), "utf8");
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, "ascii"), body]);
}

function next(test: (m: Reply) => boolean): Promise<Reply> {
  const already = received.find((m) => test(m as Reply));
  if (already !== undefined) {
    received.splice(received.indexOf(already), 1);
    return Promise.resolve(already as Reply);
  }
  return new Promise((resolve) =>
    waiters.push({
      test: test as (m: Message) => boolean,
      resolve: resolve as (m: Message) => void,
    }),
  );
}

const reply = (id: number | null) => next((m) => "id" in m && m.id === id && !("method" in m));

let nextId = 100;
/** A request the server answers cheaply (symbols of an unknown document: []). */
function probe(): { bytes: Buffer; id: number } {
  const id = nextId++;
  return {
    id,
    bytes: frame({
      id,
      method: "textDocument/documentSymbol",
      params: { textDocument: { uri: pathToFileURL(join(root, "none.net")).href } },
    }),
  };
}

async function expectAnswered(garbage: Buffer): Promise<void> {
  const { bytes, id } = probe();
  server.stdin.write(Buffer.concat([garbage, bytes]));
  expect((await reply(id)).result).toEqual([]);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "netc-lsp-framing-"));
  server = spawn(process.execPath, ["bin/netc.js", "lsp", "--stdio"], { cwd: root });
  server.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  new StreamMessageReader(server.stdout).listen((message) => {
    const waiter = waiters.find((w) => w.test(message));
    if (waiter === undefined) received.push(message);
    else {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(message);
    }
  });
  server.stdin.write(
    frame({
      id: 1,
      method: "initialize",
      params: { processId: null, rootUri: null, capabilities: {} },
    }),
  );
  await reply(1);
  server.stdin.write(frame({ method: "initialized", params: {} }));
});

afterAll(async () => {
  if (server.exitCode === null) {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    // a server that stopped answering is killed instead
    const deaf = setTimeout(() => server.kill(), 5_000);
    server.stdin.write(frame({ id: 2, method: "shutdown" }));
    server.stdin.write(frame({ method: "exit" }));
    await exited;
    clearTimeout(deaf);
  }
  rmSync(dir, { recursive: true, force: true });
});

describe("after malformed framing the server resynchronises on the next valid header", () => {
  it("a Content-Length of 99999999999", async () => {
    await expectAnswered(Buffer.from("Content-Length: 99999999999\r\n\r\n", "ascii"));
  });

  it("a Content-Length of a plausible size that the following message overruns", async () => {
    await expectAnswered(Buffer.from("Content-Length: 1000000\r\n\r\n{", "ascii"));
  });

  it("a header line without a colon", async () => {
    await expectAnswered(
      Buffer.from("Content-Length: 20\r\nthis header has no colon\r\n\r\n", "ascii"),
    );
  });

  it("2 MB of binary noise", async () => {
    const rng = Rng.fromSeed(7);
    const noise = Buffer.alloc(2 * 1024 * 1024);
    for (let i = 0; i < noise.length; i++) noise[i] = rng.intBetween(0, 255);
    await expectAnswered(noise);
  });

  it("and says so in its log", () => {
    expect(stderr + received.map((m) => JSON.stringify(m)).join("\n")).toMatch(
      /skipping to the next Content-Length header/,
    );
  });
});

describe("JSON-RPC errors for bodies that are not requests", () => {
  it("a body that is not JSON gets -32700 (parse error) with a null id, and the server goes on", async () => {
    const body = Buffer.from("this is not json", "ascii");
    server.stdin.write(
      Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, "ascii"), body]),
    );
    const error = await reply(null);
    expect(error.error?.code).toBe(-32700);
    await expectAnswered(Buffer.alloc(0));
  });

  it("JSON that is not an object gets -32600 (invalid request)", async () => {
    const body = Buffer.from("[1, 2, 3]", "ascii");
    server.stdin.write(
      Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, "ascii"), body]),
    );
    expect((await reply(null)).error?.code).toBe(-32600);
  });
});

describe("$/cancelRequest", () => {
  const uri = () => pathToFileURL(join(dir, "net.net")).href;
  const text = [
    "model Net {",
    "  input [1, 28, 28]",
    "  conv2d(6, 5) -> relu",
    "  flatten -> dense(10)",
    "}",
    "",
  ].join("\n");
  const position = { line: 2, character: 4 };
  const range = { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } };
  const requests: [string, () => object][] = [
    ["textDocument/hover", () => ({ textDocument: { uri: uri() }, position })],
    ["textDocument/inlayHint", () => ({ textDocument: { uri: uri() }, range })],
    ["textDocument/completion", () => ({ textDocument: { uri: uri() }, position })],
    ["textDocument/definition", () => ({ textDocument: { uri: uri() }, position })],
    [
      "textDocument/references",
      () => ({ textDocument: { uri: uri() }, position, context: { includeDeclaration: true } }),
    ],
    ["textDocument/documentSymbol", () => ({ textDocument: { uri: uri() } })],
    [
      "textDocument/formatting",
      () => ({ textDocument: { uri: uri() }, options: { tabSize: 2, insertSpaces: true } }),
    ],
    [
      "textDocument/codeAction",
      () => ({ textDocument: { uri: uri() }, range, context: { diagnostics: [] } }),
    ],
  ];

  beforeAll(() => {
    server.stdin.write(
      frame({
        method: "textDocument/didOpen",
        params: { textDocument: { uri: uri(), languageId: "netc", version: 1, text } },
      }),
    );
  });

  it.each(requests)(
    "%s, cancelled as it is sent, is answered -32800 (request cancelled)",
    async (method, params) => {
      const id = nextId++;
      server.stdin.write(
        Buffer.concat([
          frame({ id, method, params: params() }),
          frame({ method: "$/cancelRequest", params: { id } }),
        ]),
      );
      const answer = await reply(id);
      expect(answer.error?.code, JSON.stringify(answer)).toBe(-32800);
    },
  );

  it("the same requests without a cancel are answered", async () => {
    for (const [method, params] of requests) {
      const id = nextId++;
      server.stdin.write(frame({ id, method, params: params() }));
      const answer = await reply(id);
      expect(answer.error, `${method}: ${JSON.stringify(answer)}`).toBeUndefined();
    }
  });
});

describe("the end of input", () => {
  it("ends the server when the client closes its stdin (exit 1 without a shutdown request)", async () => {
    const lone = spawn(process.execPath, ["bin/netc.js", "lsp", "--stdio"], { cwd: root });
    const exited = new Promise<number | null>((resolve) => lone.once("exit", resolve));
    lone.stdin.end(
      frame({
        id: 1,
        method: "initialize",
        params: { processId: null, rootUri: null, capabilities: {} },
      }),
    );
    expect(await exited).toBe(1);
  });
});
