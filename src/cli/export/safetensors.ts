import { saveWeights } from "../../runtime/checkpoint-file.js";
import { RuntimeError } from "../../runtime/errors.js";
import { UserError } from "../errors.js";
import type { ExportFormat } from "./formats.js";

/**
 * A weights-only safetensors file (format "netc-weights"): the parameters and buffers,
 * F32, channels-first, named as the model names them, with the model's name and IR hash
 * in `__metadata__`. `safetensors.torch.load_file` reads it, and so does netc.
 */
export const safetensorsExport: ExportFormat = {
  description: "weights-only safetensors file (parameters and buffers, F32, channels-first)",
  write({ model, weights, modelHash, netcVersion, out }) {
    try {
      saveWeights(out, { model: model.name, modelHash, netcVersion, tensors: weights });
    } catch (error) {
      if (error instanceof RuntimeError) throw new UserError(error.message);
      throw error;
    }
    const values = weights.reduce((sum, tensor) => sum + tensor.data.length, 0);
    return `${weights.length} tensors, ${values.toLocaleString("en-US")} values`;
  },
};
