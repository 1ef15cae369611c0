import { gzipSync } from "node:zlib";

/**
 * A gzipped POSIX tar archive (ustar) of files held in memory, as npm reads packages: byte
 * for byte the same for the same files, whatever the machine, user, umask or time (fixed
 * modes, owners and timestamp; entries in the order given; gzip's OS byte fixed). About
 * fifty lines, so no dependency; npm's own `tar` package writes from disk, with the disk's
 * modes and times.
 */

/** The timestamp npm gives every file of a package it packs (1985-10-26T08:15:00Z). */
const FIXED_MTIME = 499162500;
const BLOCK = 512;

export function tarGz(files: ReadonlyMap<string, Uint8Array | string>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, contents] of files) {
    const data =
      typeof contents === "string" ? Buffer.from(contents, "utf8") : Buffer.from(contents);
    parts.push(
      header(name, data.length),
      data,
      Buffer.alloc((BLOCK - (data.length % BLOCK)) % BLOCK),
    );
  }
  parts.push(Buffer.alloc(2 * BLOCK)); // the end-of-archive marker
  const gz = gzipSync(Buffer.concat(parts), { level: 9 });
  gz[9] = 0xff; // the OS field: "unknown", instead of the platform zlib was built for
  return gz;
}

function header(path: string, size: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  const [prefix, name] = splitPath(path);
  block.write(name, 0, 100, "utf8");
  block.write("0000644\0", 100, "ascii"); // mode rw-r--r--
  block.write("0000000\0", 108, "ascii"); // uid
  block.write("0000000\0", 116, "ascii"); // gid
  block.write(`${size.toString(8).padStart(11, "0")}\0`, 124, "ascii");
  block.write(`${FIXED_MTIME.toString(8).padStart(11, "0")}\0`, 136, "ascii");
  block.write("        ", 148, "ascii"); // the checksum counts itself as spaces
  block.write("0", 156, "ascii"); // a regular file
  block.write("ustar\0" + "00", 257, "ascii");
  block.write(prefix, 345, 155, "utf8");
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "ascii");
  return block;
}

/** ustar keeps a path of up to 255 bytes as a prefix (≤ 155) and a name (≤ 100) split at a slash. */
function splitPath(path: string): [prefix: string, name: string] {
  if (Buffer.byteLength(path) <= 100) return ["", path];
  for (let cut = path.indexOf("/"); cut >= 0; cut = path.indexOf("/", cut + 1)) {
    const prefix = path.slice(0, cut);
    const name = path.slice(cut + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return [prefix, name];
  }
  throw new Error(`path too long for a tar archive: ${path}`);
}
