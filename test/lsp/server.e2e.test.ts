import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  HoverRequest,
  InlayHintRequest,
  ReferencesRequest,
  ResponseError,
  type CompletionItem,
  type CompletionList,
  type Hover,
  type InlayHint,
  type Location,
  type MarkupContent,
} from "vscode-languageserver-protocol/node";
import { fileUri, startSession, type LspSession } from "./client.js";

/**
 * End to end: `node bin/netc.js lsp --stdio` in its own process, a real protocol
 * client on the other side of the pipes. Every expectation is a value the checker
 * computes (ranges, codes, shapes, counts), so a server that loses or shifts them fails.
 */

const withError = [
  "# a small network with one mistake", //             0
  "block unit(width) {", //                            1
  "  dense(width) -> relu", //                         2
  "}", //                                              3
  "", //                                               4
  "model Net {", //                                    5
  "  input [1, 28, 28]", //                            6
  "  conv2d(6, 5, pad=2) -> relu -> maxpool(2)", //    7
  "  dense(120) -> relu", //                           8
  "  unit(84)", //                                     9
  "  dense(10)", //                                   10
  "}", //                                             11
  "",
].join("\n");

let session: LspSession;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "netc-lsp-"));
  session = await startSession();
});

afterAll(async () => {
  await session?.close();
  rmSync(dir, { recursive: true, force: true });
});

function markdown(hover: Hover | null): string {
  return (hover?.contents as MarkupContent | undefined)?.value ?? "";
}

function labels(result: CompletionItem[] | CompletionList | null): string[] {
  const items = Array.isArray(result) ? result : (result?.items ?? []);
  return items.map((item) => item.label);
}

describe("netc lsp over stdio", () => {
  let uri: string;

  it("publishes a shape error with its exact range, code and fix, then clears it when fixed", async () => {
    uri = session.open(join(dir, "net.net"), withError);
    const diagnostics = await session.diagnosticsFor(uri, 1);
    expect(diagnostics).toHaveLength(1);
    const [dense] = diagnostics;
    expect(dense!.code).toBe("NET0303");
    expect(dense!.severity).toBe(1);
    expect(dense!.range).toEqual({
      start: { line: 8, character: 2 },
      end: { line: 8, character: 12 },
    });
    expect(dense!.message).toContain("dense expects a flat input, found [6, 14, 14]");
    expect(dense!.message).toContain(
      "help: insert `flatten` before dense to turn [6, 14, 14] into [1176]",
    );

    const actions = await session.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: dense!.range,
      context: { diagnostics },
    });
    expect(actions).toHaveLength(1);
    const action = actions![0] as { title: string; edit: { changes: Record<string, unknown> } };
    expect(action.title).toBe("insert `flatten ->` before dense");
    expect(action.edit.changes[uri]).toEqual([
      {
        range: { start: { line: 8, character: 2 }, end: { line: 8, character: 2 } },
        newText: "flatten -> ",
      },
    ]);

    // Apply the fix as an editor would: an incremental change.
    const version = session.change(uri, [
      {
        range: { start: { line: 8, character: 2 }, end: { line: 8, character: 2 } },
        text: "flatten -> ",
      },
    ]);
    expect(await session.diagnosticsFor(uri, version)).toEqual([]);
  });

  it("hover on a convolution shows shapes, parameters and the size formula with the numbers", async () => {
    const hover = await session.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: 7, character: 4 },
    });
    const text = markdown(hover);
    expect(text).toContain("`[1, 28, 28]` → `[6, 28, 28]`");
    expect(text).toContain("parameters: 156");
    expect(text).toContain("height: (28 − 5 + 2·2)/1 + 1 = 28");
    expect(text).toContain("width: (28 − 5 + 2·2)/1 + 1 = 28");
    expect(hover!.range).toEqual({
      start: { line: 7, character: 2 },
      end: { line: 7, character: 8 },
    });

    const pool = markdown(
      await session.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri },
        position: { line: 7, character: 35 },
      }),
    );
    expect(pool).toContain("`[6, 28, 28]` → `[6, 14, 14]`");
    expect(pool).toContain("height: (28 − 2 + 2·0)/2 + 1 = 14");
  });

  it("inlay hints give the output shape after each layer, in blocks per use", async () => {
    const hints = (await session.connection.sendRequest(InlayHintRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 12, character: 0 } },
    })) as InlayHint[];
    const shown = hints.map((h) => `${h.position.line}:${h.position.character} ${String(h.label)}`);
    expect(shown).toEqual([
      "2:14 : [84]",
      "2:22 : [84]",
      "7:21 : [6, 28, 28]",
      "7:29 : [6, 28, 28]",
      "7:43 : [6, 14, 14]",
      "8:9 : [1176]",
      "8:23 : [120]",
      "8:31 : [120]",
      "9:10 : [84]",
      "10:11 : [10]",
    ]);
  });

  it("completes argument names with defaults, and layer and block names in a body", async () => {
    const edit = session.change(uri, [
      {
        range: { start: { line: 11, character: 0 }, end: { line: 11, character: 0 } },
        text: "  conv2d(6, 5, \n",
      },
    ]);
    await session.diagnosticsFor(uri, edit);
    const args = await session.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: { line: 11, character: 15 },
    });
    const pad = (args as CompletionItem[]).find((item) => item.label === "pad");
    expect(pad?.detail).toBe("= 0");
    expect(labels(args)).toEqual(
      expect.arrayContaining(["stride", "dilation", "groups", "bias", "init", "name"]),
    );
    expect(labels(args)).not.toContain("conv2d");

    const body = await session.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: { line: 11, character: 2 },
    });
    expect(labels(body)).toEqual(
      expect.arrayContaining(["conv2d", "maxpool", "dense", "flatten", "unit", "residual"]),
    );
    const undo = session.change(uri, [
      { range: { start: { line: 11, character: 0 }, end: { line: 12, character: 0 } }, text: "" },
    ]);
    expect(await session.diagnosticsFor(uri, undo)).toEqual([]);
  });

  it("completes train keys, and losses and optimizers by key", async () => {
    const train = session.open(
      join(dir, "train.net"),
      "model T {\n  input [4]\n  dense(2)\n}\ntrain T {\n  loss = \n  \n}\n",
    );
    await session.diagnosticsFor(train, 1);
    const losses = await session.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri: train },
      position: { line: 5, character: 9 },
    });
    expect(labels(losses)).toEqual(expect.arrayContaining(["cross_entropy", "mse", "huber"]));
    expect(labels(losses)).not.toContain("sgd");
    const keys = await session.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri: train },
      position: { line: 6, character: 2 },
    });
    const lossNamed = session.change(train, [
      { range: { start: { line: 5, character: 9 }, end: { line: 5, character: 9 } }, text: "mse" },
    ]);
    await session.diagnosticsFor(train, lossNamed);
    const lossHover = await session.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: train },
      position: { line: 5, character: 10 },
    });
    expect(markdown(lossHover)).toMatch(/^\*\*mse\*\*\n\n\S/);
    expect(lossHover!.range).toEqual({
      start: { line: 5, character: 9 },
      end: { line: 5, character: 12 },
    });
    expect(labels(keys)).toEqual(
      expect.arrayContaining(["data", "optimizer", "batch", "epochs", "seed"]),
    );
    const optimizerArgs = session.change(train, [
      {
        range: { start: { line: 6, character: 2 }, end: { line: 6, character: 2 } },
        text: "optimizer = sgd(",
      },
    ]);
    await session.diagnosticsFor(train, optimizerArgs);
    const sgd = (await session.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri: train },
      position: { line: 6, character: 18 },
    })) as CompletionItem[];
    expect(sgd.map((item) => item.label)).toEqual(
      expect.arrayContaining(["lr", "momentum", "nesterov"]),
    );
  });

  it("goes to a block's definition and finds its references", async () => {
    const definition = (await session.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri },
      position: { line: 9, character: 3 },
    })) as Location[];
    expect(definition).toEqual([
      { uri, range: { start: { line: 1, character: 6 }, end: { line: 1, character: 10 } } },
    ]);
    const references = await session.connection.sendRequest(ReferencesRequest.type, {
      textDocument: { uri },
      position: { line: 1, character: 7 },
      context: { includeDeclaration: true },
    });
    expect(references?.map((r) => `${r.range.start.line}:${r.range.start.character}`)).toEqual([
      "1:6",
      "9:2",
    ]);
  });

  it("lists models, blocks and layers as document symbols", async () => {
    const symbols = (await session.connection.sendRequest(DocumentSymbolRequest.type, {
      textDocument: { uri },
    })) as {
      name: string;
      children?: { name: string; detail?: string }[];
    }[];
    expect(symbols.map((s) => s.name)).toEqual(["unit", "Net"]);
    expect(symbols[1]!.children!.map((c) => `${c.name} ${c.detail ?? ""}`)).toEqual([
      "conv2d [6, 28, 28]",
      "relu [6, 28, 28]",
      "maxpool [6, 14, 14]",
      "flatten [1176]",
      "dense [120]",
      "relu [120]",
      "unit [84]",
      "dense [10]",
    ]);
  });

  it("checks imports against the editor's unsaved text and jumps into the imported file", async () => {
    const blocksPath = join(dir, "never-saved.net");
    const blocksUri = session.open(blocksPath, "block head(classes) {\n  dense(classes)\n}\n");
    await session.diagnosticsFor(blocksUri, 1);
    const mainUri = session.open(
      join(dir, "main.net"),
      'import "never-saved.net"\nmodel M {\n  input [8]\n  head(3)\n}\n',
    );
    expect(await session.diagnosticsFor(mainUri, 1)).toEqual([]);
    const definition = (await session.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: mainUri },
      position: { line: 3, character: 3 },
    })) as Location[];
    expect(definition).toEqual([
      {
        uri: blocksUri,
        range: { start: { line: 0, character: 6 }, end: { line: 0, character: 10 } },
      },
    ]);

    // Renaming the block in the unsaved import re-checks the importer.
    const recheck = session.nextDiagnostics(mainUri);
    session.change(blocksUri, [
      { range: { start: { line: 0, character: 6 }, end: { line: 0, character: 10 } }, text: "top" },
    ]);
    expect(
      (await recheck).map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}`),
    ).toEqual(["NET0201 3:2"]);
    const hover = markdown(
      await session.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri: mainUri },
        position: { line: 3, character: 3 },
      }),
    );
    expect(hover).toContain("not a known layer or block");
  });

  it("formats with the same code as netc fmt", async () => {
    const messy = session.open(
      join(dir, "messy.net"),
      "model   M {\n  input [4]\n  dense( 2 )\n}\n",
    );
    await session.diagnosticsFor(messy, 1);
    const edits = await session.connection.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri: messy },
      options: { tabSize: 2, insertSpaces: true },
    });
    expect(edits).toEqual([
      {
        range: { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } },
        newText: "model M {\n  input [4]\n  dense(2)\n}\n",
      },
    ]);
  });

  it("answers unknown documents, malformed params and unknown methods without going down", async () => {
    const unknown = fileUri(join(dir, "not-open.net"));
    expect(
      await session.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri: unknown },
        position: { line: 0, character: 0 },
      }),
    ).toBeNull();
    expect(
      await session.connection.sendRequest(InlayHintRequest.type, {
        textDocument: { uri: unknown },
        range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } },
      }),
    ).toEqual([]);
    const malformed = await session.connection
      .sendRequest("textDocument/hover", { position: 3 })
      .catch((error: unknown) => error);
    expect(malformed).toBeInstanceOf(ResponseError);
    expect((malformed as ResponseError).code).toBe(-32602);
    const unknownMethod = await session.connection
      .sendRequest("netc/doesNotExist", {})
      .catch((error: unknown) => error);
    expect((unknownMethod as ResponseError).code).toBe(-32601);
    // Still serving.
    const hover = await session.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: 7, character: 4 },
    });
    expect(markdown(hover)).toContain("`[1, 28, 28]` → `[6, 28, 28]`");
    expect(session.process.exitCode).toBeNull();
  });
});
