import { describe, expect, it, vi } from "vitest";
import type { CliContext } from "../../src/cli/context.js";
import { renderSummaryTable, withThousands } from "../../src/cli/summary-table.js";

// In-process tests of the command-line layer alone: the front end is replaced by a stub,
// so these pin down argument handling and layout independently of the checker.
vi.mock("../../src/cli/frontend.js", () => ({
  checkFile: () => ({ program: { models: [], trains: [] }, diagnostics: [], sources: new Map() }),
  summarizeModel: () => {
    throw new Error("not used");
  },
  formatFile: (_file: string, text: string) => ({ text, diagnostics: [], source: undefined }),
}));
const { main } = await import("../../src/cli/main.js");

function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const ctx: CliContext = {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    env: {},
    cwd: process.cwd(),
  };
  return main(argv, ctx).then((code) => ({ code, out, err }));
}

describe("main", () => {
  it("returns 0 for --help and writes it to stdout", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Usage: netc [options] [command]");
    expect(r.err).toBe("");
  });

  it("returns 2 with a suggestion for a misspelt command, without a stack trace", async () => {
    const r = await run(["sumary", "x.net"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("netc: error: unknown command 'sumary'");
    expect(r.err).toContain("(Did you mean summary?)");
    expect(r.err).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  it("returns 2 naming the file when it cannot be read", async () => {
    const r = await run(["summary", "does-not-exist.net"]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      "netc: error: cannot read 'does-not-exist.net': no such file or directory\n",
    );
  });

  it("can be called twice in one process (no global state)", async () => {
    expect((await run(["check", "--help"])).code).toBe(0);
    expect((await run(["check", "--help"])).code).toBe(0);
  });
});

describe("summary table", () => {
  it("groups thousands independently of the locale", () => {
    expect([0, 999, 1000, 61706, 1234567, -4500].map(withThousands)).toEqual([
      "0",
      "999",
      "1,000",
      "61,706",
      "1,234,567",
      "-4,500",
    ]);
  });

  it("aligns columns, marks parameter-free layers, shows initializers last and prints the totals", () => {
    const table = renderSummaryTable(
      {
        model: "Tiny",
        layers: [
          {
            name: "conv1",
            kind: "conv2d",
            outputShape: [6, 28, 28],
            params: 156,
            macs: 117600,
            connections: 122304,
            trainable: true,
            init: "weight: he_normal, bias: zeros",
          },
          {
            name: "relu1",
            kind: "relu",
            outputShape: [6, 28, 28],
            params: 0,
            macs: 0,
            connections: 0,
            trainable: false,
          },
          {
            name: "fc",
            kind: "dense",
            outputShape: [10],
            params: 47050,
            macs: 47040,
            connections: 47050,
            trainable: false,
            init: "weight: uniform(±0.0364), bias: uniform(±0.0364)",
          },
        ],
        totals: { params: 47206, trainableParams: 156, macs: 164640, connections: 169354 },
      },
      [1, 28, 28],
    );
    expect(table).toBe(
      [
        "Model: Tiny  (input [1, 28, 28])",
        "=".repeat(118),
        "Layer  Kind    Output shape  Params     MACs  Connections  Trainable  Init",
        "-".repeat(118),
        "conv1  conv2d  [6, 28, 28]      156  117,600      122,304  yes        weight: he_normal, bias: zeros",
        "relu1  relu    [6, 28, 28]        0        0            0  --",
        "fc     dense   [10]          47,050   47,040       47,050  no         weight: uniform(±0.0364), bias: uniform(±0.0364)",
        "=".repeat(118),
        "Total params:          47,206",
        "Trainable params:         156",
        "Non-trainable params:  47,050",
        "MACs (per sample):    164,640",
        "Connections:          169,354",
        "=".repeat(118),
        "",
      ].join("\n"),
    );
  });
});
