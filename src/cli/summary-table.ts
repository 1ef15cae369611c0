import type { ModelSummary } from "./frontend.js";

/**
 * The `netc summary` table, in the manner of torchinfo and Keras' model.summary():
 * one row per layer, then totals. Numbers are right-aligned with thousands separators.
 */

/** 61706 → "61,706", independent of the machine's locale so output is reproducible. */
export function withThousands(n: number): string {
  const sign = n < 0 ? "-" : "";
  const [whole, fraction] = String(Math.abs(n)).split(".");
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return sign + grouped + (fraction !== undefined ? `.${fraction}` : "");
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

interface Column {
  title: string;
  align: "left" | "right";
}

const columns: Column[] = [
  { title: "Layer", align: "left" },
  { title: "Kind", align: "left" },
  { title: "Output shape", align: "left" },
  { title: "Params", align: "right" },
  { title: "MACs", align: "right" },
  { title: "Connections", align: "right" },
  { title: "Trainable", align: "left" },
  // last: it is the longest, and a long cell then only widens the table to its right
  { title: "Init", align: "left" },
];

function pad(text: string, width: number, align: "left" | "right"): string {
  return align === "left" ? text.padEnd(width) : text.padStart(width);
}

export function renderSummaryTable(summary: ModelSummary, inputShape?: readonly number[]): string {
  const rows = summary.layers.map((layer) => [
    layer.name,
    layer.kind,
    formatShape(layer.outputShape),
    withThousands(layer.params),
    withThousands(layer.macs),
    withThousands(layer.connections),
    // A layer without parameters is neither trainable nor frozen.
    layer.params === 0 ? "--" : layer.trainable ? "yes" : "no",
    layer.init ?? "",
  ]);
  const widths = columns.map((column, i) =>
    Math.max(column.title.length, ...rows.map((row) => row[i]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => pad(cell, widths[i]!, columns[i]!.align))
      .join("  ")
      .trimEnd();
  const tableWidth = widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);

  const { totals } = summary;
  const totalRows: [string, number][] = [
    ["Total params", totals.params],
    ["Trainable params", totals.trainableParams],
    ["Non-trainable params", totals.params - totals.trainableParams],
    ["MACs (per sample)", totals.macs],
    ["Connections", totals.connections],
  ];
  const labelWidth = Math.max(...totalRows.map(([label]) => label.length)) + 1;
  const valueWidth = Math.max(...totalRows.map(([, value]) => withThousands(value).length));

  const title =
    `Model: ${summary.model}` + (inputShape ? `  (input ${formatShape(inputShape)})` : "");
  return (
    [
      title,
      "=".repeat(tableWidth),
      line(columns.map((c) => c.title)),
      "-".repeat(tableWidth),
      ...rows.map(line),
      "=".repeat(tableWidth),
      ...totalRows.map(
        ([label, value]) =>
          `${`${label}:`.padEnd(labelWidth)} ${withThousands(value).padStart(valueWidth)}`,
      ),
      "=".repeat(tableWidth),
    ].join("\n") + "\n"
  );
}
