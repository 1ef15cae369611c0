// Writes grammar/netc.ebnf and grammar/diagrams.html from the parser: `npm run grammar`.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { grammarDiagramsHtml, grammarEbnf } from "../src/syntax/grammar-export.js";

const here = (name: string): string => fileURLToPath(new URL(name, import.meta.url));
writeFileSync(here("netc.ebnf"), grammarEbnf());
writeFileSync(here("diagrams.html"), grammarDiagramsHtml());
console.log("wrote grammar/netc.ebnf and grammar/diagrams.html");
