/**
 * CRC-32 (IEEE 802.3, the zlib/PNG polynomial). The portable implementation is plain
 * TypeScript (slicing-by-8: eight bytes per step through eight tables), so it runs in
 * browsers; under Node the runtime's Node entry switches to zlib's native crc32, about ten
 * times faster, which matters for checkpoints of large models.
 */
const TABLES = (() => {
  const tables = Array.from({ length: 8 }, () => new Uint32Array(256));
  const first = tables[0]!;
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    first[n] = c >>> 0;
  }
  for (let t = 1; t < 8; t++) {
    for (let n = 0; n < 256; n++) {
      const previous = tables[t - 1]![n]!;
      tables[t]![n] = (first[previous & 0xff]! ^ (previous >>> 8)) >>> 0;
    }
  }
  return tables;
})();

/** The CRC of `bytes` continuing `previous` (the CRC of the bytes before them; 0 to start). */
export function portableCrc32(bytes: Uint8Array, previous = 0): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = TABLES as [
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
  ];
  let crc = ~previous >>> 0;
  const length = bytes.length;
  const whole = length - (length % 8);
  let i = 0;
  for (; i < whole; i += 8) {
    const low =
      (crc ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24))) >>>
      0;
    crc =
      t7[low & 0xff]! ^
      t6[(low >>> 8) & 0xff]! ^
      t5[(low >>> 16) & 0xff]! ^
      t4[low >>> 24]! ^
      t3[bytes[i + 4]!]! ^
      t2[bytes[i + 5]!]! ^
      t1[bytes[i + 6]!]! ^
      t0[bytes[i + 7]!]!;
  }
  for (; i < length; i++) crc = t0[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

let implementation: (bytes: Uint8Array, previous: number) => number = portableCrc32;

/** The CRC of `bytes` continuing `previous` (the CRC of the bytes before them; 0 to start). */
export function crc32(bytes: Uint8Array, previous = 0): number {
  return implementation(bytes, previous) >>> 0;
}

/** Replaces the implementation with an equivalent one (Node's zlib.crc32). */
export function useCrc32Implementation(
  replacement: (bytes: Uint8Array, previous: number) => number,
): void {
  implementation = replacement;
}
