import { describe, expect, it } from "vitest";
import { catalogue } from "../../src/lsp/catalogue.js";

describe("editor catalogue", () => {
  it("documents every train key offered by completion", () => {
    const undocumented = catalogue()
      .trainKeys.filter((key) => key.doc.trim() === "")
      .map((key) => key.name);
    expect(undocumented).toEqual([]);
  });

  it("shows a plain setting's doc with its default", () => {
    const batch = catalogue().trainKeys.find((key) => key.name === "batch");
    expect(batch?.doc).toBe("Mini-batch size m. Default: 32.");
  });
});
