/**
 * CRC-32 (IEEE 802.3, the zlib/PNG polynomial), in plain TypeScript so it runs in browsers
 * too. Slicing-by-8: eight tables let each step fold in eight bytes, read as two 32-bit
 * words where the host is little-endian (all that Node and browsers run on in practice),
 * several times faster than a byte at a time on the hundreds of megabytes of a large
 * model's checkpoint.
 */
const TABLES = (() => {
  const tables = new Uint32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    tables[n] = c >>> 0;
  }
  // tables[k][n]: the CRC of byte n followed by k zero bytes
  for (let k = 1; k < 8; k++)
    for (let n = 0; n < 256; n++) {
      const previous = tables[(k - 1) * 256 + n]!;
      tables[k * 256 + n] = (previous >>> 8) ^ tables[previous & 0xff]!;
    }
  return tables;
})();

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function bytewise(crc: number, bytes: Uint8Array, from: number, to: number): number {
  for (let i = from; i < to; i++) crc = TABLES[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return crc;
}

export function crc32(bytes: Uint8Array, previous = 0): number {
  let crc = ~previous >>> 0;
  if (!LITTLE_ENDIAN_HOST) return ~bytewise(crc, bytes, 0, bytes.length) >>> 0;
  const t = TABLES;
  // bytes up to a 4-byte boundary, then 8 bytes (two words) per step, then the rest
  const head = Math.min(bytes.length, (4 - (bytes.byteOffset & 3)) & 3);
  crc = bytewise(crc, bytes, 0, head);
  const steps = (bytes.length - head) >>> 3;
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset + head, steps * 2);
  for (let k = 0; k < words.length; k += 2) {
    const low = crc ^ words[k]!;
    const high = words[k + 1]!;
    crc =
      t[1792 + (low & 0xff)]! ^
      t[1536 + ((low >>> 8) & 0xff)]! ^
      t[1280 + ((low >>> 16) & 0xff)]! ^
      t[1024 + (low >>> 24)]! ^
      t[768 + (high & 0xff)]! ^
      t[512 + ((high >>> 8) & 0xff)]! ^
      t[256 + ((high >>> 16) & 0xff)]! ^
      t[high >>> 24]!;
  }
  return ~bytewise(crc, bytes, head + steps * 8, bytes.length) >>> 0;
}
