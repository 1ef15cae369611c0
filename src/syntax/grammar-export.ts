import { createSyntaxDiagramsCode, type ISerializedGast } from "./chevrotain.js";
import { getParser } from "./parser.js";

/**
 * The language reference generated from the parser itself (grammar/netc.ebnf and
 * grammar/diagrams.html), so the documentation cannot drift from what is parsed.
 * `npm run grammar` writes the files; test/syntax/grammar-sync.test.ts checks them.
 */

/** Token classes shown by name; every other terminal is shown as its literal text. */
const TERMINAL_NAMES: Record<string, string> = {
  Identifier: "NAME",
  NumberLiteral: "NUMBER",
  StringLiteral: "STRING",
  Newline: "NEWLINE",
};

function terminal(node: ISerializedGast & { name?: string; label?: string }): string {
  const name = node.name ?? "?";
  if (TERMINAL_NAMES[name]) return TERMINAL_NAMES[name]!;
  const label = node.label ?? name;
  return label.startsWith("'") ? label : `'${label}'`;
}

function sequence(items: readonly ISerializedGast[]): string {
  return items.map(element).join(" ");
}

function element(node: ISerializedGast): string {
  const n = node as ISerializedGast & {
    name?: string;
    label?: string;
    definition?: ISerializedGast[];
    separator?: ISerializedGast;
  };
  const inner = (): string => sequence(n.definition ?? []);
  switch (node.type) {
    case "NonTerminal":
      return n.name!;
    case "Terminal":
      return terminal(n);
    case "Alternation":
      return `( ${(n.definition ?? []).map((alt) => sequence((alt as { definition: ISerializedGast[] }).definition)).join(" | ")} )`;
    case "Alternative":
      return inner();
    case "Option":
      return `[ ${inner()} ]`;
    case "Repetition":
      return `{ ${inner()} }`;
    case "RepetitionMandatory":
      return `${inner()} { ${inner()} }`;
    case "RepetitionWithSeparator":
    case "RepetitionMandatoryWithSeparator": {
      const sep = n.separator ? element(n.separator) : "','";
      const once = `${inner()} { ${sep} ${inner()} }`;
      return node.type === "RepetitionWithSeparator" ? `[ ${once} ]` : once;
    }
    default:
      return `?${node.type}?`;
  }
}

const EBNF_HEADER = `(* The .net grammar, generated from the Chevrotain parser (src/syntax/parser.ts)
   by \`npm run grammar\`. Do not edit: change the parser and regenerate.

   Notation (ISO-style EBNF): [ x ] optional, { x } zero or more, ( a | b ) choice,
   'text' a literal token. NAME, NUMBER, STRING and NEWLINE are the token classes of
   grammar/README.md. NEWLINE is a statement separator: line breaks inside ( ) and [ ],
   next to '{' and '}', before or after '->', before 'shortcut', and repeated ones are
   removed before parsing, so NEWLINE never appears twice in a row here. *)
`;

export function grammarEbnf(): string {
  const rules = getParser().getSerializedGastProductions();
  const width = Math.max(...rules.map((r) => (r as unknown as { name: string }).name.length));
  const body = rules
    .map((rule) => {
      const r = rule as unknown as { name: string; definition: ISerializedGast[] };
      return `${r.name.padEnd(width)} = ${sequence(r.definition)} ;`;
    })
    .join("\n");
  return `${EBNF_HEADER}\n${body}\n`;
}

export function grammarDiagramsHtml(): string {
  return createSyntaxDiagramsCode(getParser().getSerializedGastProductions());
}
