/**
 * Parsing of IDX files (the MNIST / Fashion-MNIST format), from bytes already in memory.
 *
 * Layout (big-endian): magic (0x0000 08 NN: unsigned bytes, NN dimensions), then NN 32-bit
 * sizes, then the data. Images: magic 2051 (0x00000803), sizes count, rows, cols.
 * Labels: magic 2049 (0x00000801), size count. Every problem is a DataError naming the file.
 */
import { DataError } from "./errors.js";

export const IDX_IMAGES_MAGIC = 2051;
export const IDX_LABELS_MAGIC = 2049;

export interface IdxImages {
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  /** count · rows · cols bytes, 0…255. */
  readonly pixels: Uint8Array;
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, "0")}`;
}

function readMagic(
  bytes: Uint8Array,
  file: string,
  expected: number,
  what: string,
  headerBytes: number,
): DataView {
  const tooShort = () =>
    new DataError(
      `${file}: file is ${bytes.length} bytes, too short for an IDX ${what} header (${headerBytes} bytes)`,
    );
  if (bytes.length < 4) throw tooShort();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The magic number first: a short file of the wrong kind is reported as the wrong kind.
  const magic = view.getUint32(0, false);
  if (magic !== expected) {
    const other =
      magic === IDX_IMAGES_MAGIC
        ? " (this is an image file)"
        : magic === IDX_LABELS_MAGIC
          ? " (this is a label file)"
          : "";
    throw new DataError(
      `${file}: wrong magic number ${magic} (${hex(magic)}), expected ${expected} (${hex(expected)}) for IDX ${what}${other}`,
    );
  }
  if (bytes.length < headerBytes) throw tooShort();
  return view;
}

function checkLength(
  bytes: Uint8Array,
  file: string,
  header: number,
  expectedData: number,
  described: string,
): void {
  const actual = bytes.length - header;
  if (actual < expectedData) {
    throw new DataError(
      `${file}: truncated: the header declares ${described} = ${expectedData} data bytes, but only ${actual} follow`,
    );
  }
  if (actual > expectedData) {
    throw new DataError(
      `${file}: ${actual - expectedData} unexpected bytes after the ${described} = ${expectedData} data bytes the header declares`,
    );
  }
}

export function parseIdxImages(bytes: Uint8Array, file: string): IdxImages {
  const view = readMagic(bytes, file, IDX_IMAGES_MAGIC, "images", 16);
  const count = view.getUint32(4, false);
  const rows = view.getUint32(8, false);
  const cols = view.getUint32(12, false);
  if (rows === 0 || cols === 0) {
    throw new DataError(`${file}: image size ${rows}×${cols} is empty`);
  }
  checkLength(bytes, file, 16, count * rows * cols, `${count} images of ${rows}×${cols}`);
  return { count, rows, cols, pixels: bytes.subarray(16) };
}

export function parseIdxLabels(bytes: Uint8Array, file: string, classes: number): Uint8Array {
  const view = readMagic(bytes, file, IDX_LABELS_MAGIC, "labels", 8);
  const count = view.getUint32(4, false);
  checkLength(bytes, file, 8, count, `${count} labels`);
  const labels = bytes.subarray(8);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]! >= classes) {
      throw new DataError(
        `${file}: label ${labels[i]} at index ${i} is out of range 0…${classes - 1}`,
      );
    }
  }
  return labels;
}

/** IDX bytes (0…255) as float32 in [0, 1]. */
export function bytesToUnitFloats(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i]! / 255;
  return out;
}

/** Builds IDX files (for tests and for exporting): the exact inverse of the parsers above. */
export function encodeIdxImages(
  pixels: Uint8Array,
  count: number,
  rows: number,
  cols: number,
): Uint8Array {
  const out = new Uint8Array(16 + pixels.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, IDX_IMAGES_MAGIC, false);
  view.setUint32(4, count, false);
  view.setUint32(8, rows, false);
  view.setUint32(12, cols, false);
  out.set(pixels, 16);
  return out;
}

export function encodeIdxLabels(labels: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + labels.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, IDX_LABELS_MAGIC, false);
  view.setUint32(4, labels.length, false);
  out.set(labels, 8);
  return out;
}
