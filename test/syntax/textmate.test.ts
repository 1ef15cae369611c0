import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { keywordTokens } from "../../src/syntax/tokens.js";

interface Rule {
  match?: string;
  begin?: string;
  end?: string;
  name?: string;
  patterns?: Rule[];
}
const grammar = JSON.parse(
  readFileSync(new URL("../../grammar/netc.tmLanguage.json", import.meta.url), "utf8"),
) as {
  scopeName: string;
  repository: Record<string, Rule>;
};

function allRules(rule: Rule): Rule[] {
  return [rule, ...(rule.patterns ?? []).flatMap(allRules)];
}
const rules = Object.values(grammar.repository).flatMap(allRules);

/** The scope the first matching rule gives to a whole word. */
function scopeOf(word: string): string | undefined {
  for (const r of rules) {
    if (r.match && r.name && new RegExp(`^(?:${r.match})$`).test(word)) return r.name;
  }
  return undefined;
}

describe("the TextMate grammar", () => {
  it("is source.netc and every pattern compiles", () => {
    expect(grammar.scopeName).toBe("source.netc");
    for (const r of rules)
      for (const p of [r.match, r.begin, r.end]) if (p) expect(() => new RegExp(p)).not.toThrow();
  });

  it("highlights every keyword of the lexer as a keyword or constant", () => {
    const words = keywordTokens.map((t) => String(t.PATTERN).replace(/^\/|\/$/g, ""));
    expect(words).toHaveLength(17);
    const standalone = words.filter((w) => !["model", "block", "train"].includes(w));
    for (const w of standalone)
      expect(scopeOf(w), w).toMatch(/^(keyword|constant|variable\.language)\./);
  });
});
