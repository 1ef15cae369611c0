import type { IToken, TokenType } from "./chevrotain.js";
import { createDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { Diagnostics } from "../diagnostics/messages.js";
import type { SourceText } from "../diagnostics/span.js";
import { tokenSpan } from "./lexer.js";
import * as T from "./tokens.js";

/**
 * Brackets that are never closed (NET0104). The parser alone can only say "expected
 * '}', found end of file" at the end of the file, far from the mistake; this pass
 * finds the bracket itself, so the diagnostic points at it and says where the closing
 * bracket probably belongs. The parse errors that are only echoes of the same problem
 * (at the end of the file, or at the next declaration) are dropped by parse.ts.
 *
 * It works on the laid-out tokens (lexer.ts) and mirrors the layout's rules: a `(` or
 * `[` that the layout already gave up on (a line break that is a separator again, or a
 * brace inside it) is the parser's to report, not this pass's.
 */

export interface UnclosedBracket {
  opener: IToken;
  /** The last token that belongs inside the bracket: the closing bracket goes after it. */
  closeAfter: IToken;
  /**
   * The token before which the bracket's contents probably ended, if not the end of the
   * file: a later declaration (the parser's error there is an echo of this one), or a
   * line indented no deeper than the line of the `{`.
   */
  boundary?: { token: IToken; declaration: boolean };
}

const CLOSER_OF = new Map<TokenType, string>([
  [T.LParen, ")"],
  [T.LBracket, "]"],
  [T.LBrace, "}"],
]);
const OPENER_OF = new Map<TokenType, TokenType>([
  [T.RParen, T.LParen],
  [T.RBracket, T.LBracket],
  [T.RBrace, T.LBrace],
]);
const DECLARATION_KEYWORDS = new Set<TokenType>([T.Model, T.Block, T.Train, T.Import]);

export function findUnclosedBrackets(
  source: SourceText,
  tokens: readonly IToken[],
): UnclosedBracket[] {
  const open: IToken[] = [];
  const unclosed: IToken[] = [];
  const popNonBraces = (): void => {
    while (open.length > 0 && open[open.length - 1]!.tokenType !== T.LBrace) open.pop();
  };

  for (const token of tokens) {
    const type = token.tokenType;
    if (type === T.Newline) {
      // a separator inside ( or [ means the layout gave up on them (reported by the parser)
      if (open.length > 0 && open[open.length - 1]!.tokenType !== T.LBrace) popNonBraces();
    } else if (type === T.LBrace) {
      popNonBraces();
      open.push(token);
    } else if (CLOSER_OF.has(type)) {
      open.push(token);
    } else if (type === T.RBrace) {
      popNonBraces();
      closeBrace(source, token, open, unclosed);
    } else if (OPENER_OF.has(type)) {
      if (open.length > 0 && open[open.length - 1]!.tokenType === OPENER_OF.get(type)) open.pop();
    }
  }
  unclosed.push(...open);
  unclosed.sort((a, b) => a.startOffset - b.startOffset);
  return unclosed.map((opener) => locateEnd(source, tokens, opener));
}

/**
 * A `}` closes the innermost open `{`, unless the indentation says otherwise: a `}`
 * indented less than the innermost `{`'s line but exactly as much as an outer one's
 * closes the outer one, and the braces in between are the unclosed ones.
 */
function closeBrace(source: SourceText, closer: IToken, open: IToken[], unclosed: IToken[]): void {
  if (open.length === 0) return;
  const closerIndent = indentation(source, closer);
  const top = open[open.length - 1]!;
  if (closerIndent < indentation(source, top)) {
    for (let i = open.length - 2; i >= 0; i--) {
      if (indentation(source, open[i]!) === closerIndent) {
        unclosed.push(...open.splice(i + 1));
        break;
      }
    }
  }
  open.pop();
}

/** Where the bracket's contents probably end, so the help can say where to close it. */
function locateEnd(source: SourceText, tokens: readonly IToken[], opener: IToken): UnclosedBracket {
  const start = tokens.indexOf(opener);
  const significant = (t: IToken): boolean => t.tokenType !== T.Newline;
  let boundaryIndex = -1;
  let declaration = false;
  if (opener.tokenType === T.LBrace) {
    const openerIndent = indentation(source, opener);
    let bodyIndented: boolean | undefined;
    for (let i = start + 1; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (!significant(t) || !startsLine(tokens, i)) continue;
      const indent = indentation(source, t);
      bodyIndented ??= indent > openerIndent;
      declaration = DECLARATION_KEYWORDS.has(t.tokenType);
      if (declaration || (bodyIndented && indent <= openerIndent)) {
        boundaryIndex = i;
        break;
      }
    }
  }
  const end = boundaryIndex < 0 ? tokens.length : boundaryIndex;
  let closeAfter = opener;
  for (let i = end - 1; i > start; i--) {
    if (significant(tokens[i]!)) {
      closeAfter = tokens[i]!;
      break;
    }
  }
  return boundaryIndex < 0
    ? { opener, closeAfter }
    : { opener, closeAfter, boundary: { token: tokens[boundaryIndex]!, declaration } };
}

function startsLine(tokens: readonly IToken[], index: number): boolean {
  const prev = tokens[index - 1];
  return prev === undefined || prev.endLine! < tokens[index]!.startLine!;
}

/** The file's own line break (LF, CR LF or CR), for text a fix inserts. */
function lineBreakOf(source: SourceText): string {
  return /\r\n|\r|\n/.exec(source.text)?.[0] ?? "\n";
}

function indentation(source: SourceText, token: IToken): number {
  const text = source.lineText(token.startLine!);
  return text.length - text.trimStart().length;
}

export function unclosedBracketDiagnostic(
  source: SourceText,
  bracket: UnclosedBracket,
): Diagnostic {
  const { opener, closeAfter, boundary } = bracket;
  const closer = CLOSER_OF.get(opener.tokenType)!;
  const line = closeAfter.endLine!;
  const endOfFile = source.span(source.text.length, source.text.length);
  const labels = !boundary
    ? [{ span: endOfFile, message: "the file ends here" }]
    : boundary.declaration
      ? [
          {
            span: tokenSpan(source, boundary.token),
            message: `the next declaration starts here, still inside the '${opener.image}'`,
          },
        ]
      : [
          {
            span: tokenSpan(source, boundary.token),
            message: `this line is indented like the '${opener.image}', so the block probably ends before it`,
          },
        ];
  // a brace goes on a line of its own, indented like the line that opened it
  const insertion =
    closer === "}"
      ? {
          at: source.lineStarts[line - 1]! + source.lineText(line).length,
          text: `${lineBreakOf(source)}${" ".repeat(indentation(source, opener))}}`,
        }
      : { at: closeAfter.endOffset! + 1, text: closer };
  return createDiagnostic(
    Diagnostics.MissingClosingBrace,
    tokenSpan(source, opener),
    [opener.image],
    {
      labels,
      help: `add '${closer}' after line ${line}`,
      fix: {
        description: `insert '${closer}'`,
        edits: [{ span: source.span(insertion.at, insertion.at), newText: insertion.text }],
      },
    },
  );
}
