import { describe, expect, it } from "vitest";
import { completionContext } from "../../src/lsp/completion-context.js";

/** The cursor is where `|` is; the marker is removed before analysis. */
function at(textWithCursor: string) {
  const offset = textWithCursor.indexOf("|");
  return completionContext(textWithCursor.replace("|", ""), offset);
}

describe("completion context from the text before the cursor", () => {
  it("an argument name is due right after `(` and after a top-level comma", () => {
    expect(at("model M {\n  input [1, 28, 28]\n  conv2d(|")).toMatchObject({
      section: "model",
      callee: "conv2d",
      argumentName: true,
      prefix: "",
    });
    expect(at("model M {\n  conv2d(6, 5, pa|")).toMatchObject({
      callee: "conv2d",
      argumentName: true,
      prefix: "pa",
    });
    expect(at("model M {\n  conv2d(6, pad = |")).toMatchObject({
      callee: "conv2d",
      argumentName: false,
    });
  });

  it("commas inside a nested list do not start an argument", () => {
    expect(at("model M {\n  reshape([1, |")).toMatchObject({
      callee: "reshape",
      argumentName: false,
    });
  });

  it("knows the enclosing section, across closed declarations, comments and strings", () => {
    const text = 'import "a{.net"\n# model X {\nblock b(out) {\n  relu\n}\ntrain M {\n  loss = cr|';
    expect(at(text)).toMatchObject({ section: "train", trainKey: "loss", prefix: "cr" });
    expect(at("block b(out) {\n  conv2d(out, 3) -> |")).toMatchObject({
      section: "block",
      afterArrow: true,
      statementStart: false,
    });
    expect(at("model M {\n  input [3]\n}\n|")).toMatchObject({
      section: "top",
      statementStart: true,
    });
  });

  it("a multi-line header still opens its section", () => {
    expect(at("model M(\n  classes = 10\n) {\n  |")).toMatchObject({
      section: "model",
      statementStart: true,
    });
  });
});

describe("completion on very long lines stays linear", () => {
  // Each of these took seconds to minutes: a regular expression anchored with `$` was
  // tried from every position of the text before the cursor (issue 11, the front end's
  // pathological inputs, found by the property test's long generators).
  const longLine = "model M {\n  input [4]\n  " + "relu -> ".repeat(5_000) + "rel|";
  const longIdentifier = "model M {\n  " + "a".repeat(40_000) + "|";
  const afterLongIdentifier = "model M {\n  " + "a".repeat(40_000) + " |";
  const calleeAfterLongName = "model M {\n  " + "b".repeat(40_000) + " (|";
  const longArguments = "model M {\n  conv2d(" + "x = 1, ".repeat(5_000) + "pad = |";

  it.each([
    ["a 40,000-character chain", longLine, { prefix: "rel", afterArrow: true }],
    ["a 40,000-character identifier", longIdentifier, { prefix: "a".repeat(40_000) }],
    ["a space after a 40,000-character identifier", afterLongIdentifier, { prefix: "" }],
    ["a call of a 40,000-character name", calleeAfterLongName, { callee: "b".repeat(40_000) }],
    ["a call with 5,000 arguments", longArguments, { callee: "conv2d", argumentName: false }],
  ])("%s", (_, text, expected) => {
    const started = performance.now();
    expect(at(text)).toMatchObject(expected);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("an identifier that starts with digits is taken from its first letter", () => {
    expect(at("model M {\n  9abc|")).toMatchObject({ prefix: "abc" });
    expect(at("model M {\n  relu -> |")).toMatchObject({ prefix: "", afterArrow: true });
  });
});
