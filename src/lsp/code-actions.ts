import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic as LspDiagnostic,
  type Range,
} from "vscode-languageserver/node";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import {
  fixToData,
  rangesOverlap,
  spanToRange,
  type FixData,
  type NetcDiagnosticData,
} from "./convert.js";
import type { DocumentPaths } from "./paths.js";

/**
 * Quick fixes from the diagnostics' own fixes (insert `flatten`, change a pad, add a
 * projection shortcut): the fix travels in the LSP diagnostic's `data`; for clients
 * that drop `data`, the fixes of the current analysis in the range are offered too.
 */
export function codeActions(
  range: Range,
  contextDiagnostics: readonly LspDiagnostic[],
  current: readonly Diagnostic[],
  path: string,
  paths: DocumentPaths,
): CodeAction[] {
  const actions: CodeAction[] = [];
  const seen = new Set<string>();
  const add = (fix: FixData, diagnostic: LspDiagnostic | undefined) => {
    const key = JSON.stringify(fix);
    if (seen.has(key)) return;
    seen.add(key);
    const changes: Record<string, { range: Range; newText: string }[]> = {};
    for (const edit of fix.edits)
      (changes[edit.uri] ??= []).push({ range: edit.range, newText: edit.newText });
    const action: CodeAction = {
      title: fix.description,
      kind: CodeActionKind.QuickFix,
      edit: { changes },
    };
    if (diagnostic !== undefined) {
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
    }
    actions.push(action);
  };
  for (const diagnostic of contextDiagnostics) {
    const fix = (diagnostic.data as NetcDiagnosticData | undefined)?.fix;
    if (fix !== undefined && Array.isArray(fix.edits)) add(fix, diagnostic);
  }
  for (const diagnostic of current) {
    if (diagnostic.fix === undefined || diagnostic.span.file !== path) continue;
    if (!rangesOverlap(range, spanToRange(diagnostic.span))) continue;
    add(fixToData(diagnostic.fix, paths), undefined);
  }
  return actions;
}
