import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatSource, parseSource } from "../../src/syntax/index.js";

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

describe("formatSource", () => {
  it("formats a messy file into the committed canonical layout", () => {
    const result = formatSource("messy.net", fixture("messy.net"));
    expect(result.diagnostics).toEqual([]);
    expect(result.text).toBe(fixture("messy.formatted.net"));
  });

  it("is idempotent and keeps every comment", () => {
    for (const name of ["messy.net", "resnet.net"]) {
      const once = formatSource(name, fixture(name)).text;
      expect(formatSource(name, once).text).toBe(once);
      const before = parseSource(name, fixture(name)).file.comments.map((c) => c.text.trimEnd());
      const after = parseSource(name, once).file.comments.map((c) => c.text);
      expect(after).toEqual(before);
    }
  });

  it("preserves the meaning: the formatted file parses to the same tree", () => {
    const strip = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(strip)
        : v && typeof v === "object"
          ? Object.fromEntries(
              Object.entries(v)
                .filter(([k]) => !/span$/i.test(k) && k !== "comments")
                .map(([k, x]) => [k, strip(x)]),
            )
          : v;
    for (const name of ["messy.net", "resnet.net"]) {
      const original = parseSource(name, fixture(name)).file;
      const formatted = parseSource(name, formatSource(name, fixture(name)).text).file;
      expect(strip(formatted)).toEqual(strip(original));
    }
  });

  it("aligns `=` in train sections and spaces named arguments outside layer calls", () => {
    const text = "train M {\n  loss=huber(delta=1.0)\n  batch=64\n  optimizer = adam(lr=1e-3)\n}\n";
    expect(formatSource("t.net", text).text).toBe(
      "train M {\n  loss      = huber(delta = 1.0)\n  batch     = 64\n  optimizer = adam(lr = 1e-3)\n}\n",
    );
  });

  it("re-inserts exactly the parentheses that precedence needs", () => {
    const text =
      "model M {\n  let a = ((1 + 2)) * (3 * 4) - (5 - 6)\n  let b = (x if c else y) if (d or e) else (f if g else h)\n  let c = (a < b) == (not c)\n  let d = (in).shape\n  let e = -(1 + 2)\n}\n";
    expect(formatSource("t.net", text).text).toBe(
      "model M {\n  let a = (1 + 2) * (3 * 4) - (5 - 6)\n  let b = (x if c else y) if d or e else f if g else h\n  let c = (a < b) == (not c)\n  let d = in.shape\n  let e = -(1 + 2)\n}\n",
    );
  });

  it("aligns trailing comments of consecutive lines", () => {
    const text =
      "model M {\n  input [1, 28, 28] # a\n  conv2d(6, 5, pad=2) -> relu # b\n  flatten   # c\n\n  dense(10) # d\n}\n";
    expect(formatSource("t.net", text).text).toBe(
      "model M {\n  input [1, 28, 28]            # a\n  conv2d(6, 5, pad=2) -> relu  # b\n  flatten                      # c\n\n  dense(10)  # d\n}\n",
    );
  });

  it("refuses to format a file with syntax errors", () => {
    const text = "model M {\n  dense(3\n}\n";
    const result = formatSource("bad.net", text);
    expect(result.text).toBe(text);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["NET0102"]);
  });

  it("formats an empty file to an empty file and a comment-only file to its comments", () => {
    expect(formatSource("e.net", "\n\n").text).toBe("");
    expect(formatSource("c.net", "\n# a\n\n\n# b   \n").text).toBe("# a\n\n# b\n");
  });
});

describe("column layout of consecutive chains", () => {
  it("aligns the first '->' and the shape assertions of consecutive one-line chains, as DESIGN.md writes them", () => {
    const text = [
      "model M {",
      "  input [1, 28, 28]",
      "  conv2d(6, 5, pad=2) -> relu -> maxpool(2) : [6, 14, 14]",
      "  conv2d(16, 5) -> relu -> maxpool(2) : [16, 5, 5]",
      "  flatten : [400]",
      "",
      "  dense(120) -> relu  # hidden",
      "  dense(84) -> relu  # hidden too",
      "  dense(10)",
      "}",
      "",
    ].join("\n");
    expect(formatSource("m.net", text).text).toBe(
      [
        "model M {",
        "  input [1, 28, 28]",
        "  conv2d(6, 5, pad=2) -> relu -> maxpool(2) : [6, 14, 14]",
        "  conv2d(16, 5)       -> relu -> maxpool(2) : [16, 5, 5]",
        "  flatten                                   : [400]",
        "",
        "  dense(120) -> relu  # hidden",
        "  dense(84)  -> relu  # hidden too",
        "  dense(10)",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("leaves first items that differ by more than 8 columns unpadded", () => {
    const text =
      'model M {\n  input [4]\n  dense(4, bias=false, name="first") -> relu\n  dense(4) -> relu\n}\n';
    expect(formatSource("m.net", text).text).toBe(text);
  });

  it("keeps the rows of a list written over several lines, and fills a long one-line list", () => {
    const rows =
      "model M {\n  let t = [\n    [0, 1], [1, 2],\n    [0, 1, 2],\n  ]\n  input [4]\n}\n";
    expect(formatSource("m.net", rows).text).toBe(rows);
    const long = `model M {\n  let t = [${Array.from({ length: 30 }, (_, i) => `[${i}, ${i + 1}]`).join(", ")}]\n  input [4]\n}\n`;
    const formatted = formatSource("m.net", long).text;
    const lines = formatted.split("\n");
    expect(lines[1]).toBe("  let t = [");
    expect(lines[2]).toBe(
      "    [0, 1], [1, 2], [2, 3], [3, 4], [4, 5], [5, 6], [6, 7], [7, 8], [8, 9], [9, 10], [10, 11],",
    );
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
    expect(formatSource("m.net", formatted).text).toBe(formatted);
  });
});
