import {
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
} from "vscode-languageserver/node";
import { describe } from "./workspace.js";

/**
 * Every request handler runs through `guard`: malformed parameters are answered with
 * InvalidParams, an exception inside a feature is logged and answered with
 * InternalError, and the server goes on serving. A bug in hover must never cost the
 * user their diagnostics.
 *
 * Every request is cancellable ($/cancelRequest): a request cancelled before it runs is
 * answered RequestCancelled without any work; the handler first lets the event loop turn
 * once, so a cancel sent just after the request is seen; long handlers (inlay hints over a
 * big document) check the token as they go and throw `Cancelled`; and a request cancelled
 * while it ran is answered RequestCancelled rather than with a result nobody waits for.
 */
export function guard<P, R>(
  method: string,
  log: (message: string) => void,
  handler: (params: P, token: CancellationToken) => R | Promise<R>,
): (params: P, token: CancellationToken) => Promise<R | ResponseError<void>> {
  return async (params: P, token: CancellationToken) => {
    if (!hasDocumentUri(params)) {
      return new ResponseError<void>(
        ErrorCodes.InvalidParams,
        `${method}: params.textDocument.uri must be a string`,
      );
    }
    try {
      if (token.isCancellationRequested) throw new Cancelled();
      await nextTurn();
      if (token.isCancellationRequested) throw new Cancelled();
      const result = await handler(params, token);
      if (token.isCancellationRequested) throw new Cancelled();
      return result;
    } catch (error) {
      if (error instanceof Cancelled) {
        return new ResponseError<void>(LSPErrorCodes.RequestCancelled, `${method} cancelled`);
      }
      log(`netc lsp: ${method} failed: ${describe(error)}`);
      return new ResponseError<void>(
        ErrorCodes.InternalError,
        `${method} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
}

/** Thrown by a handler that saw its request cancelled. */
export class Cancelled extends Error {
  override name = "Cancelled";
}

/** One turn of the event loop: input that arrived meanwhile (a $/cancelRequest) is read. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
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
