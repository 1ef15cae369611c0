import type { IParserErrorMessageProvider, IToken, TokenType } from "chevrotain";
import { tokenLabel } from "./chevrotain.js";

/**
 * Chevrotain error messages in plain words. Each message is only the "expected …"
 * part; the diagnostic adds "found …" from the offending token (cst-to-ast.ts), so
 * the result reads "expected ')', found newline".
 */

const EXPRESSION_RULES = new Set([
  "expression",
  "orExpression",
  "andExpression",
  "notExpression",
  "comparison",
  "additive",
  "multiplicative",
  "unary",
  "postfix",
  "primary",
]);

export function describeTokenType(type: TokenType): string {
  if (type.name === "EOF") return "end of file";
  return tokenLabel(type);
}

export function describeToken(token: IToken): string {
  const type = token.tokenType;
  if (type.name === "EOF") return "end of file";
  if (type.name === "Identifier") return `'${token.image}'`;
  if (type.name === "NumberLiteral") return `the number ${token.image}`;
  if (type.name === "StringLiteral") return "a string";
  return tokenLabel(type);
}

/** "a, b or c" */
export function listInWords(items: readonly string[]): string {
  const unique = [...new Set(items)];
  if (unique.length <= 1) return unique[0] ?? "something else";
  return `${unique.slice(0, -1).join(", ")} or ${unique[unique.length - 1]}`;
}

function describeAlternatives(paths: TokenType[][], ruleName: string): string {
  if (EXPRESSION_RULES.has(ruleName)) return "an expression";
  if (ruleName === "statement")
    return "a statement (a layer, 'input', 'let', 'option' or 'residual')";
  if (ruleName === "declaration") return "'model', 'block', 'train' or 'import'";
  if (ruleName === "chainItem") return "a layer or 'residual'";
  const firsts = paths.filter((p) => p.length > 0).map((p) => describeTokenType(p[0]!));
  return listInWords(firsts);
}

export const parserErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, ruleName }) {
    // after a complete statement the parser expects the body's `}`; say what else fits
    if (expected.name === "RBrace" && (ruleName === "body" || ruleName === "trainDeclaration")) {
      return "a newline or '}'";
    }
    return describeTokenType(expected);
  },
  buildNotAllInputParsedMessage() {
    return "'model', 'block', 'train' or 'import'";
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, ruleName }) {
    return describeAlternatives(expectedPathsPerAlt.flat(), ruleName);
  },
  buildEarlyExitMessage({ expectedIterationPaths, ruleName }) {
    return describeAlternatives(expectedIterationPaths, ruleName);
  },
};
