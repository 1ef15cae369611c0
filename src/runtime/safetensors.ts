/**
 * The safetensors file layout (the format of Hugging Face's `safetensors` library), for
 * float32 tensors, encoded and decoded in memory (no Node APIs):
 *
 *   8 bytes   N, the header's length in bytes (u64, little-endian)
 *   N bytes   UTF-8 JSON object: for every tensor `"name": {"dtype": "F32", "shape": [...],
 *             "data_offsets": [begin, end]}` (offsets into the data section, end exclusive),
 *             and an optional `"__metadata__"` object of string values. netc pads it with
 *             spaces so that the data section starts on an 8-byte boundary.
 *   the rest  the data section: the tensors' values, little-endian, with no gaps.
 *
 * The decoder treats the bytes as untrusted: every field is checked (types, ranges,
 * offsets inside the data section, tensors neither overlapping nor leaving holes, the
 * total size) before anything is allocated from it, and every problem is one
 * `CheckpointError` line naming the file. Nothing here throws any other error.
 */
import { crc32 } from "./crc32.js";
import { CheckpointError } from "./errors.js";

/** Headers past this size are refused before they are parsed (netc's own are kilobytes). */
export const MAX_HEADER_BYTES = 16 * 1024 * 1024;
/** A tensor of higher rank is refused (netc's largest is 4). */
export const MAX_RANK = 8;
/** Tensor names longer than this are refused. */
export const MAX_NAME_LENGTH = 1024;
const METADATA_KEY = "__metadata__";
const FIELDS = ["dtype", "shape", "data_offsets"];

export interface SafetensorsTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export interface SafetensorsContents {
  /** `__metadata__`, or null when the file has none. Keys are own properties (no prototype tricks). */
  readonly metadata: Readonly<Record<string, string>> | null;
  /** In the order of their data in the file. */
  readonly tensors: readonly SafetensorsTensor[];
  /** CRC-32 (IEEE) of the data section. */
  readonly dataCrc32: number;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The little-endian bytes of a float32 array (a view on little-endian hosts). */
function littleEndianBytes(data: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN_HOST) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const bytes = new Uint8Array(data.byteLength);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(4 * i, data[i]!, true);
  return bytes;
}

/** CRC-32 of the data section the tensors make, without building it. */
export function tensorsCrc32(tensors: readonly SafetensorsTensor[]): number {
  let crc = 0;
  for (const tensor of tensors) crc = crc32(littleEndianBytes(tensor.data), crc);
  return crc;
}

export const hex32 = (value: number) => value.toString(16).padStart(8, "0");

/**
 * Encodes tensors (in the given order, which is also their order in the data section) with
 * `metadata` as `__metadata__`. Deterministic: the same tensors and metadata give the same bytes.
 */
export function encodeSafetensors(
  tensors: readonly SafetensorsTensor[],
  metadata: Readonly<Record<string, string>>,
): Uint8Array {
  const header: Record<string, unknown> = {};
  Object.defineProperty(header, METADATA_KEY, {
    value: { ...metadata },
    enumerable: true,
    writable: true,
    configurable: true,
  });
  let offset = 0;
  for (const tensor of tensors) {
    const elements = tensor.shape.reduce((product, size) => product * size, 1);
    if (elements !== tensor.data.length) {
      throw new RangeError(
        `tensor ${tensor.name}: shape [${tensor.shape.join(", ")}] has ${elements} elements, data has ${tensor.data.length}`,
      );
    }
    if (tensor.name === METADATA_KEY || Object.hasOwn(header, tensor.name)) {
      throw new RangeError(`tensor name ${tensor.name} is reserved or used twice`);
    }
    // defineProperty: a tensor named "__proto__" becomes a key like any other
    Object.defineProperty(header, tensor.name, {
      value: {
        dtype: "F32",
        shape: [...tensor.shape],
        data_offsets: [offset, offset + 4 * elements],
      },
      enumerable: true,
      writable: true,
      configurable: true,
    });
    offset += 4 * elements;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = json.length + ((8 - (json.length % 8)) % 8);
  const out = new Uint8Array(8 + headerLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const tensor of tensors) {
    out.set(littleEndianBytes(tensor.data), at);
    at += tensor.data.byteLength;
  }
  return out;
}

/** Untrusted text for a one-line message, always in quotes: escaped, on one line, cut short. */
export function quoted(text: string, limit = 80): string {
  const cut = text.length > limit ? `${text.slice(0, limit)}…` : text;
  return JSON.stringify(cut).replace(/[\u0085\u2028\u2029]/g, (char) => {
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}

/**
 * Untrusted text for a one-line message: plain names as they are, anything else shown
 * and escaped (no line breaks, no terminal control characters), cut short.
 */
export function shown(text: string, limit = 80): string {
  return /^[\w.\-/]+$/.test(text) && text.length <= limit ? text : quoted(text, limit);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const isWhole = (value: unknown): value is number =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 0;

/** A tensor's place in a data section: bytes [begin, end). */
export interface TensorPlace {
  readonly name: string;
  readonly shape: readonly number[];
  readonly begin: number;
  readonly end: number;
}

/** Decodes and checks a safetensors file of float32 tensors; `file` names it in errors. */
export function decodeSafetensors(bytes: Uint8Array, file: string): SafetensorsContents {
  const fail = (problem: string): never => {
    throw new CheckpointError(`${file}: ${problem}`);
  };
  if (bytes.length < 8) {
    fail(`truncated: ${bytes.length} bytes, too short for a safetensors header length`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = view.getBigUint64(0, true);
  if (declared > BigInt(MAX_HEADER_BYTES)) {
    fail(
      `not a netc checkpoint or safetensors file: its header length field says ${declared} bytes, more than the ${MAX_HEADER_BYTES}-byte limit`,
    );
  }
  const headerLength = Number(declared);
  if (8 + headerLength > bytes.length) {
    fail(
      `truncated: the header length field says ${headerLength} bytes but only ${bytes.length - 8} follow`,
    );
  }
  const headerBytes = bytes.subarray(8, 8 + headerLength);
  if (headerBytes[0] !== 0x7b) fail("not a safetensors file: the header is not a JSON object");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(headerBytes);
  } catch {
    return fail("corrupt header: it is not UTF-8 text");
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec(String((error as Error).message))?.[1];
    return fail(
      `corrupt header: not valid JSON${position === undefined ? "" : ` (at byte ${position})`}`,
    );
  }
  if (!isObject(header)) return fail("corrupt header: it is not a JSON object");

  let metadata: Record<string, string> | null = null;
  const entries: TensorPlace[] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === METADATA_KEY) {
      if (!isObject(value)) fail(`corrupt header: ${METADATA_KEY} is not an object`);
      const pairs = Object.entries(value as Record<string, unknown>);
      for (const [key, item] of pairs) {
        if (typeof item !== "string") {
          fail(
            `corrupt header: ${METADATA_KEY} must map names to strings, but ${shown(key)} is ${item === null ? "null" : typeof item}`,
          );
        }
      }
      // fromEntries defines own properties: a "__proto__" key cannot change the prototype
      metadata = Object.fromEntries(pairs) as Record<string, string>;
      continue;
    }
    entries.push(tensorEntry(name, value, fail));
  }

  const dataStart = 8 + headerLength;
  const data = bytes.subarray(dataStart);
  const ordered = checkTensorLayout(entries, data.length, fail);
  const tensors = ordered.map((entry) => ({
    name: entry.name,
    shape: entry.shape,
    data: readFloat32(data, entry.begin, entry.end),
  }));
  return { metadata, tensors, dataCrc32: crc32(data) };
}

/** One tensor's header entry, checked field by field. */
function tensorEntry(name: string, value: unknown, fail: (problem: string) => never): TensorPlace {
  const problem = (what: string): never => fail(`corrupt header: tensor ${shown(name)} ${what}`);
  if (name === "") fail("corrupt header: a tensor has an empty name");
  if (name.length > MAX_NAME_LENGTH)
    problem(`has a name longer than ${MAX_NAME_LENGTH} characters`);
  if (!isObject(value)) return problem("is not an object with dtype, shape and data_offsets");
  for (const field of FIELDS) if (!Object.hasOwn(value, field)) problem(`lacks "${field}"`);
  for (const field of Object.keys(value)) {
    if (!FIELDS.includes(field)) problem(`has an unknown field ${shown(field)}`);
  }
  const { dtype, shape, data_offsets: offsets } = value;
  if (typeof dtype !== "string") return problem("has a dtype that is not a string");
  if (dtype !== "F32") {
    problem(
      `has dtype ${shown(dtype)}: netc reads F32 tensors only (in PyTorch, save tensor.float())`,
    );
  }
  if (!Array.isArray(shape) || !shape.every(isWhole)) {
    return problem("has a shape that is not a list of whole numbers ≥ 0");
  }
  if (shape.length > MAX_RANK) problem(`has rank ${shape.length}, more than ${MAX_RANK}`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isWhole)) {
    return problem("has data_offsets that are not two whole numbers ≥ 0");
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) problem(`has data_offsets [${begin}, ${end}] that end before they begin`);
  // bytes the shape needs, compared before it can exceed 2^53
  let bytesNeeded = 4;
  for (const size of shape as number[]) {
    bytesNeeded *= size;
    if (bytesNeeded > Number.MAX_SAFE_INTEGER) problem("has a shape too large for any file");
  }
  if (end - begin !== bytesNeeded) {
    problem(
      `has data_offsets [${begin}, ${end}] (${end - begin} bytes) but shape [${(shape as number[]).join(", ")}] of F32 takes ${bytesNeeded}`,
    );
  }
  return { name, shape: [...(shape as number[])], begin, end };
}

/**
 * Checks that the tensors lie inside a data section of `dataLength` bytes and cover every
 * byte of it exactly once; returns them in data order.
 */
export function checkTensorLayout<T extends TensorPlace>(
  entries: readonly T[],
  dataLength: number,
  fail: (problem: string) => never,
): T[] {
  for (const entry of entries) {
    if (entry.end > dataLength) {
      fail(
        `corrupt: tensor ${shown(entry.name)} ends at byte ${entry.end} of the data section, which has ${dataLength}`,
      );
    }
  }
  const ordered = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous: T | undefined;
  for (const entry of ordered) {
    if (entry.begin < covered) {
      fail(`corrupt: tensors ${shown(previous!.name)} and ${shown(entry.name)} overlap`);
    }
    if (entry.begin > covered) {
      fail(`corrupt: bytes ${covered} to ${entry.begin} of the data section belong to no tensor`);
    }
    covered = entry.end;
    previous = entry;
  }
  if (covered !== dataLength) {
    fail(
      `corrupt: the data section has ${dataLength - covered} bytes after the last tensor (the tensors cover ${covered} of ${dataLength})`,
    );
  }
  return ordered;
}

/** A copy of bytes [begin, end) of `data` as float32 values (little-endian in the file). */
export function readFloat32(data: Uint8Array, begin: number, end: number): Float32Array {
  const values = new Float32Array((end - begin) / 4);
  if (LITTLE_ENDIAN_HOST) {
    new Uint8Array(values.buffer).set(data.subarray(begin, end));
  } else {
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(begin + 4 * i, true);
  }
  return values;
}
