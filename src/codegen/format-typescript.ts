import { format } from "prettier";

/**
 * Shared by every emitter: generated TypeScript is written as text by small template
 * functions, one per part of the model, and formatted here with prettier so it reads like
 * code a person formatted. Formatting is a pure function of its input, so identical IR
 * gives byte-identical output. (The shape-independent half of a model is ordinary,
 * type-checked code in netc's runtime rather than template text.)
 */
export const generatedPrettierOptions = { parser: "typescript", printWidth: 100 } as const;

export async function formatTypeScript(text: string): Promise<string> {
  return format(text, generatedPrettierOptions);
}
