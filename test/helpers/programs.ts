import type { ProgramIR, TrainIR } from "../../src/ir/ir.js";
import { DiagnosticBag } from "../../src/diagnostics/diagnostic.js";
import { checkText } from "../../src/semantics/index.js";
import { checkTrain } from "../../src/semantics/train/check-train.js";
import { parseSource } from "../../src/syntax/index.js";

/** Programs for emitter tests, built by the real checker (never by hand), so every default is the checker's. */

/** The IR of .net text; throws with the messages when it has errors. */
export function checkOk(path: string, text: string): ProgramIR {
  const result = checkText(path, text);
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0)
    throw new Error(`${path}: ${errors.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  return result.program;
}

/**
 * The TrainIR the checker makes of these train-section lines (`loss = mse` …) for
 * `model`: every default filled in, as in any program. The checks of the section against
 * the model (data shape, class count) are left out, so tiny test models of any shape can
 * be trained; the checker's own tests cover those.
 */
export function trainSection(model: string, lines: string): TrainIR {
  const parsed = parseSource("train.net", `train ${model} {\n${lines}\n}\n`);
  const declaration = parsed.file.declarations[0];
  if (declaration?.kind !== "TrainDeclaration") throw new Error(`not a train section: ${lines}`);
  const bag = new DiagnosticBag();
  bag.add(...parsed.diagnostics);
  const train = checkTrain(declaration, undefined, undefined, bag);
  if (train === undefined || bag.items.some((d) => d.severity === "error"))
    throw new Error(`train section: ${bag.items.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  return train;
}

/** The program with `train` as the one train section of its model. */
export function withTrain(program: ProgramIR, train: TrainIR): ProgramIR {
  return { ...program, trains: [train, ...program.trains.filter((t) => t.model !== train.model)] };
}
