import { describe, expect, it } from "vitest";
import { vocabulary } from "../../src/lsp/vocabulary.js";

describe("the editor's vocabulary", () => {
  it("documents every train key offered by completion", () => {
    const undocumented = vocabulary()
      .trainKeys.filter((key) => key.doc.trim() === "")
      .map((key) => key.name);
    expect(undocumented).toEqual([]);
  });

  it("shows a plain setting's doc with its default", () => {
    const batch = vocabulary().trainKeys.find((key) => key.name === "batch");
    expect(batch?.doc).toBe("Mini-batch size m. Default: 32.");
  });
});
