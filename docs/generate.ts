// Writes docs/diagnostics.md from src/diagnostics/messages.ts: `npm run docs`.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { diagnosticsMarkdown } from "../src/diagnostics/diagnostics-table.js";

writeFileSync(fileURLToPath(new URL("diagnostics.md", import.meta.url)), diagnosticsMarkdown());
console.log("wrote docs/diagnostics.md");
