import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SourceText } from "../../src/diagnostics/span.js";
import { allDiagnosticDefinitions } from "../../src/diagnostics/messages.js";
import { checkProgram } from "../../src/semantics/index.js";
import { confinedSourceHost } from "../../src/semantics/source-files.js";
import {
  type Expectation,
  blessedText,
  compare,
  expectationComment,
  expectationFor,
  parseExpectations,
} from "./expectations.js";

/**
 * Golden diagnostics: every test/fixtures/diagnostics/*.net file says, in comments under
 * the offending lines, exactly which diagnostics the checker must report (see
 * expectations.ts for the notation). A diagnostic nobody expected, or an expectation
 * nothing matched, fails the file. Files the fixture imports (imported/) may carry
 * expectations too.
 *
 * After a deliberate change of messages, `NETC_BLESS=1 npx vitest run test/diagnostics/golden.test.ts`
 * rewrites the expectation comments from what the checker reports; review the diff.
 */

const fixturesDir = fileURLToPath(new URL("../fixtures/diagnostics/", import.meta.url));
const fixtures = readdirSync(fixturesDir)
  .filter((name) => name.endsWith(".net"))
  .sort();
const bless = process.env.NETC_BLESS === "1";

function describeExpectation(file: string, e: Omit<Expectation, "commentLine">): string {
  const where = e.line === "eof" ? "end of file" : `line ${e.line}, columns ${e.from}..${e.to}`;
  return `${path.relative(fixturesDir, file)} (${where}):  ${expectationComment(e).trim()}`;
}

describe("golden diagnostics", () => {
  it("has fixtures", () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });

  it.each(fixtures)("%s", (name) => {
    const entry = path.join(fixturesDir, name);
    // read as the command line reads: confined to the fixture's folder
    const result = checkProgram(entry, confinedSourceHost(path.dirname(entry)));
    const sources = new Map<string, SourceText>(result.sources);

    const expected: Expectation[] = [];
    const expectedIn = new Map<string, Expectation[]>();
    const malformed: string[] = [];
    for (const [file, source] of sources) {
      const parsed = parseExpectations(source);
      expectedIn.set(file, parsed.expectations);
      malformed.push(...parsed.malformed);
    }

    const problems: string[] = [...malformed];
    const actualIn = new Map<string, Omit<Expectation, "commentLine">[]>();
    for (const diagnostic of result.diagnostics) {
      const source = sources.get(diagnostic.span.file);
      if (!source) {
        problems.push(
          `diagnostic in a file the checker did not return: ${diagnostic.span.file}: ${diagnostic.code} ${diagnostic.message}`,
        );
        continue;
      }
      const list = actualIn.get(diagnostic.span.file) ?? [];
      list.push(expectationFor(diagnostic, source));
      actualIn.set(diagnostic.span.file, list);
    }

    for (const [file, source] of sources) {
      const want = expectedIn.get(file) ?? [];
      const got = actualIn.get(file) ?? [];
      expected.push(...want);
      const { missing, unexpected } = compare(want, got);
      for (const e of missing)
        problems.push(`expected but not reported: ${describeExpectation(file, e)}`);
      for (const e of unexpected)
        problems.push(`reported but not expected: ${describeExpectation(file, e)}`);
      if (bless && (missing.length > 0 || unexpected.length > 0))
        writeFileSync(file, blessedText(source, got));
    }

    expect(problems).toEqual([]);
  });

  it("covers every diagnostic code defined in messages.ts with at least one fixture", () => {
    const mentioned = new Set<string>();
    for (const name of fixtures) {
      const source = new SourceText(name, readFileSync(path.join(fixturesDir, name), "utf8"));
      for (const e of parseExpectations(source).expectations) mentioned.add(e.code);
    }
    const imported = readdirSync(path.join(fixturesDir, "imported"), { withFileTypes: true });
    for (const name of imported.filter((e) => e.isFile()).map((e) => e.name)) {
      const source = new SourceText(
        name,
        readFileSync(path.join(fixturesDir, "imported", name), "utf8"),
      );
      for (const e of parseExpectations(source).expectations) mentioned.add(e.code);
    }
    const uncovered = allDiagnosticDefinitions
      .map((d) => d.code)
      .filter((code) => !mentioned.has(code));
    expect(uncovered).toEqual([]);
  });
});
