import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * The checker speaks file paths; the protocol speaks URIs. `file:` URIs map to their
 * file system path; any other scheme (`untitled:`, a virtual file system) keeps its
 * URI as its "path", so it can still be checked, and imports from it resolve to
 * nothing readable rather than to a wrong file.
 */
export class DocumentPaths {
  private readonly uriByPath = new Map<string, string>();

  pathOf(uri: string): string {
    let path = uri;
    if (uri.startsWith("file:")) {
      try {
        path = fileURLToPath(uri);
      } catch {
        path = uri;
      }
    }
    this.uriByPath.set(path, uri);
    return path;
  }

  uriOf(path: string): string {
    const known = this.uriByPath.get(path);
    if (known !== undefined) return known;
    if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(path) && !/^[A-Za-z]:[\\/]/.test(path)) return path;
    return pathToFileURL(path).href;
  }
}
