import { createToken, Lexer, type TokenType } from "./chevrotain.js";

/**
 * The token vocabulary of the .net language. Each token carries a LABEL, the plain-word
 * name used in diagnostics ("expected ')', found newline").
 */

export const Identifier = createToken({
  name: "Identifier",
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  label: "a name",
});

function keyword(word: string): TokenType {
  const name = "Kw" + word[0]!.toUpperCase() + word.slice(1);
  return createToken({
    name,
    pattern: new RegExp(word),
    longer_alt: Identifier,
    label: `'${word}'`,
  });
}

export const Model = keyword("model");
export const Block = keyword("block");
export const Train = keyword("train");
export const Import = keyword("import");
export const Input = keyword("input");
export const Let = keyword("let");
export const Option = keyword("option");
export const Residual = keyword("residual");
export const Shortcut = keyword("shortcut");
export const If = keyword("if");
export const Else = keyword("else");
export const And = keyword("and");
export const Or = keyword("or");
export const Not = keyword("not");
export const True = keyword("true");
export const False = keyword("false");
// `in` must come after `input` in the token list only for readability: longer_alt
// already makes `input`/`inner` lex as one word.
export const In = keyword("in");

/** A malformed number (`1.2.3`, `64.`, `2x`, `1e`): reported as NET0105, parsed as a number. */
export const BadNumber = createToken({
  name: "BadNumber",
  pattern: /\d[A-Za-z0-9_.]*/,
  label: "a number",
});
export const NumberLiteral = createToken({
  name: "NumberLiteral",
  pattern: /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/,
  longer_alt: BadNumber,
  label: "a number",
});
export const StringLiteral = createToken({
  name: "StringLiteral",
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/,
  label: "a string",
});
/** A string with no closing quote on its line: reported as NET0103, parsed as a string. */
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*\\?/,
  label: "a string",
});

export const Arrow = createToken({ name: "Arrow", pattern: /->/, label: "'->'" });
export const EqEq = createToken({ name: "EqEq", pattern: /==/, label: "'=='" });
export const NotEq = createToken({ name: "NotEq", pattern: /!=/, label: "'!='" });
export const LessEq = createToken({ name: "LessEq", pattern: /<=/, label: "'<='" });
export const GreaterEq = createToken({ name: "GreaterEq", pattern: /\>=/, label: "'>='" });
export const Less = createToken({ name: "Less", pattern: /</, label: "'<'" });
export const Greater = createToken({ name: "Greater", pattern: />/, label: "'>'" });
export const Equals = createToken({ name: "Equals", pattern: /=/, label: "'='" });
export const Plus = createToken({ name: "Plus", pattern: /\+/, label: "'+'" });
export const Minus = createToken({ name: "Minus", pattern: /-/, label: "'-'" });
export const Star = createToken({ name: "Star", pattern: /\*/, label: "'*'" });
export const SlashSlash = createToken({ name: "SlashSlash", pattern: /\/\//, label: "'//'" });
export const Slash = createToken({ name: "Slash", pattern: /\//, label: "'/'" });
export const Percent = createToken({ name: "Percent", pattern: /%/, label: "'%'" });
export const Colon = createToken({ name: "Colon", pattern: /:/, label: "':'" });
export const Comma = createToken({ name: "Comma", pattern: /,/, label: "','" });
export const Dot = createToken({ name: "Dot", pattern: /\./, label: "'.'" });
export const LParen = createToken({ name: "LParen", pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: "RParen", pattern: /\)/, label: "')'" });
export const LBracket = createToken({ name: "LBracket", pattern: /\[/, label: "'['" });
export const RBracket = createToken({ name: "RBracket", pattern: /]/, label: "']'" });
export const LBrace = createToken({ name: "LBrace", pattern: /{/, label: "'{'" });
export const RBrace = createToken({ name: "RBrace", pattern: /}/, label: "'}'" });

/** A line break: LF, CR LF, or a lone CR (old Mac files), as JavaScript and LSP count them. */
export const Newline = createToken({
  name: "Newline",
  pattern: /\r\n?|\n/,
  line_breaks: true,
  label: "newline",
});
export const Whitespace = createToken({
  name: "Whitespace",
  pattern: /[ \t\f\v]+/,
  group: Lexer.SKIPPED,
});
/** A UTF-8 byte-order mark (what some Windows editors write first) is accepted and ignored at the start. */
export const ByteOrderMark = createToken({
  name: "ByteOrderMark",
  pattern: (text: string, offset: number): [string] | null =>
    offset === 0 && text.charCodeAt(0) === 0xfeff ? ["\ufeff"] : null,
  start_chars_hint: ["\ufeff"],
  line_breaks: false,
  group: Lexer.SKIPPED,
});
export const Comment = createToken({ name: "Comment", pattern: /#[^\r\n]*/, group: "comments" });

export const keywordTokens: TokenType[] = [
  Model,
  Block,
  Train,
  Import,
  Input,
  Let,
  Option,
  Residual,
  Shortcut,
  If,
  Else,
  And,
  Or,
  Not,
  True,
  False,
  In,
];

/** Order matters: Chevrotain takes the first pattern that matches (longer_alt aside). */
export const allTokens: TokenType[] = [
  ByteOrderMark,
  Newline,
  Whitespace,
  Comment,
  ...keywordTokens,
  Identifier,
  NumberLiteral,
  BadNumber,
  StringLiteral,
  UnterminatedString,
  Arrow,
  EqEq,
  NotEq,
  LessEq,
  GreaterEq,
  Less,
  Greater,
  Equals,
  Plus,
  Minus,
  Star,
  SlashSlash,
  Slash,
  Percent,
  Colon,
  Comma,
  Dot,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
];

/** Tokens that the parser sees (the lexer's error-only tokens are rewritten before parsing). */
export const parserTokens: TokenType[] = allTokens.filter(
  (t) =>
    t !== ByteOrderMark &&
    t !== Whitespace &&
    t !== Comment &&
    t !== BadNumber &&
    t !== UnterminatedString,
);
