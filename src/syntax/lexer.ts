import { Lexer, type IToken, type TokenType } from "./chevrotain.js";
import { createDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { Diagnostics } from "../diagnostics/messages.js";
import type { SourceText } from "../diagnostics/span.js";
import type { Comment } from "./ast.js";
import { isIntegerLiteral, numberRangeProblem } from "./number-range.js";
import * as T from "./tokens.js";

/**
 * Lexing in two steps:
 *  1. Chevrotain's lexer turns text into tokens (comments go to their own group).
 *  2. `layoutNewlines` decides which line breaks are statement separators, the one
 *     piece of layout the language has: inside ( ) and [ ] they are ignored, a line
 *     that starts or ends with `->` continues the previous one, runs collapse to one,
 *     and breaks next to `{` / `}` or at the ends of the file carry no meaning.
 * Errors never throw; they become diagnostics with spans.
 */

/** Brackets nested deeper than this are reported (NET0107) and their content dropped,
 * so that no later recursive pass can overflow the stack on adversarial input. */
export const MAX_NESTING_DEPTH = 64;

export interface LexResult {
  tokens: IToken[];
  comments: Comment[];
  diagnostics: Diagnostic[];
}

/**
 * The Chevrotain lexer. `validate` runs its checks of the token definitions (unreachable
 * or empty patterns), which find mistakes in tokens.ts, not in the input, and cost more
 * than the rest of the construction: off for the shared instance, on in a test.
 */
export function createLexer(validate = false): Lexer {
  return new Lexer(T.allTokens, {
    ensureOptimizations: true,
    positionTracking: "full",
    skipValidations: !validate,
  });
}

const chevrotainLexer = createLexer();

export function lex(source: SourceText): LexResult {
  const diagnostics: Diagnostic[] = [];
  const raw = chevrotainLexer.tokenize(source.text);

  for (const error of raw.errors) {
    const ch = String.fromCodePoint(source.text.codePointAt(error.offset) ?? 0);
    const span = source.span(error.offset, error.offset + ch.length);
    diagnostics.push(
      createDiagnostic(Diagnostics.UnexpectedCharacter, span, [printableChar(ch)], {
        help: unexpectedCharacterHelp(ch),
        ...(error.length > ch.length
          ? { notes: [`the next ${error.length - ch.length} character(s) were skipped too`] }
          : {}),
      }),
    );
  }

  const tokens: IToken[] = [];
  for (const token of raw.tokens) {
    if (token.tokenType === T.BadNumber) {
      diagnostics.push(
        createDiagnostic(Diagnostics.InvalidNumber, tokenSpan(source, token), [token.image], {
          help: "numbers are written like 64, 0.5 or 1e-3",
        }),
      );
      retype(token, T.NumberLiteral);
    } else if (token.tokenType === T.UnterminatedString) {
      diagnostics.push(
        createDiagnostic(Diagnostics.UnterminatedString, tokenSpan(source, token), [], {
          help: "close the string with '\"' on the same line",
          fix: {
            description: "add the closing quote",
            edits: [
              { span: source.span(token.endOffset! + 1, token.endOffset! + 1), newText: '"' },
            ],
          },
        }),
      );
      retype(token, T.StringLiteral);
    } else if (token.tokenType === T.StringLiteral) {
      checkEscapes(source, token, diagnostics);
    } else if (token.tokenType === T.NumberLiteral) {
      checkRange(source, token, diagnostics);
    }
    tokens.push(token);
  }

  const comments: Comment[] = (raw.groups["comments"] ?? []).map((c) => ({
    text: c.image,
    span: tokenSpan(source, c),
  }));

  const laidOut = layoutNewlines(source, tokens);
  const capped = capNesting(source, laidOut, diagnostics);
  return { tokens: capped, comments, diagnostics };
}

/** What the writer probably meant by a character the language does not have. */
function unexpectedCharacterHelp(ch: string): string {
  switch (ch) {
    case ";":
      return "statements end at the end of the line; remove the ';'";
    case "'":
      return 'strings are written in double quotes: "like this"';
    case "&":
    case "|":
    case "!":
      return "write the logical operators as words: and, or, not (and != for 'not equal')";
    case "@":
    case "$":
      return "names are letters, digits and _; remove the character";
    default:
      return "remove it: the language has letters, digits, _, strings in double quotes, # comments and the operators -> = == != < <= > >= + - * / // % : , . ( ) [ ] { }";
  }
}

/** Chevrotain matches on tokenTypeIdx, so both fields must change. */
function retype(token: IToken, type: TokenType): void {
  token.tokenType = type;
  token.tokenTypeIdx = type.tokenTypeIdx!;
}

export function tokenSpan(source: SourceText, token: IToken): Span {
  return source.span(token.startOffset, (token.endOffset ?? token.startOffset) + 1);
}
type Span = ReturnType<SourceText["span"]>;

function printableChar(ch: string): string {
  if (ch === "\t") return "\\t";
  const code = ch.codePointAt(0) ?? 0;
  if (code < 32 || code === 127) return `\\u{${code.toString(16)}}`;
  return ch;
}

const VALID_ESCAPES = new Set(['"', "\\", "n", "t"]);

function checkEscapes(source: SourceText, token: IToken, diagnostics: Diagnostic[]): void {
  const image = token.image;
  for (let i = 1; i < image.length - 1; i++) {
    if (image[i] !== "\\") continue;
    const next = image[i + 1]!;
    if (!VALID_ESCAPES.has(next)) {
      const start = token.startOffset + i;
      diagnostics.push(
        createDiagnostic(Diagnostics.InvalidEscape, source.span(start, start + 2), [next], {
          help: 'the escapes are \\" \\\\ \\n and \\t; write \\\\ for a backslash',
        }),
      );
    }
    i++;
  }
}

function checkRange(source: SourceText, token: IToken, diagnostics: Diagnostic[]): void {
  const isInteger = isIntegerLiteral(token.image);
  const problem = numberRangeProblem(Number(token.image), isInteger);
  if (problem === undefined) return;
  diagnostics.push(
    createDiagnostic(
      Diagnostics.NumberOutOfRange,
      tokenSpan(source, token),
      [token.image, problem],
      {
        help: isInteger
          ? "no size or count in a network comes near this; check the number of digits"
          : "write a smaller number; no setting of a network comes near this",
      },
    ),
  );
}

/** Decode the text of a string literal token (quotes removed, escapes applied). */
export function stringValue(image: string): string {
  let out = "";
  for (let i = 1; i < image.length; i++) {
    const ch = image[i]!;
    if (ch === '"') break;
    if (ch === "\\" && i + 1 < image.length) {
      const next = image[++i]!;
      out += next === "n" ? "\n" : next === "t" ? "\t" : next;
    } else {
      out += ch;
    }
  }
  return out;
}

const OPENERS = new Set<TokenType>([T.LParen, T.LBracket, T.LBrace]);
const CLOSERS = new Map<TokenType, TokenType>([
  [T.RParen, T.LParen],
  [T.RBracket, T.LBracket],
  [T.RBrace, T.LBrace],
]);

/** Indentation (in columns) of the line containing `offset`. */
function indentationAt(source: SourceText, offset: number): number {
  const { line } = source.position(offset);
  const text = source.lineText(line);
  return text.length - text.trimStart().length;
}

/**
 * Keep only the newlines that separate statements. An unclosed `(` or `[` would
 * otherwise swallow every later line break and turn one mistake into dozens, so a
 * line break inside one is taken as a separator again (and the bracket as unclosed)
 * when the next line is indented no deeper than the line that opened it and does not
 * start with a closing bracket, or when a brace appears inside it.
 */
export function layoutNewlines(source: SourceText, tokens: IToken[]): IToken[] {
  const out: IToken[] = [];
  const open: IToken[] = [];
  const lastOut = (): IToken | undefined => out[out.length - 1];

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const type = token.tokenType;
    if (type === T.Newline) {
      const next = nextSignificant(tokens, i + 1);
      const top = open[open.length - 1];
      if (top && top.tokenType !== T.LBrace) {
        const nextIsCloser = next !== undefined && CLOSERS.has(next.tokenType);
        const dedented =
          next !== undefined &&
          indentationAt(source, next.startOffset) <= indentationAt(source, top.startOffset);
        if (next === undefined || nextIsCloser || !dedented) continue;
        // the bracket is unclosed: forget it (and any unclosed bracket above the innermost brace)
        while (open.length > 0 && open[open.length - 1]!.tokenType !== T.LBrace) open.pop();
      }
      const prev = lastOut();
      if (prev === undefined) continue; // start of file
      if (prev.tokenType === T.Newline || prev.tokenType === T.LBrace || prev.tokenType === T.Arrow)
        continue;
      if (next === undefined) continue; // end of file
      if (
        next.tokenType === T.RBrace ||
        next.tokenType === T.Arrow ||
        next.tokenType === T.Shortcut
      )
        continue;
      out.push(token);
      continue;
    }
    if (OPENERS.has(type)) {
      if (type === T.LBrace)
        while (open.length > 0 && open[open.length - 1]!.tokenType !== T.LBrace) open.pop();
      open.push(token);
    } else if (CLOSERS.has(type)) {
      const wanted = CLOSERS.get(type)!;
      if (type === T.RBrace)
        while (open.length > 0 && open[open.length - 1]!.tokenType !== T.LBrace) open.pop();
      if (open.length > 0 && open[open.length - 1]!.tokenType === wanted) open.pop();
    }
    out.push(token);
  }
  return out;
}

function nextSignificant(tokens: IToken[], from: number): IToken | undefined {
  for (let j = from; j < tokens.length; j++) {
    if (tokens[j]!.tokenType !== T.Newline) return tokens[j];
  }
  return undefined;
}

/** Drop everything nested deeper than MAX_NESTING_DEPTH, with one diagnostic per region. */
function capNesting(source: SourceText, tokens: IToken[], diagnostics: Diagnostic[]): IToken[] {
  let depth = 0;
  let deepest = 0;
  for (const t of tokens) {
    if (OPENERS.has(t.tokenType)) deepest = Math.max(deepest, ++depth);
    else if (CLOSERS.has(t.tokenType)) depth = Math.max(0, depth - 1);
  }
  if (deepest <= MAX_NESTING_DEPTH) return tokens;

  const out: IToken[] = [];
  depth = 0;
  let reported = false;
  for (const t of tokens) {
    const opens = OPENERS.has(t.tokenType);
    const closes = CLOSERS.has(t.tokenType);
    if (opens) depth++;
    if (depth > MAX_NESTING_DEPTH) {
      if (!reported && opens) {
        diagnostics.push(
          createDiagnostic(Diagnostics.NestingTooDeep, tokenSpan(source, t), [MAX_NESTING_DEPTH], {
            help: "split the expression or the block into smaller named parts",
          }),
        );
        reported = true;
      }
    } else {
      out.push(t);
      if (depth <= MAX_NESTING_DEPTH - 1) reported = false;
    }
    if (closes) depth = Math.max(0, depth - 1);
  }
  return out;
}
