/**
 * The API every generated model module exports, whatever the backend. The training
 * script, checkpoints, the cross-backend agreement tests and user applications all
 * rely on it, so both emitters must produce exactly this shape.
 *
 * Tensor names are `<node id>.<tensor name>` from the IR (e.g. "conv2d_1.weight",
 * "batchnorm_1.running_mean"); data is float32 in the IR's channels-first layout
 * (PyTorch's: conv weight [out, in/groups, kH, kW], dense weight [out, in]), whatever
 * layout a backend computes in. Batches are channels-first too: input [n, C, H, W].
 */
export interface TensorInfo {
  name: string;
  shape: readonly number[];
  /** "param" tensors are trained (unless frozen); "buffer" tensors are state such as running statistics. */
  role: "param" | "buffer";
  trainable: boolean;
}

export interface ModelInfo {
  name: string;
  /** Per-sample input shape, channels-first, without the batch dimension. */
  inputShape: readonly number[];
  /** Per-sample output shape (e.g. [10]). */
  outputShape: readonly number[];
  tensors: readonly TensorInfo[];
  /** A hash of the model's IR: checkpoints of a different model are refused. */
  irHash: string;
}

export interface LossAndGradients {
  /** Mean loss over the batch (the data term only; penalties are reported separately). */
  loss: number;
  /** Gradients of the mean loss for every trainable tensor, same names and layout as the tensors. */
  gradients: Map<string, Float32Array>;
}

export interface GeneratedModelApi {
  readonly info: ModelInfo;
  /** Initialise every tensor from the seed, by the initializers in the IR. */
  initialize(seed: number): void;
  /** Copies of the current tensors, channels-first. */
  getTensors(): Map<string, Float32Array>;
  /** Overwrite tensors (all or some); shapes must match `info`. */
  setTensors(tensors: ReadonlyMap<string, Float32Array>): void;
  /** Logits (the last layer's output) for `n` samples in channels-first layout. */
  predict(input: Float32Array, n: number): Float32Array | Promise<Float32Array>;
}
