/**
 * A 1,000-line .net file for the latency benchmark: a block and a long MLP-like model,
 * with comments, the way a large generated file looks. Line `editLine` (0-based) holds
 * `dense(64)`, whose `4` the benchmark toggles.
 */
export function bigFile(lines = 1000): { text: string; editLine: number; editCharacter: number } {
  const out: string[] = [
    "# generated: a deep MLP, for the language-server latency benchmark",
    "block unit(width) {",
    "  dense(width) -> relu",
    "}",
    "",
    "model Deep {",
    "  input [784]",
  ];
  let unit = 0;
  while (out.length < lines - 1) {
    if (unit % 10 === 0) out.push(`  # stage ${unit / 10}`);
    else out.push(unit % 3 === 0 ? "  unit(64)" : "  dense(64) -> relu");
    unit++;
  }
  out.push("}");
  const editLine = out.findIndex((line, i) => i > lines / 2 && line === "  dense(64) -> relu");
  return { text: out.join("\n") + "\n", editLine, editCharacter: "  dense(6".length };
}
