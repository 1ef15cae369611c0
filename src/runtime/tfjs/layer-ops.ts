/**
 * Ops the generated tfjs models call that tfjs lacks or that need netc's layout: the
 * generated model.ts imports the ones its layers use. They work in the channels-last
 * internal layout (a per-sample [C, H, W] is a batch [n, H, W, C]; the channel axis is
 * last), inside the model's tf.tidy.
 */
import { tf } from "./device.js";

/** [n, H, W, C] → [n, C, H, W] and [n, L, C] → [n, C, L]; [n, F] is unchanged. */
export function toChannelsFirst(x: tf.Tensor): tf.Tensor {
  if (x.rank === 4) return tf.transpose(x, [0, 3, 1, 2]);
  if (x.rank === 3) return tf.transpose(x, [0, 2, 1]);
  return x;
}

/** [n, C, H, W] → [n, H, W, C] and [n, C, L] → [n, L, C]; [n, F] is unchanged. */
export function toChannelsLast(x: tf.Tensor): tf.Tensor {
  if (x.rank === 4) return tf.transpose(x, [0, 2, 3, 1]);
  if (x.rank === 3) return tf.transpose(x, [0, 2, 1]);
  return x;
}

/**
 * A grouped convolution (PyTorch's groups): input channels and filters are split into
 * `groups` equal parts along the channel axis, each part convolved on its own, and the
 * results concatenated, so output channel o belongs to group o / (out / groups).
 */
export function conv2dGrouped(
  x: tf.Tensor4D,
  filter: tf.Tensor4D,
  strides: [number, number],
  pad: number | [[number, number], [number, number], [number, number], [number, number]],
  dilations: [number, number],
  groups: number,
): tf.Tensor4D {
  const inputs = tf.split<tf.Tensor4D>(x, groups, 3);
  const filters = tf.split<tf.Tensor4D>(filter, groups, 3);
  const outputs = inputs.map((part, g) =>
    tf.conv2d(part, filters[g]!, strides, pad, "NHWC", dilations),
  );
  return tf.concat<tf.Tensor4D>(outputs, 3);
}

/**
 * Batch normalisation over every axis but the last (the channel axis). Training uses the
 * batch's mean and biased variance and updates the running statistics as PyTorch does
 * (running = (1 − momentum)·running + momentum·batch, with the unbiased variance);
 * inference uses the running statistics.
 */
export function batchNorm(
  x: tf.Tensor,
  gamma: tf.Tensor | null,
  beta: tf.Tensor | null,
  runningMean: tf.Variable,
  runningVar: tf.Variable,
  momentum: number,
  eps: number,
  training: boolean,
): tf.Tensor {
  if (!training) {
    return tf.batchNorm(x, runningMean, runningVar, beta ?? undefined, gamma ?? undefined, eps);
  }
  const axes = x.shape.map((_, axis) => axis).slice(0, -1);
  const { mean, variance } = tf.moments(x, axes);
  const count = x.size / x.shape[x.rank - 1]!;
  const unbiased = count > 1 ? count / (count - 1) : 1;
  tf.tidy(() => {
    runningMean.assign(tf.add(tf.mul(runningMean, 1 - momentum), tf.mul(mean, momentum)));
    runningVar.assign(
      tf.add(tf.mul(runningVar, 1 - momentum), tf.mul(variance, momentum * unbiased)),
    );
  });
  return tf.batchNorm(x, mean, variance, beta ?? undefined, gamma ?? undefined, eps);
}

/**
 * The constant [P, columns] float32 matrix whose row p holds a 1 at column positions[p]
 * (a connection table's scatter), built from JS numbers: tfjs-backend-wasm's OneHot
 * kernel ignores a float dtype and writes integer 1s into the float buffer (each reads
 * as 1.4e-45), so tf.oneHot cannot build it on the wasm device.
 */
export function connectionScatter(positions: readonly number[], columns: number): tf.Tensor2D {
  const values = new Float32Array(positions.length * columns);
  positions.forEach((column, row) => (values[row * columns + column] = 1));
  return tf.tensor2d(values, [positions.length, columns]);
}

/** The [(k − 1)·d + 1, k] matrix with a 1 at (i·d, i): it spreads k taps d apart. */
function spread(taps: number, dilation: number): tf.Tensor2D {
  const size = (taps - 1) * dilation + 1;
  const values = new Float32Array(size * taps);
  for (let i = 0; i < taps; i++) values[i * dilation * taps + i] = 1;
  return tf.tensor2d(values, [size, taps]);
}

/**
 * A filter [kH, kW, in, out] with its taps spread dH and dW apart (zeros between), so that
 * a dilated convolution runs as an ordinary one: tfjs' convolution gradients refuse
 * dilations above 1 ("not yet supported"), while these matrix products and transposes
 * have gradients on every device.
 */
export function dilateFilter(filter: tf.Tensor4D, dilations: [number, number]): tf.Tensor4D {
  const [dH, dW] = dilations;
  const [kH, kW, channelsIn, channelsOut] = filter.shape;
  const height = (kH - 1) * dH + 1;
  const width = (kW - 1) * dW + 1;
  const channels = channelsIn * channelsOut;
  // rows spread: [height, kW·in·out]; then columns, with the width axis brought first
  const rows = tf.matMul(spread(kH, dH), tf.reshape(filter, [kH, kW * channels]));
  const byColumn = tf.transpose(tf.reshape(rows, [height, kW, channels]), [1, 0, 2]);
  const columns = tf.matMul(spread(kW, dW), tf.reshape(byColumn, [kW, height * channels]));
  return tf.transpose(tf.reshape(columns, [width, height, channelsIn, channelsOut]), [1, 0, 2, 3]);
}
