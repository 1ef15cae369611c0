import type { IRecognitionException, IToken } from "chevrotain";
import {
  createDiagnostic,
  sortDiagnostics,
  type Diagnostic,
  type DiagnosticExtras,
} from "../diagnostics/diagnostic.js";
import { Diagnostics } from "../diagnostics/messages.js";
import { SourceText } from "../diagnostics/span.js";
import type { SourceFileNode } from "./ast.js";
import { AstBuilder } from "./cst-to-ast.js";
import { lex } from "./lexer.js";
import { describeToken } from "./parse-errors.js";
import { MAX_PARSE_ERRORS, getParser, type NetParser } from "./parser.js";
import * as T from "./tokens.js";
import { findUnclosedBrackets, unclosedBracketDiagnostic } from "./unclosed.js";

export interface ParseResult {
  file: SourceFileNode;
  source: SourceText;
  diagnostics: Diagnostic[];
}

/** At most this many syntax errors are reported per file; the rest are usually echoes. */
export const MAX_SYNTAX_ERRORS = 50;

const DECLARATION_KEYWORDS = new Set([T.Model, T.Block, T.Train, T.Import]);

/**
 * Lex, parse and build the AST of one file. Never throws on any input: lexer and
 * parser errors become NET01xx diagnostics, and the tree holds everything that was
 * recognised (see ast.ts: partial trees leave fields absent).
 */
export function parseSource(path: string, text: string): ParseResult {
  const { tokens: _tokens, ...result } = parseWithTokens(path, text);
  return result;
}

/**
 * parseSource plus the parser's tokens (after layout), for the formatter. `parser` is
 * the shared instance unless a test passes one configured differently.
 */
export function parseWithTokens(
  path: string,
  text: string,
  parser: NetParser = getParser(),
): ParseResult & { tokens: IToken[] } {
  const source = new SourceText(path, text);
  const lexed = lex(source);
  const diagnostics: Diagnostic[] = [...lexed.diagnostics];
  const roots = [];

  // An unclosed bracket is reported at the bracket (NET0104); the parser's complaints at
  // the end of the file or at the next declaration are echoes of it and are dropped.
  const unclosed = findUnclosedBrackets(source, lexed.tokens);
  diagnostics.push(...unclosed.map((bracket) => unclosedBracketDiagnostic(source, bracket)));
  const echoes = new Set(
    unclosed.flatMap(({ boundary }) => (boundary?.declaration ? [boundary.token] : [])),
  );
  const openAtEnd = unclosed.length > 0;
  const isEcho = (error: IRecognitionException): boolean =>
    echoes.has(error.token) || (openAtEnd && isEndOfFile(error.token));

  // The top-level rule stops at the first token that cannot start a declaration; skip
  // to the next declaration keyword and go on, so later models are still checked. Every
  // round reports at least one error, so the rounds end once more errors were found than
  // are reported; a round that reached the parser's own cap (MAX_PARSE_ERRORS) ends them
  // too, and what it saved after the cap are echoes at the end of its input.
  let tokens = lexed.tokens;
  let parseErrors = 0;
  let stoppedEarly = false;
  while (parseErrors < MAX_PARSE_ERRORS) {
    parser.input = tokens;
    roots.push(parser.sourceFile());
    stoppedEarly = parser.stoppedEarly;
    const errors = parser.errors.slice(0, MAX_PARSE_ERRORS);
    parseErrors += errors.length;
    let restartAt = -1;
    for (const error of errors) {
      const topLevel = error.context.ruleStack.length <= 1;
      if (!isEcho(error)) diagnostics.push(syntaxDiagnostic(source, error, tokens, topLevel));
      if (error.name === "NotAllInputParsedException") restartAt = tokens.indexOf(error.token);
    }
    if (restartAt < 0 || stoppedEarly) break;
    let next = restartAt + 1;
    while (
      next < tokens.length &&
      !(DECLARATION_KEYWORDS.has(tokens[next]!.tokenType) && startsLine(tokens, next))
    )
      next++;
    if (next >= tokens.length) break;
    tokens = tokens.slice(next);
  }

  const builder = new AstBuilder(source);
  const file = builder.sourceFile(roots, path, lexed.comments);
  diagnostics.push(...builder.diagnostics);
  return {
    file,
    source,
    diagnostics: capErrors(dedupe(sortDiagnostics(diagnostics)), stoppedEarly),
    tokens: lexed.tokens,
  };
}

function startsLine(tokens: IToken[], index: number): boolean {
  const prev = tokens[index - 1];
  return (
    prev === undefined || prev.tokenType === T.Newline || prev.endLine! < tokens[index]!.startLine!
  );
}

function isEndOfFile(token: IToken): boolean {
  return token.tokenType.name === "EOF" || !Number.isFinite(token.startOffset);
}

function syntaxDiagnostic(
  source: SourceText,
  error: IRecognitionException,
  tokens: IToken[],
  topLevel: boolean,
): Diagnostic {
  const found = error.token;
  const atEnd = isEndOfFile(found);
  const span = atEnd
    ? source.span(source.text.length, source.text.length)
    : source.span(found.startOffset, found.endOffset! + 1);
  const expected = topLevel ? "'model', 'block', 'train' or 'import'" : error.message;
  const extras = helpFor(source, error, tokens, expected);
  return createDiagnostic(
    Diagnostics.UnexpectedToken,
    span,
    [expected, atEnd ? "end of file" : describeToken(found)],
    extras,
  );
}

const EXPRESSION_START = new Set([
  T.NumberLiteral,
  T.StringLiteral,
  T.Identifier,
  T.True,
  T.False,
  T.In,
  T.LBracket,
  T.LParen,
  T.Minus,
  T.Plus,
  T.Not,
]);

/** Help lines for the mistakes whose fix is obvious. */
function helpFor(
  source: SourceText,
  error: IRecognitionException,
  tokens: IToken[],
  expected: string,
): DiagnosticExtras {
  const found = error.token;
  const previous = (error as IRecognitionException & { previousToken?: IToken }).previousToken;
  const closing = expected === "')'" ? ")" : expected === "']'" ? "]" : undefined;
  if (closing && previous && Number.isFinite(previous.startOffset)) {
    const at = source.span(previous.endOffset! + 1, previous.endOffset! + 1);
    if (EXPRESSION_START.has(found.tokenType) && found.startLine === previous.endLine) {
      return {
        help: "add a ',' between the two items",
        fix: { description: "insert ','", edits: [{ span: at, newText: "," }] },
      };
    }
    const opener = unmatchedOpener(
      tokens,
      found,
      closing === ")" ? T.LParen : T.LBracket,
      closing === ")" ? T.RParen : T.RBracket,
    );
    const where = opener ? ` opened at line ${opener.startLine}, column ${opener.startColumn}` : "";
    return {
      help: `close the '${closing === ")" ? "(" : "["}'${where} with '${closing}'`,
      fix: { description: `insert '${closing}'`, edits: [{ span: at, newText: closing }] },
    };
  }
  if (
    found.tokenType === T.Less ||
    found.tokenType === T.Greater ||
    found.tokenType === T.LessEq ||
    found.tokenType === T.GreaterEq ||
    found.tokenType === T.EqEq ||
    found.tokenType === T.NotEq
  ) {
    return { help: "comparisons do not chain; join them with 'and'" };
  }
  if (expected === "a newline or '}'") {
    const startsStatement =
      previous !== undefined &&
      Number.isFinite(found.startOffset) &&
      previous.endLine! < found.startLine!;
    return { help: startsStatement ? STATEMENT_HELP : "put each statement on its own line" };
  }
  return { help: whatFitsHere(expected, found) };
}

const STATEMENT_HELP =
  "each line of a body is `input [..]`, `let name = …`, `option name = …`, or layers joined with ->";
const KEYWORD_NAMES =
  /^'(model|block|train|import|input|let|option|residual|shortcut|if|else|and|or|not|true|false|in)'$/;

/** The fallback help line of a syntax error: what would fit where the parser stopped. */
function whatFitsHere(expected: string, found: IToken): string {
  const foundKeyword = KEYWORD_NAMES.exec(describeToken(found))?.[1];
  if (expected === "a name" && foundKeyword !== undefined)
    return `'${foundKeyword}' is a keyword and cannot be a name; choose another, e.g. ${foundKeyword}_`;
  if (expected === "a name") return "a name is letters, digits and _, not starting with a digit";
  if (expected === "an expression")
    return "write a value here: a number, a name, a string, true/false, a list [a, b] or an expression in ( )";
  if (expected.startsWith("a statement")) return STATEMENT_HELP;
  if (expected === "a layer or 'residual'")
    return "write a layer after '->', e.g. `-> relu`, or `-> residual { … }`";
  if (expected.startsWith("'model'")) {
    if (found.tokenType === T.RBrace) return "remove this '}': it closes nothing";
    return 'at the top level a file holds `model Name { … }`, `block name(…) { … }`, `train Name { … }` and `import "file.net"`';
  }
  if (expected === "'='") return "write `name = value`";
  if (expected === "'{'") return "a body in braces comes next: { … }";
  return `write ${expected} here`;
}

function unmatchedOpener(
  tokens: IToken[],
  before: IToken,
  open: typeof T.LParen,
  close: typeof T.RParen,
): IToken | undefined {
  let index = tokens.indexOf(before);
  if (index < 0) index = tokens.length;
  let depth = 0;
  for (let i = index - 1; i >= 0; i--) {
    const t = tokens[i]!.tokenType;
    if (t === close) depth++;
    else if (t === open) {
      if (depth === 0) return tokens[i];
      depth--;
    }
  }
  return undefined;
}

/** Recovery can report the same position twice (once per enclosing rule); keep the first. */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}:${d.span.start}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function capErrors(diagnostics: Diagnostic[], stoppedEarly: boolean): Diagnostic[] {
  if (diagnostics.length <= MAX_SYNTAX_ERRORS) return diagnostics;
  const kept = diagnostics.slice(0, MAX_SYNTAX_ERRORS);
  kept[kept.length - 1]!.notes.push(
    stoppedEarly
      ? `further syntax errors not shown: after ${MAX_PARSE_ERRORS} of them the rest of the file was not read`
      : `${diagnostics.length - MAX_SYNTAX_ERRORS} further syntax error(s) not shown`,
  );
  return kept;
}
