import {
  CompletionItemKind,
  InsertTextFormat,
  type CompletionItem,
} from "vscode-languageserver/node";
import type { ParamSpec } from "../layers/shared/definition.js";
import type { SourceFileNode } from "../syntax/ast.js";
import {
  vocabulary,
  layerArguments,
  layerNames,
  paramLine,
  showDefault,
  type VocabularyEntry,
} from "./vocabulary.js";
import { completionContext } from "./completion-context.js";
import { identifierEndingAt, skipSpaceBackward, wordRunStart } from "./text-scan.js";

const bodyKeywords = ["input", "let", "option", "residual", "shortcut"];
const topKeywords = ["model", "block", "train", "import"];

/**
 * Completion items for the cursor at `offset`: argument names (with defaults and a line
 * of documentation) inside a call, layer kinds and block names in a body, train keys
 * and the names each accepts in a train section, declarations at the top level.
 */
export function completionsAt(
  text: string,
  offset: number,
  trees: SourceFileNode[],
): CompletionItem[] {
  const ctx = completionContext(text, offset);
  const c = vocabulary();
  const blocks = declarations(trees, "BlockDeclaration");
  const models = declarations(trees, "ModelDeclaration");

  if (ctx.callee !== undefined) {
    const block =
      ctx.section !== "train" && c.layer(ctx.callee) === undefined
        ? blocks.find((b) => b.name === ctx.callee)
        : undefined;
    if (block !== undefined) {
      if (!ctx.argumentName) return [];
      return block.params.map((name) => ({
        label: name,
        kind: CompletionItemKind.Field,
        detail: `parameter of block ${block.name}`,
        insertText: `${name} = `,
      }));
    }
    const params = calleeParams(ctx.callee, ctx.section);
    if (ctx.argumentName) return params.map(argumentItem);
    const named = argumentNameBefore(text, offset);
    const param = params.find((p) => p.name === named);
    return param !== undefined ? symbolItems(param) : [];
  }

  if (ctx.section === "train") {
    if (ctx.trainKey !== undefined)
      return entryItems(trainValues(ctx.trainKey), CompletionItemKind.Function);
    if (ctx.statementStart) {
      return c.trainKeys.map((key) => ({
        label: key.name,
        kind: CompletionItemKind.Property,
        documentation: key.doc,
        insertText: `${key.name} = `,
      }));
    }
    return [];
  }

  if (ctx.section === "model" || ctx.section === "block") {
    const items: CompletionItem[] = layerNames(c).map(({ name, kind }) => ({
      label: name,
      kind: CompletionItemKind.Function,
      detail: kind.category,
      documentation: {
        kind: "markdown",
        value: `${kind.doc}\n\n${kind.params.map((p) => `- \`${paramLine(p)}\``).join("\n")}`,
      },
    }));
    for (const block of blocks) {
      items.push({
        label: block.name,
        kind: CompletionItemKind.Module,
        detail: `block ${block.name}(${block.params.join(", ")})`,
      });
    }
    if (ctx.statementStart && !ctx.afterArrow) {
      for (const keyword of bodyKeywords)
        items.push({ label: keyword, kind: CompletionItemKind.Keyword });
    }
    return items;
  }

  // Top level.
  if (afterTrainKeyword(text, offset)) {
    return models.map((model) => ({ label: model.name, kind: CompletionItemKind.Class }));
  }
  return topKeywords.map((keyword) => ({ label: keyword, kind: CompletionItemKind.Keyword }));

  function trainValues(key: string): readonly VocabularyEntry[] {
    switch (key) {
      case "loss":
        return c.losses;
      case "optimizer":
        return c.optimizers;
      case "data":
        return c.datasets;
      case "schedule":
        return c.schedules;
      default:
        return [];
    }
  }
}

function argumentItem(param: ParamSpec): CompletionItem {
  return {
    label: param.name,
    kind: CompletionItemKind.Field,
    detail: param.default === undefined ? "required" : `= ${showDefault(param.default)}`,
    documentation: `${paramLine(param)}\n${param.doc}`,
    insertText: `${param.name} = `,
    insertTextFormat: InsertTextFormat.PlainText,
  };
}

function symbolItems(param: ParamSpec): CompletionItem[] {
  const type = param.type;
  const options =
    type.kind === "symbol" || type.kind === "intOrSymbol"
      ? type.options
      : type.kind === "bool"
        ? ["true", "false"]
        : [];
  return options.map((option) => ({
    label: option,
    kind: CompletionItemKind.EnumMember,
    detail: param.name,
  }));
}

function entryItems(
  entries: readonly VocabularyEntry[],
  kind: CompletionItemKind,
): CompletionItem[] {
  return entries.map((entry) => ({
    label: entry.name,
    kind,
    documentation: {
      kind: "markdown",
      value: `${entry.doc}\n\n${entry.params.map((p) => `- \`${paramLine(p)}\``).join("\n")}`,
    },
  }));
}

/** The parameters of whatever is being called: a layer kind, a block, or a train entry. */
function calleeParams(callee: string, section: string): readonly ParamSpec[] {
  const c = vocabulary();
  if (section === "train") {
    for (const list of [c.datasets, c.losses, c.optimizers, c.schedules]) {
      const entry = list.find((e) => e.name === callee);
      if (entry !== undefined) return entry.params;
    }
    return [];
  }
  const kind = c.layer(callee);
  return kind !== undefined ? layerArguments(kind) : [];
}

function declarations(
  trees: SourceFileNode[],
  kind: "BlockDeclaration" | "ModelDeclaration",
): { name: string; params: string[] }[] {
  const found: { name: string; params: string[] }[] = [];
  for (const tree of trees) {
    for (const declaration of tree.declarations) {
      if (declaration.kind === kind && declaration.name?.name !== undefined) {
        found.push({
          name: declaration.name.name,
          params: declaration.params.map((p) => p.name?.name ?? "?"),
        });
      }
    }
  }
  return found;
}

/** `pad` in `conv2d(6, pad = sa|`: the argument whose value is being typed, if any. */
function argumentNameBefore(text: string, offset: number): string | undefined {
  const equals = skipSpaceBackward(text, wordRunStart(text, offset));
  if (equals === 0 || text[equals - 1] !== "=") return undefined;
  const name = identifierEndingAt(text, skipSpaceBackward(text, equals - 1));
  return name === "" ? undefined : name;
}

/** Whether the cursor follows `train ` and a partial model name. */
function afterTrainKeyword(text: string, offset: number): boolean {
  const nameStart = wordRunStart(text, offset);
  const keywordEnd = skipSpaceBackward(text, nameStart);
  if (keywordEnd === nameStart) return false;
  return (
    wordRunStart(text, keywordEnd) === keywordEnd - 5 &&
    text.slice(keywordEnd - 5, keywordEnd) === "train"
  );
}
