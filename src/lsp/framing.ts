import type { Readable } from "node:stream";
import {
  AbstractMessageReader,
  Disposable,
  ErrorCodes,
  type DataCallback,
  type Message,
} from "vscode-languageserver/node";

/**
 * The reading half of the LSP base protocol (`Content-Length: N\r\n\r\n` + N bytes of
 * JSON), written for a server that must never go deaf. vscode-jsonrpc's own reader waits
 * for ever after `Content-Length: 99999999999` and stops parsing after a header line without
 * a colon, while the process stays up: the editor then waits on a server that reads nothing.
 *
 * This reader resynchronises instead of exiting: it drops bytes up to the next
 * `Content-Length:` header and goes on. Exiting would make the client restart the server,
 * but not every client does (Neovim's built-in client does not), and a restart loses every
 * open document's state; the framing is self-delimiting, so skipping to the next header
 * recovers exactly the messages that were well formed. Each skip is logged.
 *
 * A header is malformed when a line has no colon or a name that is not an HTTP token, when
 * Content-Length is missing, not a decimal number or above `maxContentLength`, or when the
 * header block grows past 8 KB without its blank line. A declared length that is plausible
 * but wrong is malformed too, as soon as the next message's header shows inside the supposed
 * body: `Content-Length: <digits>` followed by CR LF, which valid JSON cannot hold (a string
 * cannot contain a raw line break, and outside strings there are no bare words), so one bad
 * length never swallows the messages after it.
 *
 * A body that is not JSON is answered with a JSON-RPC parse error (-32700), JSON that is
 * not an object with an invalid-request error (-32600), both with a null id as JSON-RPC 2.0
 * says; the reader hands them to `reply` since no request id is known.
 */

export interface FramingOptions {
  /** Sends a JSON-RPC error response with a null id (the writer of the same connection). */
  reply(error: { code: number; message: string }): void;
  /** One line for the server's log. */
  log(line: string): void;
  /** The largest body accepted, in bytes (default 256 MiB, below V8's longest string). */
  maxContentLength?: number;
}

const MAX_HEADER_BYTES = 8 * 1024;
const HEADER_NAME = "content-length:";
/** A whole Content-Length header line, which cannot occur inside a JSON body. */
const HEADER_IN_BODY = /content-length:[ \t]*\d+\r\n/gi;
/** Bytes of a body looked at again on the next read, in case such a line straddles two reads. */
const HEADER_IN_BODY_OVERLAP = 64;
/** An HTTP token (RFC 9110), the only thing a header name may be. */
const HEADER_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+):[ \t]*(.*?)[ \t]*$/;

export class ResyncingMessageReader extends AbstractMessageReader {
  private readonly queue = new ByteQueue();
  private callback: DataCallback | undefined;
  /** The parsed header of the message whose body is awaited, if any. */
  private awaited: { headerLength: number; contentLength: number; scanned: number } | undefined;
  /** Bytes dropped since the last malformed header, while looking for the next one. */
  private skipped: number | undefined;
  private readonly maxContentLength: number;

  constructor(
    private readonly readable: Readable,
    private readonly options: FramingOptions,
  ) {
    super();
    this.maxContentLength = options.maxContentLength ?? 256 * 1024 * 1024;
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (chunk: Buffer) => {
      this.queue.append(chunk);
      this.parse();
    };
    const onError = (error: Error) => this.fireError(error);
    const onClose = () => this.fireClose();
    this.readable.on("data", onData);
    this.readable.on("error", onError);
    this.readable.on("close", onClose);
    return Disposable.create(() => {
      this.readable.off("data", onData);
      this.readable.off("error", onError);
      this.readable.off("close", onClose);
    });
  }

  private parse(): void {
    for (;;) {
      if (this.awaited === undefined) {
        const header = this.readHeader();
        if (header === "wait") return;
        if (header === "malformed") continue;
        this.awaited = { ...header, scanned: header.headerLength };
      }
      const { headerLength, contentLength } = this.awaited;
      const end = headerLength + contentLength;
      if (this.nextHeaderInsideBody(end)) continue;
      if (this.queue.length < end) return;
      const body = this.queue.view().subarray(headerLength, end);
      this.awaited = undefined;
      const text = body.toString("utf8");
      this.queue.consume(end);
      this.deliver(text);
    }
  }

  /** The header at the front of the queue; "malformed" after dropping bytes to resynchronise. */
  private readHeader(): { headerLength: number; contentLength: number } | "wait" | "malformed" {
    const bytes = this.queue.view();
    if (bytes.length === 0) return "wait";
    if (this.skipped !== undefined) return this.resynchronise(undefined);
    const end = bytes.indexOf("\r\n\r\n", 0, "latin1");
    const block = bytes.subarray(0, end < 0 ? Math.min(bytes.length, MAX_HEADER_BYTES + 1) : end);
    const text = block.toString("latin1");
    const lines = text.split("\r\n");
    // Complete lines can be judged now; so can noise that is no header at all.
    const complete = end < 0 ? lines.slice(0, -1) : lines;
    for (const line of complete) {
      if (!HEADER_LINE.test(line)) return this.resynchronise(`a header line without a colon`);
    }
    if (end < 0) {
      if (bytes.length > MAX_HEADER_BYTES) return this.resynchronise("no end of header in 8 KB");
      // (a CR whose LF has not arrived yet is fine)
      if (/[^\t\x20-\x7e]/.test(lines[lines.length - 1]!.replace(/\r$/, "")))
        return this.resynchronise("bytes that are not a header");
      return "wait";
    }
    const fields = new Map<string, string>();
    for (const line of lines) {
      const [, name, value] = HEADER_LINE.exec(line)!;
      fields.set(name!.toLowerCase(), value!);
    }
    const length = fields.get("content-length");
    if (length === undefined) return this.resynchronise("no Content-Length");
    if (!/^\d+$/.test(length)) return this.resynchronise(`Content-Length '${length}'`);
    const contentLength = Number(length);
    if (contentLength > this.maxContentLength) {
      return this.resynchronise(
        `Content-Length ${length} is over the limit of ${this.maxContentLength} bytes`,
      );
    }
    return { headerLength: end + 4, contentLength };
  }

  /**
   * While a body is awaited: true (after resynchronising) when a Content-Length header line
   * shows inside it, which valid JSON cannot hold, so the declared length was wrong.
   */
  private nextHeaderInsideBody(end: number): boolean {
    const awaited = this.awaited!;
    const bytes = this.queue.view();
    const from = Math.max(awaited.headerLength, awaited.scanned - HEADER_IN_BODY_OVERLAP);
    // A header line that starts inside the body may end a little after it.
    const to = Math.min(bytes.length, end + HEADER_IN_BODY_OVERLAP);
    if (to <= from) return false;
    awaited.scanned = to;
    HEADER_IN_BODY.lastIndex = 0;
    const found = HEADER_IN_BODY.exec(bytes.subarray(from, to).toString("latin1"));
    if (found === null || from + found.index >= end) return false;
    this.awaited = undefined;
    this.skip(from + found.index, "the next message's header arrived inside the declared body");
    return true;
  }

  /** Drops bytes up to the next `Content-Length:` after the front (all but a possible partial one if none). */
  private resynchronise(reason: string | undefined): "malformed" | "wait" {
    const bytes = this.queue.view();
    const text = bytes.toString("latin1").toLowerCase();
    const next = text.indexOf(HEADER_NAME, this.skipped === undefined ? 1 : 0);
    if (next >= 0) {
      this.skip(next, reason);
      return "malformed";
    }
    this.skip(Math.max(0, bytes.length - (HEADER_NAME.length - 1)), reason);
    return "wait";
  }

  private skip(count: number, reason: string | undefined): void {
    if (this.skipped === undefined) {
      this.options.log(
        `netc lsp: malformed message framing (${reason ?? "unknown"}); skipping to the next Content-Length header`,
      );
      this.skipped = 0;
    }
    this.queue.consume(count);
    this.skipped += count;
    const resumed = this.queue.view().toString("latin1", 0, HEADER_NAME.length).toLowerCase();
    if (resumed === HEADER_NAME) {
      this.options.log(
        `netc lsp: resumed at a Content-Length header after skipping ${this.skipped} bytes`,
      );
      this.skipped = undefined;
    }
  }

  private deliver(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch (error) {
      this.options.reply({
        code: ErrorCodes.ParseError,
        message: `Parse error: the message body is not JSON (${(error as Error).message})`,
      });
      return;
    }
    if (typeof message !== "object" || message === null || Array.isArray(message)) {
      this.options.reply({
        code: ErrorCodes.InvalidRequest,
        message: "Invalid Request: a message must be a JSON object (batches are not supported)",
      });
      return;
    }
    this.callback?.(message as Message);
  }
}

/** A growable byte buffer with cheap appends at the end and consumption at the front. */
class ByteQueue {
  private data = Buffer.alloc(64 * 1024);
  private start = 0;
  private end = 0;

  get length(): number {
    return this.end - this.start;
  }

  append(chunk: Buffer): void {
    if (this.end + chunk.length > this.data.length) {
      const length = this.length;
      const target =
        length + chunk.length <= this.data.length / 2
          ? this.data
          : Buffer.alloc(Math.max(2 * this.data.length, length + chunk.length));
      this.data.copy(target, 0, this.start, this.end);
      this.data = target;
      this.start = 0;
      this.end = length;
    }
    chunk.copy(this.data, this.end);
    this.end += chunk.length;
  }

  view(): Buffer {
    return this.data.subarray(this.start, this.end);
  }

  consume(count: number): void {
    this.start = Math.min(this.end, this.start + count);
    if (this.start === this.end) this.start = this.end = 0;
  }
}
