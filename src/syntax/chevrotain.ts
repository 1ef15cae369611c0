import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * Chevrotain, loaded from the single-file ES module bundle its package ships
 * (lib/chevrotain.mjs) instead of its package entry point. The entry point imports
 * chevrotain's own modules and some 650 lodash-es modules one file at a time, which
 * costs about half a second of start-up in every `netc` command and language-server
 * launch; the bundle, the same code, loads in about 15 ms. It is not listed in the
 * package's "exports", so it is found next to the entry point; if a chevrotain version
 * does not ship it, the entry point is used. Every runtime use of chevrotain in netc
 * goes through this module, so only one copy is ever loaded (token types and parsers
 * from two copies would not match).
 */

type Chevrotain = typeof import("chevrotain");

async function load(): Promise<Chevrotain> {
  try {
    const entry = createRequire(import.meta.url).resolve("chevrotain"); // …/chevrotain/lib/src/api.js
    const bundle = join(dirname(entry), "..", "chevrotain.mjs");
    if (existsSync(bundle)) return (await import(pathToFileURL(bundle).href)) as Chevrotain;
  } catch {
    // fall back to the entry point below
  }
  return import("chevrotain");
}

const chevrotain = await load();

export const { CstParser, EOF, Lexer, createSyntaxDiagramsCode, createToken, tokenLabel } =
  chevrotain;
export type Lexer = import("chevrotain").Lexer;
export type {
  CstElement,
  CstNode,
  IParserErrorMessageProvider,
  IRecognitionException,
  ISerializedGast,
  IToken,
  TokenType,
} from "chevrotain";
