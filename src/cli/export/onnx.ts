import { basename } from "node:path";
import { exportOnnx } from "../../codegen/onnx/export.js";
import { writeFileAtomic } from "../../runtime/atomic-write.js";
import { UserError, describeIoError } from "../errors.js";
import type { ExportFormat } from "./formats.js";

/**
 * An ONNX model (opset 13) for inference: standard operators, the weights as initializers
 * under netc's tensor names, input "input" and output "output" with a free batch axis.
 * onnxruntime, onnx.checker and any ONNX tool read it.
 */
export const onnxExport: ExportFormat = {
  description: "ONNX model for inference (opset 13; input 'input', output 'output', NCHW float32)",
  write({ model, weights, netcVersion, out }) {
    let bytes: Uint8Array;
    try {
      bytes = exportOnnx({
        model,
        weights: new Map(weights.map((tensor) => [tensor.name, tensor])),
        netcVersion,
        sourceName: basename(model.span.file),
      });
    } catch (error) {
      throw new UserError((error as Error).message);
    }
    try {
      writeFileAtomic(out, bytes);
    } catch (error) {
      throw new UserError(describeIoError("write", out, error));
    }
    return `${bytes.length.toLocaleString("en-US")} bytes, ${weights.length} tensors, opset 13`;
  },
};
