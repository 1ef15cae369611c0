/** The plain-text tables `npm run bench` prints (one column per key of the rows). */
type Row = object;

function cell(value: unknown): string {
  if (typeof value === "number" && Number.isNaN(value)) return "—"; // not measured for this row
  if (typeof value === "number") {
    if (Number.isInteger(value)) return value.toLocaleString("en-US");
    return value.toLocaleString("en-US", { maximumFractionDigits: value < 10 ? 2 : 1 });
  }
  return String(value);
}

/** A plain-text table with a column per key of the rows. */
export function table(rows: readonly Row[]): string {
  if (rows.length === 0) return "(no rows)";
  const keys = Object.keys(rows[0]!);
  const cells = rows.map((row) => keys.map((k) => cell((row as Record<string, unknown>)[k])));
  const widths = keys.map((k, i) => Math.max(k.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: string[]) =>
    values.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join("  ");
  return [line(keys), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)].join("\n");
}
