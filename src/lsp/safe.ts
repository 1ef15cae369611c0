import { ErrorCodes, ResponseError } from "vscode-languageserver/node";
import { describe } from "./workspace.js";

/**
 * Every request handler runs through `guard`: malformed parameters are answered with
 * InvalidParams, an exception inside a feature is logged and answered with
 * InternalError, and the server goes on serving. A bug in hover must never cost the
 * user their diagnostics.
 */
export function guard<P, R>(
  method: string,
  log: (message: string) => void,
  handler: (params: P) => R,
): (params: P) => R | ResponseError<void> {
  return (params: P) => {
    if (!hasDocumentUri(params)) {
      return new ResponseError<void>(
        ErrorCodes.InvalidParams,
        `${method}: params.textDocument.uri must be a string`,
      );
    }
    try {
      return handler(params);
    } catch (error) {
      log(`netc lsp: ${method} failed: ${describe(error)}`);
      return new ResponseError<void>(
        ErrorCodes.InternalError,
        `${method} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
}

function hasDocumentUri(params: unknown): boolean {
  if (typeof params !== "object" || params === null) return false;
  const document = (params as { textDocument?: unknown }).textDocument;
  return (
    typeof document === "object" &&
    document !== null &&
    typeof (document as { uri?: unknown }).uri === "string"
  );
}

/** For notifications: log and swallow, there is nobody to answer. */
export function guardNotification<P>(
  method: string,
  log: (message: string) => void,
  handler: (params: P) => void,
): (params: P) => void {
  return (params: P) => {
    try {
      handler(params);
    } catch (error) {
      log(`netc lsp: ${method} failed: ${describe(error)}`);
    }
  };
}
