import { format } from "prettier";
import { IndentationText, NewLineKind, Project, QuoteKind, type SourceFile } from "ts-morph";

/**
 * Shared by both emitters: build a TypeScript file with ts-morph, then format it with
 * prettier so generated code reads like code a person formatted. Both steps are pure
 * functions of their input, so identical IR gives byte-identical output.
 */
export function createEmitProject(): Project {
  return new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: {
      indentationText: IndentationText.TwoSpaces,
      newLineKind: NewLineKind.LineFeed,
      quoteKind: QuoteKind.Double,
      useTrailingCommas: true,
    },
  });
}

export const generatedPrettierOptions = { parser: "typescript", printWidth: 100 } as const;

export async function formatTypeScript(text: string): Promise<string> {
  return format(text, generatedPrettierOptions);
}

export async function printSourceFile(file: SourceFile): Promise<string> {
  return formatTypeScript(file.getFullText());
}
