import type { DiagnosticBag } from "../../diagnostics/diagnostic.js";
import { Diagnostics } from "../../diagnostics/messages.js";
import type { Span } from "../../diagnostics/span.js";
import type { LayerNode, ModelIR, Shape } from "../../ir/ir.js";
import { MAX_TENSOR_ELEMENTS, TRAINING_MEMORY_WARNING_BYTES, showCount } from "../limits.js";

/**
 * A lower bound on the memory one training step needs, in bytes, float32 throughout:
 *
 *   4 · (P + P_trainable)  +  4 · 2 · batch · A
 *
 * P counts every parameter once (its value) and the trainable ones again (their
 * gradient); A counts the values of the input and of every layer's output for one sample,
 * each kept for the backward pass and matched by a gradient of the same size. The
 * optimizer's state (momentum: one more copy of the trainable parameters, Adam two), the
 * data set, and the backend's temporary buffers come on top, so a model over the warning
 * threshold certainly does not fit.
 */
export interface MemoryEstimate {
  bytes: number;
  parameterBytes: number;
  /** The activation part per sample of the batch (values and gradients). */
  bytesPerSample: number;
  /** The layer with the largest share, where the warning is reported. */
  largest: { node: LayerNode; bytes: number };
}

const BYTES = 4;
const elements = (shape: Shape) => shape.reduce((a, b) => a * b, 1);
const gb = (bytes: number) => (bytes / 1e9).toFixed(1);

export function estimateTrainingMemory(model: ModelIR, batch: number): MemoryEstimate | undefined {
  let parameterBytes = 0;
  let bytesPerSample = 2 * BYTES * elements(model.inputShape);
  let largest: MemoryEstimate["largest"] | undefined;
  for (const node of model.nodes) {
    const parameters = BYTES * (node.counts.params + node.counts.trainableParams);
    const perSample = 2 * BYTES * elements(node.outputShape);
    parameterBytes += parameters;
    bytesPerSample += perSample;
    const share = parameters + batch * perSample;
    if (largest === undefined || share > largest.bytes) largest = { node, bytes: share };
  }
  if (largest === undefined) return undefined;
  return {
    bytes: parameterBytes + batch * bytesPerSample,
    parameterBytes,
    bytesPerSample,
    largest,
  };
}

/**
 * NET0507: warn, at the layer with the largest share, when training at the train
 * section's batch needs more than TRAINING_MEMORY_WARNING_BYTES; the help says which batch
 * would fit, when one would.
 */
export function checkTrainingMemory(
  model: ModelIR,
  batch: number,
  batchAt: { span: Span; given: boolean },
  diagnostics: DiagnosticBag,
): void {
  const estimate = estimateTrainingMemory(model, batch);
  if (estimate === undefined || estimate.bytes <= TRAINING_MEMORY_WARNING_BYTES) return;
  const { node, bytes } = estimate.largest;
  const notes = [
    `this ${node.kind}'s share is ${gb(bytes)} GB: ${showCount(node.counts.params)} parameters and ${showCount(elements(node.outputShape))} output values per sample, each with its gradient`,
    "the estimate counts float32 parameters, activations and their gradients; the optimizer's state and the backend's buffers come on top",
  ];
  const batched = batch * elements(node.outputShape);
  if (batched > MAX_TENSOR_ELEMENTS)
    notes.push(
      `its output for a batch of ${batch} has ${showCount(batched)} values, more than a Float32Array can hold (${MAX_TENSOR_ELEMENTS})`,
    );
  const fitting = Math.floor(
    (TRAINING_MEMORY_WARNING_BYTES - estimate.parameterBytes) / estimate.bytesPerSample,
  );
  const help =
    fitting >= 1
      ? `lower the batch (at batch = ${fitting} it needs about ${gb(estimate.parameterBytes + fitting * estimate.bytesPerSample)} GB), or make this layer smaller`
      : estimate.parameterBytes >= TRAINING_MEMORY_WARNING_BYTES
        ? `the parameters alone need ${gb(estimate.parameterBytes)} GB; make this layer smaller`
        : `even one sample needs ${gb(estimate.parameterBytes + estimate.bytesPerSample)} GB; make this layer smaller`;
  diagnostics.report(
    Diagnostics.TrainingMemory,
    node.span,
    [batch, gb(estimate.bytes), gb(TRAINING_MEMORY_WARNING_BYTES)],
    {
      labels: [
        {
          span: batchAt.span,
          message: batchAt.given ? `batch = ${batch}` : `batch = ${batch}, the default`,
        },
      ],
      notes,
      help,
    },
  );
}
