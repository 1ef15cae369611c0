/**
 * Which numbers the language can hold. Numbers are JavaScript doubles: integers are exact
 * only up to 2^53 − 1 (beyond it `n + 1 == n`, and sizes, counts and the arithmetic on
 * them silently go wrong), and floats end at about 1.8e308 (beyond it, Infinity). The
 * lexer reports literals outside this range (NET0108), the evaluator arithmetic results
 * (NET0219); both then stand for no value, so nothing downstream sees them.
 */
export function numberRangeProblem(value: number, isInteger: boolean): string | undefined {
  if (isInteger && !Number.isSafeInteger(value))
    return `integers are exact only up to 2^53 − 1 = ${Number.MAX_SAFE_INTEGER}`;
  if (!Number.isFinite(value)) return "floats reach only about 1.8e308";
  return undefined;
}

/** `64` is an integer literal, `64.0` and `1e3` are floats (as in cst-to-ast.ts). */
export function isIntegerLiteral(image: string): boolean {
  return /^\d+$/.test(image);
}
