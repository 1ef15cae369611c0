import type { ModelIR, TrainIR } from "../../ir/ir.js";
import type { NamedTensor } from "../../runtime/checkpoint-format.js";
import type { TensorInfo } from "../../runtime/model-contract.js";
import { onnxExport } from "./onnx.js";
import { safetensorsExport } from "./safetensors.js";

/**
 * The formats `netc export --format` writes, as a registry: a format is one entry here and
 * a file beside this one. Each receives the checked model and its weights, already matched
 * to the model (every tensor present with its shape, channels-first, in the model's
 * order), and writes `out`.
 */
export interface ExportInput {
  readonly model: ModelIR;
  readonly train: TrainIR | undefined;
  /** The model's tensors (names, shapes, roles), in the order of `weights`. */
  readonly tensors: readonly TensorInfo[];
  readonly weights: readonly NamedTensor[];
  readonly modelHash: string;
  readonly netcVersion: string;
  /** The output path (absolute). */
  readonly out: string;
}

export interface ExportFormat {
  /** One line for `netc export --help`. */
  readonly description: string;
  /** Writes the file; returns what was written, for the closing line (e.g. "10 tensors"). Throws UserError for I/O failures. */
  write(input: ExportInput): Promise<string> | string;
}

export const exportFormats: Readonly<Record<string, ExportFormat>> = {
  safetensors: safetensorsExport,
  onnx: onnxExport,
};
