/**
 * The model-contract types (src/runtime/model-contract.ts) as written into the loops and
 * wasm backends' model.ts: it may import nothing (it must run in a browser as it is), so the
 * types are in the file (the tfjs model re-exports the runtime's own). The loops package
 * test checks that a generated model is assignable to the runtime's GeneratedModelApi,
 * which keeps this in step.
 */
export const contractTypesSource = `export interface TensorInfo {
  name: string;
  shape: readonly number[];
  role: "param" | "buffer";
  trainable: boolean;
}

export interface ModelInfo {
  name: string;
  inputShape: readonly number[];
  outputShape: readonly number[];
  tensors: readonly TensorInfo[];
  irHash: string;
}

export interface LossAndGradients {
  loss: number;
  gradients: Map<string, Float32Array>;
}
`;
