/**
 * A small application that uses a model compiled by netc: it imports the loops backend's
 * model.ts (plain TypeScript, no dependencies), loads the weights a training run saved in
 * a checkpoint, and classifies handwritten digits from the held-out MNIST test split.
 *
 *   netc compile models/lenet5.net --backend loops --out examples/app/lenet5
 *   netc train models/lenet5.net --checkpoint examples/app/lenet5.ckpt
 *   npx tsx examples/app/classify.ts examples/app/lenet5.ckpt
 */
import { checkCheckpointModel, loadCheckpoint, loadMnistPackage, normalize } from "netc/runtime";
import { config } from "./lenet5/config.js";
import { LeNet5, OUTPUT_SIZE } from "./lenet5/model.js";

const checkpointPath = process.argv[2] ?? "examples/app/lenet5.ckpt";
const shown = Number(process.argv[3] ?? 8);

// The model, with the trained weights in place of its random initialisation.
const model = new LeNet5(100);
const checkpoint = loadCheckpoint(checkpointPath);
// refuses a checkpoint of another model, or of this model with other shapes
checkCheckpointModel(
  checkpoint,
  { model: model.info.name, modelHash: model.info.irHash },
  checkpointPath,
);
model.setTensors(
  new Map([...checkpoint.parameters, ...checkpoint.buffers].map((t) => [t.name, t.data])),
);

// The same preprocessing as training: the .net file's normalize = [means…, stds…].
const { test } = loadMnistPackage();
const stats = config.data.args.normalize as number[];
normalize(test, stats.slice(0, stats.length / 2), stats.slice(stats.length / 2));

/** Index of the largest of `count` values from `offset`. */
function argmax(values: Float32Array, offset: number, count: number): number {
  let best = 0;
  for (let i = 1; i < count; i++) if (values[offset + i]! > values[offset + best]!) best = i;
  return best;
}

/** The digit as text art: the darker the pixel, the denser the character. */
function picture(pixels: Float32Array): string {
  const ramp = " .:-=+*#%@";
  const [low, high] = [Math.min(...pixels), Math.max(...pixels)];
  const rows: string[] = [];
  for (let y = 0; y < 28; y += 2) {
    let row = "";
    for (let x = 0; x < 28; x++) {
      const value = (pixels[y * 28 + x]! + pixels[(y + 1) * 28 + x]!) / 2;
      row += ramp[Math.round(((value - low) / (high - low)) * (ramp.length - 1))];
    }
    rows.push(`    ${row.trimEnd()}`);
  }
  return rows.join("\n");
}

const size = 28 * 28;
let correct = 0;
for (let start = 0; start < test.count; start += model.maxBatch) {
  const n = Math.min(model.maxBatch, test.count - start);
  const logits = model.predict(test.images.subarray(start * size, (start + n) * size), n);
  for (let i = 0; i < n; i++) {
    const index = start + i;
    const predicted = argmax(logits, i * OUTPUT_SIZE, OUTPUT_SIZE);
    const label = test.labels[index]!;
    if (predicted === label) correct++;
    if (index < shown) {
      if (index < 2) console.log(picture(test.images.subarray(index * size, (index + 1) * size)));
      console.log(
        `test digit ${index}: predicted ${predicted}, label ${label} ${predicted === label ? "✓" : "✗"}`,
      );
    }
  }
}
console.log(
  `accuracy on the ${test.count} held-out digits: ${((100 * correct) / test.count).toFixed(2)}%`,
);
