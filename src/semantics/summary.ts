import type { ModelIR } from "../ir/ir.js";
import { describeInitializer } from "./layer-options.js";

/** One row of `netc summary` (the JSON shape of issue 2, plus the initializers used). */
export interface SummaryRow {
  name: string;
  kind: string;
  outputShape: number[];
  params: number;
  macs: number;
  connections: number;
  /** True when the layer has parameters and all of them are trained (false for frozen or parameterless layers). */
  trainable: boolean;
  /** "weight: uniform(±0.2), bias: uniform(±0.2)"; absent for parameterless layers. */
  init?: string;
}

export interface ModelSummary {
  model: string;
  inputShape: number[];
  layers: SummaryRow[];
  totals: { params: number; trainableParams: number; macs: number; connections: number };
}

/** The data behind `netc summary`; rendering it (table or JSON) is the CLI's job. */
export function summarize(model: ModelIR): ModelSummary {
  return {
    model: model.name,
    inputShape: [...model.inputShape],
    layers: model.nodes.map((node) => {
      const row: SummaryRow = {
        name: node.id,
        kind: node.kind,
        outputShape: [...node.outputShape],
        params: node.counts.params,
        macs: node.counts.macs,
        connections: node.counts.connections,
        trainable: node.params.length > 0 && node.params.every((p) => p.trainable),
      };
      if (node.params.length > 0)
        row.init = node.params.map((p) => `${p.name}: ${describeInitializer(p)}`).join(", ");
      return row;
    }),
    totals: {
      params: model.totals.params,
      trainableParams: model.totals.trainableParams,
      macs: model.totals.macs,
      connections: model.totals.connections,
    },
  };
}
