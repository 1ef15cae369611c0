import type { IToken } from "chevrotain";
import { hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceText } from "../diagnostics/span.js";
import type * as A from "./ast.js";
import { parseWithTokens } from "./parse.js";
import { printArguments, printExpression, type ExpressionStyle } from "./print-expression.js";
import * as T from "./tokens.js";

/**
 * `netc fmt`: the canonical layout of a .net file.
 *
 *  - 2-space indentation, one statement per line, `a -> b` with single spaces;
 *    a chain written over several lines is joined onto one line.
 *  - named arguments of layer calls are compact (`conv2d(6, 5, pad=2)`); everywhere
 *    else (parameters, train settings, calls in values) they are spaced (`lr = 0.01`).
 *  - in a train section the `=` signs are aligned.
 *  - one blank line between declarations (consecutive imports may stay together);
 *    inside bodies, runs of blank lines collapse to one; none after `{` or before `}`.
 *  - every comment is kept: a comment on its own line stays on its own line at the
 *    indentation of what follows; a comment after code stays after that line (two
 *    spaces before `#`); a comment inside a construct that is joined onto one line is
 *    moved onto its own line just before it. Trailing comments on consecutive lines are
 *    aligned to one column.
 *  - consecutive one-line chains line up their first `->` (when the first items differ
 *    by at most 8 columns) and their shape assertions `: [..]`, as in DESIGN.md.
 *  - a list value of `let`/`option` written over several lines keeps its rows; one wider
 *    than 100 columns is broken into rows.
 * A file with syntax errors is returned unchanged, with its diagnostics.
 */

export interface FormatResult {
  text: string;
  diagnostics: Diagnostic[];
}

const LAYER_STYLE: ExpressionStyle = { compactNamedArguments: true };
const VALUE_STYLE: ExpressionStyle = { compactNamedArguments: false };
const INDENT = "  ";

export function formatSource(path: string, text: string): FormatResult {
  const parsed = parseWithTokens(path, text);
  if (hasErrors(parsed.diagnostics)) return { text, diagnostics: parsed.diagnostics };
  const printer = new Printer(parsed.source, parsed.file.comments, parsed.tokens);
  printer.sourceFile(parsed.file);
  return { text: printer.result(), diagnostics: parsed.diagnostics };
}

class Printer {
  private readonly lines: string[] = [];
  private indent = 0;
  private nextComment = 0;
  /** Source line where the last printed thing ended; 0 before anything. */
  private lastSourceLine = 0;
  private atBodyStart = true;
  private forceBlank = false;
  private readonly openBraces: number[];
  private readonly closeBraces: number[];

  constructor(
    private readonly source: SourceText,
    private readonly comments: readonly A.Comment[],
    tokens: readonly IToken[],
  ) {
    this.openBraces = tokens.filter((t) => t.tokenType === T.LBrace).map((t) => t.startOffset);
    this.closeBraces = tokens.filter((t) => t.tokenType === T.RBrace).map((t) => t.startOffset);
  }

  result(): string {
    this.flushCommentsBefore(Number.POSITIVE_INFINITY);
    this.alignChains();
    this.alignTrailingComments();
    return this.lines.length === 0 ? "" : this.lines.join("\n") + "\n";
  }

  // ── lines and comments ────────────────────────────────────────────────────

  /** One-line chains by output line index, in pieces, so that consecutive ones can be aligned. */
  private readonly chains = new Map<number, ChainLine>();

  /**
   * Consecutive one-line chains (no blank or other line between them) are laid out in
   * columns, as DESIGN.md writes them:
   *   - the first `->` lines up when every line of the run has one and the first items
   *     differ in width by at most MAX_ARROW_PADDING (a wider gap reads worse than none);
   *   - the shape assertions `: [..]` at the ends of the lines start in one column.
   */
  private alignChains(): void {
    const runs: number[][] = [];
    for (const k of [...this.chains.keys()].sort((a, b) => a - b)) {
      const run = runs[runs.length - 1];
      const previous = run?.[run.length - 1];
      if (
        run &&
        previous === k - 1 &&
        this.chains.get(previous)!.indent === this.chains.get(k)!.indent
      )
        run.push(k);
      else runs.push([k]);
    }
    for (const run of runs) {
      const cells = run.map((k) => this.chains.get(k)!);
      for (const group of splitRuns(cells, (c) => c.tail.length > 0)) {
        const widths = group.map((c) => c.head.length);
        const width = Math.max(...widths);
        if (group.length > 1 && width - Math.min(...widths) <= MAX_ARROW_PADDING)
          for (const c of group) c.head = c.head.padEnd(width);
      }
      for (const group of splitRuns(cells, (c) => c.assertion !== undefined)) {
        const width = Math.max(...group.map((c) => c.head.length + c.tail.length));
        for (const c of group) c.tail = c.tail.padEnd(width - c.head.length);
      }
      run.forEach((k, i) => {
        const c = cells[i]!;
        const code =
          c.indent +
          (c.assertion === undefined
            ? (c.head + c.tail).trimEnd()
            : `${c.head}${c.tail} : ${c.assertion}`);
        this.lines[k] = code;
        const trailing = this.trailing.get(k);
        if (trailing) trailing.code = code;
      });
    }
  }

  /** Trailing comments by output line index, attached at the end (they are aligned). */
  private readonly trailing = new Map<number, { code: string; comment: string }>();

  /**
   * Trailing comments on consecutive lines form a group and start in one column, two
   * spaces after the group's longest code (like gofmt); a line without one ends the group.
   */
  private alignTrailingComments(): void {
    let i = 0;
    while (i < this.lines.length) {
      if (!this.trailing.has(i)) {
        i++;
        continue;
      }
      let end = i;
      while (this.trailing.has(end + 1)) end++;
      let width = 0;
      for (let k = i; k <= end; k++) width = Math.max(width, this.trailing.get(k)!.code.length);
      for (let k = i; k <= end; k++) {
        const { code, comment } = this.trailing.get(k)!;
        this.lines[k] = `${code.padEnd(width)}  ${comment}`;
      }
      i = end + 1;
    }
  }

  private lineOf(offset: number): number {
    return this.source.position(offset).line;
  }

  private separate(startLine: number): void {
    const blankInSource = this.lastSourceLine > 0 && startLine - this.lastSourceLine > 1;
    if (this.lines.length > 0 && !this.atBodyStart && (this.forceBlank || blankInSource))
      this.lines.push("");
    this.forceBlank = false;
    this.atBodyStart = false;
  }

  private flushCommentsBefore(offset: number): void {
    while (
      this.nextComment < this.comments.length &&
      this.comments[this.nextComment]!.span.start < offset
    ) {
      const c = this.comments[this.nextComment++]!;
      this.separate(c.span.line);
      this.lines.push(INDENT.repeat(this.indent) + c.text.trimEnd());
      this.lastSourceLine = c.span.line;
    }
  }

  /**
   * Print one output line for the source region [start, end): comments inside it go
   * before it, a comment after it on the same source line goes after it.
   */
  private line(start: number, end: number, text: string): number {
    this.flushCommentsBefore(start);
    this.separate(this.lineOf(start));
    // comments inside a construct that is joined onto one line go just before it
    while (
      this.nextComment < this.comments.length &&
      this.comments[this.nextComment]!.span.start < end
    ) {
      this.lines.push(
        INDENT.repeat(this.indent) + this.comments[this.nextComment++]!.text.trimEnd(),
      );
    }
    const endLine = this.lineOf(Math.max(start, end - 1));
    const code = INDENT.repeat(this.indent) + text;
    const c = this.comments[this.nextComment];
    if (c && c.span.line === endLine) {
      this.trailing.set(this.lines.length, { code, comment: c.text.trimEnd() });
      this.nextComment++;
    }
    this.lines.push(code);
    this.lastSourceLine = endLine;
    return this.lines.length - 1;
  }

  private openBraceAfter(offset: number): number {
    return this.openBraces.find((o) => o >= offset) ?? offset;
  }

  private closeBraceBefore(offset: number): number {
    let found = offset;
    for (const o of this.closeBraces) {
      if (o < offset) found = o;
      else break;
    }
    return found;
  }

  private body(statements: readonly A.Statement[], closeBrace: number): void {
    this.indent++;
    this.atBodyStart = true;
    for (const s of statements) this.statement(s);
    this.flushCommentsBefore(closeBrace);
    this.indent--;
    this.atBodyStart = false;
  }

  // ── declarations ──────────────────────────────────────────────────────────

  sourceFile(file: A.SourceFileNode): void {
    let previous: A.Declaration | undefined;
    for (const d of file.declarations) {
      if (previous && !(previous.kind === "ImportDeclaration" && d.kind === "ImportDeclaration"))
        this.forceBlank = true;
      this.declaration(d);
      previous = d;
    }
  }

  private declaration(d: A.Declaration): void {
    switch (d.kind) {
      case "ImportDeclaration":
        this.line(d.span.start, d.span.end, `import ${printExpression(d.path, VALUE_STYLE)}`);
        return;
      case "ModelDeclaration":
      case "BlockDeclaration": {
        const keyword = d.kind === "ModelDeclaration" ? "model" : "block";
        // `model A() {` has no canonical parentheses: it is written `model A {`
        const params = d.params.length > 0 ? `(${this.parameters(d.params)})` : "";
        const open = this.openBraceAfter(d.name.span.end);
        this.line(d.span.start, open + 1, `${keyword} ${d.name.name}${params} {`);
        this.body(d.body, d.span.end - 1);
        this.line(d.span.end - 1, d.span.end, "}");
        return;
      }
      case "TrainDeclaration": {
        const args = d.args.length > 0 ? `(${printArguments(d.args, VALUE_STYLE)})` : "";
        const open = this.openBraceAfter(d.model.span.end);
        this.line(d.span.start, open + 1, `train ${d.model.name}${args} {`);
        const width = Math.max(0, ...d.settings.map((s) => s.key.name.length));
        this.indent++;
        this.atBodyStart = true;
        for (const s of d.settings) {
          this.line(
            s.span.start,
            s.span.end,
            `${s.key.name.padEnd(width)} = ${printExpression(s.value, VALUE_STYLE)}`,
          );
        }
        this.flushCommentsBefore(d.span.end - 1);
        this.indent--;
        this.atBodyStart = false;
        this.line(d.span.end - 1, d.span.end, "}");
        return;
      }
    }
  }

  private parameters(params: readonly A.Parameter[]): string {
    return params
      .map((p) =>
        p.default ? `${p.name.name} = ${printExpression(p.default, VALUE_STYLE)}` : p.name.name,
      )
      .join(", ");
  }

  /**
   * `prefix` and the value on one line, unless the value is a list that is written over
   * several lines or is wider than MAX_WIDTH: then its items go on lines of their own, one
   * level deeper, each line ending with a comma, and the `]` on its own line. Items keep
   * the rows they were written in (LeNet-5's connection table groups its rows by meaning);
   * a list written on one line is filled up to MAX_WIDTH.
   */
  private wrapList(prefix: string, value: A.Expression): string {
    const indent = INDENT.repeat(this.indent);
    const flat = prefix + printExpression(value, VALUE_STYLE);
    if (value.kind !== "ListExpression" || value.items.length === 0) return flat;
    const writtenInRows = value.span.line !== value.span.endLine;
    if (!writtenInRows && indent.length + flat.length <= MAX_WIDTH) return flat;
    const inner = indent + INDENT;
    const rows: string[] = [];
    let row = "";
    let rowLine = value.items[0]!.span.line;
    for (const item of value.items) {
      const text = `${printExpression(item, VALUE_STYLE)},`;
      const newRow = writtenInRows
        ? item.span.line !== rowLine
        : inner.length + row.length + 1 + text.length > MAX_WIDTH;
      rowLine = item.span.line;
      if (row.length > 0 && newRow) {
        rows.push(row);
        row = text;
      } else {
        row = row.length > 0 ? `${row} ${text}` : text;
      }
    }
    if (row.length > 0) rows.push(row);
    return `${prefix}[\n${rows.map((r) => inner + r).join("\n")}\n${indent}]`;
  }

  // ── statements ────────────────────────────────────────────────────────────

  private statement(s: A.Statement): void {
    switch (s.kind) {
      case "InputStatement":
        this.line(s.span.start, s.span.end, `input ${printExpression(s.shape, VALUE_STYLE)}`);
        return;
      case "LetStatement":
      case "OptionStatement": {
        const keyword = s.kind === "LetStatement" ? "let" : "option";
        this.line(s.span.start, s.span.end, this.wrapList(`${keyword} ${s.name.name} = `, s.value));
        return;
      }
      case "ChainStatement":
        this.chain(s);
        return;
    }
  }

  /** A chain is one line unless it holds a residual, whose bodies open nested lines. */
  private chain(s: A.ChainStatement): void {
    let segmentStart = s.span.start;
    let text = "";
    let firstItemEnd = -1;
    let lastAssertion: string | undefined;
    s.items.forEach((item, i) => {
      if (i === 1) firstItemEnd = text.length;
      if (i > 0) text += " -> ";
      if (item.kind === "LayerCall") {
        text +=
          item.callee.name +
          (item.args.length > 0 || item.hasParens
            ? `(${printArguments(item.args, LAYER_STYLE)})`
            : "");
      } else {
        const open = this.openBraceAfter(item.keywordSpan.end);
        this.line(segmentStart, open + 1, text + "residual {");
        const suffixStart = item.repeat?.span.start ?? item.assertion?.span.start ?? item.span.end;
        const bodyClose = item.shortcut
          ? this.closeBraceBefore(item.shortcut.span.start)
          : this.closeBraceBefore(suffixStart);
        this.body(item.body, bodyClose);
        segmentStart = bodyClose;
        text = "}";
        if (item.shortcut) {
          const sc = item.shortcut;
          const condition = sc.condition ? ` if ${printExpression(sc.condition, VALUE_STYLE)}` : "";
          const scOpen = this.openBraceAfter(sc.condition?.span.end ?? sc.span.start);
          this.line(segmentStart, scOpen + 1, `} shortcut${condition} {`);
          const scClose = sc.span.end - 1;
          this.body(sc.body, scClose);
          segmentStart = scClose;
        }
      }
      if (item.repeat) text += ` * ${printExpression(item.repeat, VALUE_STYLE)}`;
      lastAssertion = undefined;
      if (item.assertion) {
        lastAssertion = printExpression(item.assertion, VALUE_STYLE);
        text += ` : ${lastAssertion}`;
      }
    });
    const index = this.line(segmentStart, s.span.end, text);
    if (s.items.every((item) => item.kind === "LayerCall")) {
      const body =
        lastAssertion === undefined ? text : text.slice(0, text.length - lastAssertion.length - 3);
      const head = firstItemEnd < 0 ? body : body.slice(0, firstItemEnd);
      const chain: ChainLine = {
        indent: INDENT.repeat(this.indent),
        head,
        tail: body.slice(head.length),
      };
      if (lastAssertion !== undefined) chain.assertion = lastAssertion;
      this.chains.set(index, chain);
    }
  }
}

/** A one-line chain in pieces: `head` (the first item) `tail` (` -> …`) then ` : assertion`. */
interface ChainLine {
  indent: string;
  head: string;
  tail: string;
  assertion?: string;
}

/** Lines wider than this are broken where the layout allows it (long lists in `let`). */
const MAX_WIDTH = 100;

/** Padding the first `->` of a run of chains may add at most; wider differences stay unaligned. */
const MAX_ARROW_PADDING = 8;

/** The maximal runs of consecutive cells that satisfy `test`. */
function splitRuns<T>(cells: readonly T[], test: (cell: T) => boolean): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  for (const cell of cells) {
    if (test(cell)) current.push(cell);
    else if (current.length > 0) {
      groups.push(current);
      current = [];
    }
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
