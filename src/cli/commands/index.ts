import type { NetcCommand } from "../command.js";
import { checkCommand } from "./check.js";
import { compileCommand } from "./compile.js";
import { explainCommand } from "./explain.js";
import { exportCommand } from "./export.js";
import { fmtCommand } from "./fmt.js";
import { graphCommand } from "./graph.js";
import { lspCommand } from "./lsp.js";
import { summaryCommand } from "./summary.js";
import { trainCommand } from "./train.js";

/** Every subcommand, in the order `netc --help` lists them. Add a command here and in its own file. */
export const commands: readonly NetcCommand[] = [
  checkCommand,
  summaryCommand,
  compileCommand,
  trainCommand,
  exportCommand,
  graphCommand,
  fmtCommand,
  explainCommand,
  lspCommand,
];
