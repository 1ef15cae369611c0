/**
 * The model-contract types (src/runtime/model-contract.ts) as emitted into every
 * generated model.ts. The loops model may import nothing (it must run in a browser as
 * it is), so the types are written into the file; the tfjs model carries the same text
 * so both backends' modules look alike. The loops package test checks that a generated
 * model is assignable to the runtime's GeneratedModelApi, which keeps this in step.
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
