/**
 * The sizes the checker refuses or warns about, so that no input, however absurd, makes
 * it hang or exhaust memory, and no network passes that could not run. (The range of
 * numbers themselves is in syntax/number-range.ts.) Each limit says how it was chosen.
 */

/**
 * Elements of one tensor of one sample (NET0313): 2^31 − 1. Every backend holds a tensor
 * in one Float32Array. V8 in 64-bit Node 20 accepts up to 2^32 elements, but the generated
 * code is also meant to run in browsers, where other engines and older V8 stop at
 * 2^31 − 1, and its index arithmetic (`(i / n) | 0`, Int32Array index buffers) is 32-bit
 * signed. A tensor that needs more cannot run at any batch size.
 */
export const MAX_TENSOR_ELEMENTS = 2 ** 31 - 1;

/**
 * Layers (IR nodes) one check of a program expands, all its models and instances together
 * (NET0220). The deepest networks people train have a few thousand (ResNet-1001 about
 * 3,000 with its batch norms and activations); 10,000 leaves room for those while keeping
 * a check of the largest program, and the language server's answers that wait for it,
 * near a second on a slow machine (expanding a layer takes 20–100 µs). A repetition is
 * checked against it after expanding once, before the other repetitions.
 */
export const MAX_EXPANDED_LAYERS = 10_000;

/**
 * Block calls and residuals nested inside one another when expanded (NET0221): 256. The
 * expander recurses once per level (a chain of 2,000 blocks each calling the next
 * overflowed the stack); braces cap residuals within one body at 64, but blocks multiply
 * that. Real networks nest a handful of levels.
 */
export const MAX_EXPANSION_DEPTH = 256;

/**
 * Training memory above which NET0507 warns: 16 GB. The estimate (train/memory.ts) is a
 * lower bound, so a model above it does not train on a machine with 16 GB of RAM, the
 * common size of a laptop or workstation today, nor on any GPU short of the largest
 * data-centre ones. Every model in models/ stays well below it at its own batch size.
 */
export const TRAINING_MEMORY_WARNING_BYTES = 16e9;

/** An element or layer count as the messages show it: exact while it is, else 3 digits. */
export function showCount(n: number): string {
  return Number.isSafeInteger(n) ? String(n) : n.toPrecision(3);
}

/**
 * Values inside one value of a constant expression, nested lists and call arguments
 * counted in full (NET0219): 100,000. `let b = [a, a]` or `a + a`, line after line,
 * doubles a value each time, and everything that walks one (messages, the IR) would take
 * exponential time; the largest list a network needs (a connection table: output maps ×
 * input maps) is far smaller.
 */
export const MAX_VALUE_SIZE = 100_000;

/** Characters of a string built by `+` (NET0219): 65,536, far above any path or name. */
export const MAX_STRING_LENGTH = 65_536;

/** Lists and calls nested in one value (NET0219): as deep as brackets may nest in the text. */
export { MAX_NESTING_DEPTH as MAX_VALUE_DEPTH } from "../syntax/lexer.js";
