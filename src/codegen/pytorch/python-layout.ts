/**
 * Lays out generated Python the way black does (88 columns), so a generated file passes
 * `black --check` unchanged: a statement that ends in a bracketed list — a call, a list,
 * a tuple — stays on one line when it fits; otherwise its contents go on one indented
 * line between the brackets; otherwise one item per line with a trailing comma, each item
 * laid out the same way. The generator writes every long statement through `bracketed`.
 */

export const LINE_LENGTH = 88;

/** A piece of an expression: plain text, or a bracketed, comma-separated list. */
export type PyPart = string | PyBracket;

export interface PyBracket {
  /** Text before the opening bracket on the same line, e.g. `x = nn.Conv2d`. */
  head: string;
  open: "(" | "[" | "{";
  items: readonly PyPart[];
  /** Text after the closing bracket, e.g. `)` of an enclosing call is not here: only a suffix such as `.view(-1)`. */
  tail?: string;
  /** A one-item tuple needs its comma even on one line. */
  singleTuple?: boolean;
}

const closing = { "(": ")", "[": "]", "{": "}" } as const;

/** A call `head(items…)` or a literal list as a bracketed part. */
export function call(head: string, items: readonly PyPart[], tail = ""): PyBracket {
  return { head, open: "(", items, tail };
}

export function list(items: readonly PyPart[], head = ""): PyBracket {
  return { head, open: "[", items };
}

export function tuple(items: readonly PyPart[], head = ""): PyBracket {
  return { head, open: "(", items, singleTuple: items.length === 1 };
}

/** The part on one line. */
export function flat(part: PyPart): string {
  if (typeof part === "string") return part;
  const inner = part.items.map(flat).join(", ");
  const comma = part.singleTuple === true ? "," : "";
  return `${part.head}${part.open}${inner}${comma}${closing[part.open]}${part.tail ?? ""}`;
}

/**
 * The lines of `part` at `indent` spaces, with `suffix` after it (a trailing comma when
 * it is an item of an exploded list).
 */
export function layout(part: PyPart, indent: number, suffix = ""): string[] {
  const pad = " ".repeat(indent);
  const oneLine = `${pad}${flat(part)}${suffix}`;
  if (typeof part === "string" || oneLine.length <= LINE_LENGTH || part.items.length === 0)
    return [oneLine];
  const close = `${pad}${closing[part.open]}${part.tail ?? ""}${suffix}`;
  const body = part.items.map(flat).join(", ") + (part.singleTuple === true ? "," : "");
  const inner = " ".repeat(indent + 4);
  if (inner.length + body.length <= LINE_LENGTH && part.singleTuple !== true)
    return [`${pad}${part.head}${part.open}`, `${inner}${body}`, close];
  return [
    `${pad}${part.head}${part.open}`,
    ...part.items.flatMap((item) => layout(item, indent + 4, ",")),
    close,
  ];
}

/** `layout` joined into text (no final newline). */
export function statement(part: PyPart, indent: number): string {
  return layout(part, indent).join("\n");
}

/** Indents every non-empty line of a block by `spaces`. */
export function indentBlock(text: string, spaces: number): string {
  const pad = " ".repeat(spaces);
  return text
    .split("\n")
    .map((line) => (line === "" ? line : pad + line))
    .join("\n");
}

/**
 * The statement laid out for a final indentation of `indent` spaces but returned without
 * it, for code that a template indents afterwards.
 */
export function statementAt(part: PyPart, indent: number): string {
  return layout(part, indent)
    .map((line) => line.slice(indent))
    .join("\n");
}
