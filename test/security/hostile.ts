import fc from "fast-check";

/**
 * Hostile text for the property tests: every line terminator of JavaScript, TypeScript,
 * Python and common editors, quotes, backslashes, comment openers and closers, template
 * syntax, TypeScript directives, bidirectional overrides, lone surrogates, reserved words
 * and names of the generated code's world, mixed with arbitrary UTF-16 code units.
 */

export const hostilePieces: readonly string[] = [
  "\n",
  "\r",
  "\r\n",
  "\u2028",
  "\u2029",
  "\u0085",
  "\u000b",
  "\f",
  "\u001c",
  "\u0000",
  "\t",
  '"',
  "'",
  "`",
  "\\",
  "\\n",
  "\\u2028",
  "${",
  "}",
  "{",
  "*/",
  "/*",
  "//",
  "/**",
  "#",
  "<!--",
  "-->",
  "@ts-ignore",
  "@ts-nocheck",
  "@ts-expect-error",
  "/// <reference path='/etc/passwd' />",
  "\u202e",
  "\u2066",
  "\u200b",
  "\ufeff",
  "\ud800",
  "\udc00",
  "😀",
  "é",
  " process.exit(42); ",
  ");process.exit(42);(",
  "delete",
  "class",
  "await",
  "yield",
  "let",
  "Math",
  "process",
  "Float32Array",
  "eval",
  "Promise",
  "config",
  "flags",
  "arguments",
  "undefined",
  "globalThis",
  "tf",
  "v",
  "x",
  "input",
  "model",
  "__proto__",
  "constructor",
  "prototype",
  // Python: names of the generated model.py and train.py, code, encoding declarations,
  // string prefixes and triple quotes, and WebAssembly text comments
  "splits",
  "Optimizer",
  "torch",
  "F",
  "self",
  "print",
  "len",
  "exec",
  "lambda",
  "None",
  "__import__('os').system('exit 42')",
  "\nimport os; os._exit(42)\n",
  "# -*- coding: utf-7 -*-",
  "coding=utf_7",
  "+AAo-",
  'f"{',
  '"""',
  "'''",
  ";;",
  "(;",
  ";)",
  "$",
  "$0024",
  "_",
  "0",
  ".",
  "-",
  "/",
];

/** One code unit of any value (lone surrogates included) or one code point of any plane. */
const anyCharacter = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
  fc.integer({ min: 0x10000, max: 0x10ffff }).map((point) => String.fromCodePoint(point)),
);

/** Hostile strings: pieces and arbitrary characters, up to `maxPieces` of them. */
export function hostileString(maxPieces = 8): fc.Arbitrary<string> {
  return fc
    .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...hostilePieces) }, anyCharacter), {
      minLength: 1,
      maxLength: maxPieces,
    })
    .map((parts) => parts.join(""));
}

/** Names a .net file may give models and blocks (its identifiers), the dangerous ones first. */
export const hostileIdentifiers: readonly string[] = hostilePieces.filter((piece) =>
  /^[A-Za-z_][A-Za-z0-9_]*$/.test(piece),
);
