/** The .net source text behind generated code, for the comments that quote it. */

export interface SourceLookup {
  /** The text of a source file by the path its spans carry, if known. */
  text(file: string): string | undefined;
}

/** The source options every backend takes. */
export interface SourceOptions {
  /** The entry .net file (comments print its base name only). */
  sourcePath: string;
  /** The entry file's text, or every file's text by path (imports). Without it comments give file:line only. */
  sourceText?: string | ReadonlyMap<string, string>;
}

/** The lookup of a backend's options: the entry file's text by its path, or any file's from the map. */
export function sourceLookup(options: SourceOptions): SourceLookup {
  const { sourceText, sourcePath } = options;
  return {
    text(file: string) {
      if (sourceText === undefined) return undefined;
      if (typeof sourceText === "string") return file === sourcePath ? sourceText : undefined;
      return sourceText.get(file);
    },
  };
}
