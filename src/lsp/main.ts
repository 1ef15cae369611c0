// Runs the language server straight from the sources (`node --import tsx src/lsp/main.ts`),
// for working on the server without a build; users run `netc lsp`.
import { runStdioServer } from "./server.js";

await runStdioServer();
