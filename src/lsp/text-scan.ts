/**
 * Backward scans over the text before the cursor. Completion used regular expressions
 * anchored with `$` (`/[A-Za-z_][A-Za-z0-9_]*$/`), which V8 tries from every position:
 * quadratic in the length of a long line, seconds on 40,000 characters. These walk back
 * from the end once, in time linear in what they match.
 */

function isWordChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 95
  );
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The index of the first word character ([A-Za-z0-9_]) of the run that ends at `end`. */
export function wordRunStart(text: string, end = text.length): number {
  let start = end;
  while (start > 0 && isWordChar(text.charCodeAt(start - 1))) start--;
  return start;
}

/**
 * The identifier ([A-Za-z_][A-Za-z0-9_]*) that ends exactly at `end`, or "" when none does:
 * what `/[A-Za-z_][A-Za-z0-9_]*$/` matches in `text.slice(0, end)`.
 */
export function identifierEndingAt(text: string, end = text.length): string {
  let start = wordRunStart(text, end);
  while (start < end && isDigit(text.charCodeAt(start))) start++;
  return text.slice(start, end);
}

/** `end` moved back over whitespace: the end of `text.slice(0, end).trimEnd()`. */
export function skipSpaceBackward(text: string, end = text.length): number {
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  return end;
}
