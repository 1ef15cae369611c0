import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { SourceText } from "../diagnostics/span.js";
import type { ModelIR, ProgramIR } from "../ir/ir.js";
import { checkProgram, summarize } from "../semantics/index.js";
import {
  confinedSourceHost,
  isRefusal,
  readSourceFile,
  type SourceRefusal,
} from "../semantics/source-files.js";
import path from "node:path";
import { formatSource } from "../syntax/format.js";

/**
 * The CLI's one seam to the front end. Commands call these three functions and nothing
 * else of syntax/ or semantics/, so a change in those contracts is absorbed here.
 */

export interface CheckedProgram {
  program: ProgramIR;
  diagnostics: readonly Diagnostic[];
  /** Every file the check read (the entry file and its imports), for rendering source lines. */
  sources: ReadonlyMap<string, SourceText>;
}

/**
 * Parse, resolve and shape-check `file` and everything it imports, every read confined to
 * the project root: `root`, or the file's folder (semantics/source-files.ts).
 */
export function checkFile(file: string, root?: string): CheckedProgram {
  const result = checkProgram(file, confinedSourceHost(root ?? path.dirname(file)));
  return { program: result.program, diagnostics: result.diagnostics, sources: result.sources };
}

/** checkFile with the file system replaced: `readFile` gives each file's text (undefined: unreadable; or why it was refused). */
export function checkWithHost(
  file: string,
  readFile: (path: string) => string | undefined | SourceRefusal,
): CheckedProgram {
  const result = checkProgram(file, { readFile });
  return { program: result.program, diagnostics: result.diagnostics, sources: result.sources };
}

/** The front end's host contract: the text of a file, or undefined when it cannot be read (or is no regular file of at most 1 MiB). */
export function readIfPossible(file: string): string | undefined {
  const text = readSourceFile(file);
  return isRefusal(text) ? undefined : text;
}

export interface LayerSummary {
  name: string;
  kind: string;
  outputShape: readonly number[];
  params: number;
  macs: number;
  connections: number;
  trainable: boolean;
  /** The initializer of each parameter tensor ("weight: he_normal, bias: zeros"); absent for parameterless layers. */
  init?: string;
}

export interface ModelSummary {
  model: string;
  layers: readonly LayerSummary[];
  totals: { params: number; trainableParams: number; macs: number; connections: number };
}

export function summarizeModel(model: ModelIR): ModelSummary {
  const summary = summarize(model);
  return {
    model: model.name,
    layers: summary.layers.map((layer) => ({
      name: layer.name,
      kind: layer.kind,
      outputShape: layer.outputShape,
      params: layer.params,
      macs: layer.macs,
      connections: layer.connections,
      trainable: layer.trainable,
      ...(layer.init !== undefined ? { init: layer.init } : {}),
    })),
    totals: {
      params: summary.totals.params,
      trainableParams: summary.totals.trainableParams,
      macs: summary.totals.macs,
      connections: summary.totals.connections,
    },
  };
}

export interface Formatted {
  /** The canonical text; meaningful only when `diagnostics` has no errors. */
  text: string;
  diagnostics: readonly Diagnostic[];
  /** The original text, to render the diagnostics against. */
  source: SourceText;
}

export function formatFile(file: string, text: string): Formatted {
  const result = formatSource(file, text);
  return { text: result.text, diagnostics: result.diagnostics, source: new SourceText(file, text) };
}
