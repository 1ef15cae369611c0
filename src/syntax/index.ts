/** The syntax layer's public API: parse a .net file into an AST, format a .net file. */
export type * from "./ast.js";
export { parseSource, MAX_SYNTAX_ERRORS, type ParseResult } from "./parse.js";
export { formatSource, type FormatResult } from "./format.js";
export { MAX_NESTING_DEPTH } from "./lexer.js";
