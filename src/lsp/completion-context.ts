import { identifierEndingAt, skipSpaceBackward } from "./text-scan.js";

/**
 * Where the cursor is, decided from the text before it (the tree of a half-typed file
 * is unreliable exactly where the user is typing): which top-level section encloses it,
 * which call's parentheses (if any), and whether an argument name or a value is due.
 */

export type Section = "top" | "model" | "block" | "train";

export interface CompletionContext {
  section: Section;
  /** The identifier being typed (possibly empty). */
  prefix: string;
  /** The callee of the innermost open `(`, when inside one. */
  callee?: string;
  /** Inside a call, true when an argument name may be typed here (after `(` or `,`). */
  argumentName: boolean;
  /** In a train section: the key of the setting whose value is being typed (`loss` in `loss = cr|`). */
  trainKey?: string;
  /** At the start of a statement or setting (only whitespace before the prefix on its line, outside parens). */
  statementStart: boolean;
  /** Directly after `->`. */
  afterArrow: boolean;
}

export function completionContext(text: string, offset: number): CompletionContext {
  const before = text.slice(0, offset);
  const prefix = identifierEndingAt(before);
  const head = before.slice(0, before.length - prefix.length);

  // One pass that skips comments and strings, tracking open brackets.
  const open: { char: string; at: number }[] = [];
  let openBraces = 0;
  let topHeaderStart = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head[i]!;
    if (c === "#") {
      const newline = head.indexOf("\n", i);
      if (newline < 0)
        return {
          section: "top",
          prefix,
          argumentName: false,
          statementStart: false,
          afterArrow: false,
        };
      i = newline;
    } else if (c === '"') {
      let j = i + 1;
      while (j < head.length && head[j] !== '"' && head[j] !== "\n") j += head[j] === "\\" ? 2 : 1;
      i = j;
    } else if (c === "(" || c === "[" || c === "{") {
      if (c === "{" && openBraces === 0) open.push({ char: c, at: topHeaderStart });
      else open.push({ char: c, at: i });
      if (c === "{") openBraces++;
    } else if (c === ")" || c === "]" || c === "}") {
      const match = c === ")" ? "(" : c === "]" ? "[" : "{";
      let index = open.length - 1;
      while (index >= 0 && open[index]!.char !== match) index--;
      if (index >= 0) {
        for (let k = index; k < open.length; k++) if (open[k]!.char === "{") openBraces--;
        open.length = index;
      }
    } else if (c === "\n" && open.length === 0) {
      topHeaderStart = i + 1;
    }
  }

  const topBrace = open.find((o) => o.char === "{");
  let section: Section = "top";
  if (topBrace !== undefined) {
    const header = /^\s*(model|block|train)\b/.exec(head.slice(topBrace.at));
    section = (header?.[1] as Section | undefined) ?? "top";
  }

  const innermost = open[open.length - 1];
  const context: CompletionContext = {
    section,
    prefix,
    argumentName: false,
    statementStart: false,
    afterArrow: false,
  };
  const paren = [...open].reverse().find((o) => o.char === "(");
  if (paren !== undefined && open.indexOf(paren) > open.findIndex((o) => o.char === "{")) {
    const callee = identifierEndingAt(head, skipSpaceBackward(head, paren.at));
    if (callee !== "") context.callee = callee;
    // An argument name is due right after `(` or a `,` of this call, not inside a nested list.
    const args = stripNested(head.slice(paren.at + 1));
    const argsEnd = skipSpaceBackward(args);
    context.argumentName = innermost === paren && (argsEnd === 0 || args[argsEnd - 1] === ",");
  }
  const lineStart = head.lastIndexOf("\n") + 1;
  const line = head.slice(lineStart);
  if (innermost === undefined || innermost.char === "{") {
    context.statementStart = /^\s*$/.test(line);
    context.afterArrow = head.slice(0, skipSpaceBackward(head)).endsWith("->");
  }
  if (section === "train") {
    const setting = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line);
    if (setting !== undefined && setting !== null) context.trainKey = setting[1]!;
  }
  return context;
}

/** The text with the contents of nested brackets removed, so commas inside `[1, 2]` do not count. */
function stripNested(text: string): string {
  let depth = 0;
  const out: string[] = [];
  for (const c of text) {
    if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth = Math.max(0, depth - 1);
    else if (depth === 0) out.push(c);
  }
  return out.join("");
}
