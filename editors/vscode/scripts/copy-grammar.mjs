// Copies the one TextMate grammar of the repository (grammar/netc.tmLanguage.json) into
// the extension at package time, so there is a single source for highlighting.
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const source = fileURLToPath(new URL("../../../grammar/netc.tmLanguage.json", import.meta.url));
const targetDir = fileURLToPath(new URL("../syntaxes/", import.meta.url));
const grammar = JSON.parse(readFileSync(source, "utf8"));
if (grammar.scopeName !== "source.netc") {
  throw new Error(
    `grammar/netc.tmLanguage.json has scopeName ${grammar.scopeName}; package.json expects source.netc`,
  );
}
mkdirSync(targetDir, { recursive: true });
copyFileSync(source, `${targetDir}netc.tmLanguage.json`);
console.log(`copied ${source} → syntaxes/netc.tmLanguage.json`);
