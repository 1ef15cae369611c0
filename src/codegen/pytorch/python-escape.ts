/**
 * The only way user text (layer names, model names, quoted .net lines, file names) reaches
 * generated Python: as a string literal, inside a comment, or as an identifier. Each form
 * is safe for any input — a name such as `x"\n import os` can neither end a string or a
 * comment early nor become code — and deterministic.
 *
 * Python ends a line at \n and \r, and `str.splitlines` (which tools and editors follow)
 * also at \v, \f, \x1c–\x1e, \x85, U+2028 and U+2029. Comments and strings here contain
 * none of them, no other control or format character (bidirectional overrides included,
 * which could make the source read differently from what runs) and no lone surrogate
 * (which UTF-8 cannot encode).
 */

/** Python 3's keywords (`keyword.kwlist`). */
export const PYTHON_KEYWORDS: ReadonlySet<string> = new Set([
  "False",
  "None",
  "True",
  "and",
  "as",
  "assert",
  "async",
  "await",
  "break",
  "class",
  "continue",
  "def",
  "del",
  "elif",
  "else",
  "except",
  "finally",
  "for",
  "from",
  "global",
  "if",
  "import",
  "in",
  "is",
  "lambda",
  "nonlocal",
  "not",
  "or",
  "pass",
  "raise",
  "return",
  "try",
  "while",
  "with",
  "yield",
]);

/** Soft keywords (`keyword.softkwlist`, Python 3.12): names only in some positions, avoided everywhere. */
export const PYTHON_SOFT_KEYWORDS: ReadonlySet<string> = new Set(["_", "case", "match", "type"]);

/**
 * Names the generated model.py and train.py use at module level or in `forward`: the
 * imports, the helpers netc emits, and the builtins they call. A layer or model named
 * like one of them gets another identifier.
 */
export const PYTHON_RESERVED_NAMES: ReadonlySet<string> = new Set([
  // imports and module-level names of model.py / train.py
  "torch",
  "nn",
  "F",
  "math",
  "sys",
  "os",
  "json",
  "struct",
  "netc",
  "netc_runtime",
  "model",
  "train",
  "main",
  "self",
  "x",
  "cls",
  "args",
  "kwargs",
  "super",
  "MODEL_NAME",
  "MODEL_HASH",
  "INPUT_SHAPE",
  "OUTPUT_SHAPE",
  "NETC_VERSION",
  "NETC_NAMES",
  // builtins the generated code calls
  "abs",
  "all",
  "any",
  "bool",
  "dict",
  "enumerate",
  "float",
  "int",
  "isinstance",
  "len",
  "list",
  "max",
  "min",
  "object",
  "print",
  "range",
  "round",
  "set",
  "str",
  "sum",
  "tuple",
  "zip",
]);

/** Characters never written raw into a comment or string: controls, line and paragraph separators, format characters, surrogates, private use, unassigned. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}]/u;

function hexEscape(codePoint: number): string {
  if (codePoint < 0x100) return `\\x${codePoint.toString(16).padStart(2, "0")}`;
  if (codePoint < 0x10000) return `\\u${codePoint.toString(16).padStart(4, "0")}`;
  return `\\U${codePoint.toString(16).padStart(8, "0")}`;
}

/** The code points of a string, lone surrogates included (as themselves). */
function* codePoints(text: string): Generator<number> {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit < 0xdc00 && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next < 0xe000) {
        yield 0x10000 + ((unit - 0xd800) << 10) + (next - 0xdc00);
        i++;
        continue;
      }
    }
    yield unit;
  }
}

function isUnsafe(codePoint: number): boolean {
  if (codePoint >= 0xd800 && codePoint < 0xe000) return true;
  return UNSAFE.test(String.fromCodePoint(codePoint));
}

/**
 * A Python string literal of `text`: double quotes, or single quotes when the text holds
 * a double quote and no single one (black's choice, so the file stays black-formatted).
 * Backslashes, the quote and every unsafe character are escaped.
 */
export function pythonString(text: string): string {
  const quote = text.includes('"') && !text.includes("'") ? "'" : '"';
  let body = "";
  for (const codePoint of codePoints(text)) {
    if (codePoint === 0x5c) body += "\\\\";
    else if (codePoint === quote.charCodeAt(0)) body += `\\${quote}`;
    else if (isUnsafe(codePoint)) body += hexEscape(codePoint);
    else body += String.fromCodePoint(codePoint);
  }
  return `${quote}${body}${quote}`;
}

/**
 * Text for after `# `: unsafe characters are shown as escapes (\u2028, \x0c, …), so the
 * comment stays on its one line whatever the text holds. Trailing spaces are dropped.
 */
export function pythonCommentText(text: string): string {
  let out = "";
  for (const codePoint of codePoints(text)) {
    out += isUnsafe(codePoint) ? hexEscape(codePoint) : String.fromCodePoint(codePoint);
  }
  return out.trimEnd();
}

/** A full comment line (or lines' worth of text joined) with its `# ` prefix. */
export function pythonComment(text: string): string {
  const body = pythonCommentText(text);
  return body === "" ? "#" : `# ${body}`;
}

/** Whether a name is a keyword, soft keyword or a name the generated files use. */
export function isReservedPythonName(name: string): boolean {
  return (
    PYTHON_KEYWORDS.has(name) || PYTHON_SOFT_KEYWORDS.has(name) || PYTHON_RESERVED_NAMES.has(name)
  );
}

/**
 * Hands out Python identifiers for user names: ASCII letters, digits and underscores
 * (Python would NFKC-normalise other letters, so two different names could meet), not a
 * keyword, soft keyword or reserved name, not starting with an underscore (private and
 * dunder names belong to Python and torch), and never the same identifier twice. A name
 * that is already such an identifier is kept as it is.
 */
export class PythonNames {
  private readonly taken: Set<string>;

  constructor(
    reserved: Iterable<string> = [],
    private readonly isAllowed: (name: string) => boolean = () => true,
  ) {
    this.taken = new Set(reserved);
  }

  /** Whether `name` would be handed out unchanged. */
  keeps(name: string): boolean {
    return (
      /^[A-Za-z][A-Za-z0-9_]*$/.test(name) &&
      !isReservedPythonName(name) &&
      !this.taken.has(name) &&
      this.isAllowed(name)
    );
  }

  /** A fresh identifier for `wanted`, recorded as taken. */
  allocate(wanted: string): string {
    let base = wanted.replace(/[^A-Za-z0-9_]/g, "_").replace(/^_+/, "");
    if (base === "" || /^[0-9]/.test(base)) base = `n_${base}`;
    if (isReservedPythonName(base) || !this.isAllowed(base)) base = `${base}_`;
    let name = base;
    for (
      let n = 2;
      this.taken.has(name) || isReservedPythonName(name) || !this.isAllowed(name);
      n++
    )
      name = `${base}_${n}`;
    this.taken.add(name);
    return name;
  }

  /** Marks a name as used (e.g. a helper class the file defines). */
  reserve(name: string): void {
    this.taken.add(name);
  }
}

/**
 * A number as Python source: integers as integers, other finite numbers in their
 * shortest round-trip form (JavaScript's digits are Python's), infinities and NaN
 * through the math module.
 */
export function pythonNumber(value: number): string {
  if (Number.isNaN(value)) return "math.nan";
  if (!Number.isFinite(value)) return value > 0 ? "math.inf" : "-math.inf";
  if (Object.is(value, -0)) return "-0.0";
  return String(value);
}

/** A number that Python must see as a float (1 → 1.0). */
export function pythonFloat(value: number): string {
  const text = pythonNumber(value);
  return /^-?\d+$/.test(text) ? `${text}.0` : text;
}

/** Plain data (numbers, booleans, strings, null, nested lists) as a Python literal; lists become tuples when `tuples`. */
export function pythonLiteral(value: unknown, tuples = false): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return pythonNumber(value);
  if (typeof value === "string") return pythonString(value);
  if (Array.isArray(value)) {
    const items = value.map((item) => pythonLiteral(item, tuples));
    if (!tuples) return `[${items.join(", ")}]`;
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
  }
  throw new Error(`no Python literal for ${typeof value}`);
}
