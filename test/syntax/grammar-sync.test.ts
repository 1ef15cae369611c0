import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { grammarDiagramsHtml, grammarEbnf } from "../../src/syntax/grammar-export.js";

const committed = (name: string): string =>
  readFileSync(new URL(`../../grammar/${name}`, import.meta.url), "utf8");

describe("grammar/ is generated from the parser", () => {
  it("netc.ebnf matches the parser (run `npm run grammar` after changing the grammar)", () => {
    expect(committed("netc.ebnf")).toBe(grammarEbnf());
  });

  it("diagrams.html matches the parser (run `npm run grammar` after changing the grammar)", () => {
    expect(committed("diagrams.html")).toBe(grammarDiagramsHtml());
  });

  it("the EBNF states the precedence ladder of expressions", () => {
    const ebnf = grammarEbnf();
    expect(ebnf).toContain(
      "expression        = orExpression { 'if' orExpression 'else' orExpression } ;",
    );
    expect(ebnf).toContain(
      "comparison        = additive [ ( '==' | '!=' | '<=' | '>=' | '<' | '>' ) additive ] ;",
    );
  });
});
