// The demo page: loads the compiled model (dist/model.js) and its trained weights
// (dist/weights.bin, dist/manifest.json from build.ts), lets the user draw on a canvas and
// shows the model's prediction. Plain JavaScript: the page needs no build step of its own.

const manifest = await (await fetch("dist/manifest.json")).json();
const weights = new Float32Array(await (await fetch("dist/weights.bin")).arrayBuffer());
const module = await import("./dist/model.js");
const model = new module[manifest.className](1);
model.setTensors(
  new Map(manifest.tensors.map((t) => [t.name, weights.subarray(t.offset, t.offset + t.length)])),
);
const half = manifest.normalize.length / 2;
const [mean, std] = half >= 1 ? [manifest.normalize[0], manifest.normalize[half]] : [0, 1];

const pad = document.getElementById("pad");
const seen = document.getElementById("seen");
const padContext = pad.getContext("2d", { willReadFrequently: true });
const prediction = document.getElementById("prediction");
const scores = document.getElementById("scores");
const status = document.getElementById("status");

/**
 * The drawing as MNIST prepared its digits: the ink's bounding box scaled to fit 20×20
 * pixels, then placed so that its centre of mass is at the centre of a 28×28 image.
 * Values from 0 (background) to 1 (ink).
 */
export function toMnist(canvas) {
  const { width, height } = canvas;
  const rgba = canvas.getContext("2d").getImageData(0, 0, width, height).data;
  let [left, top, right, bottom] = [width, height, -1, -1];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (rgba[(y * width + x) * 4] > 0) {
        left = Math.min(left, x);
        right = Math.max(right, x);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
  const image = new Float32Array(28 * 28);
  if (right < 0) return image;
  const box = Math.max(right - left + 1, bottom - top + 1);
  const scaled = document.createElement("canvas");
  scaled.width = scaled.height = 20;
  const scaledContext = scaled.getContext("2d");
  scaledContext.imageSmoothingQuality = "high";
  const side = (20 * (right - left + 1)) / box,
    tall = (20 * (bottom - top + 1)) / box;
  scaledContext.drawImage(
    canvas,
    left,
    top,
    right - left + 1,
    bottom - top + 1,
    (20 - side) / 2,
    (20 - tall) / 2,
    side,
    tall,
  );
  const small = scaledContext.getImageData(0, 0, 20, 20).data;
  let [mass, cx, cy] = [0, 0, 0];
  for (let y = 0; y < 20; y++)
    for (let x = 0; x < 20; x++) {
      const v = small[(y * 20 + x) * 4] / 255;
      mass += v;
      cx += v * x;
      cy += v * y;
    }
  const [dx, dy] = [Math.round(13.5 - cx / mass), Math.round(13.5 - cy / mass)];
  for (let y = 0; y < 20; y++)
    for (let x = 0; x < 20; x++) {
      const [tx, ty] = [x + dx, y + dy];
      if (tx >= 0 && tx < 28 && ty >= 0 && ty < 28)
        image[ty * 28 + tx] = small[(y * 20 + x) * 4] / 255;
    }
  return image;
}

function softmax(logits) {
  const top = Math.max(...logits);
  const exps = Array.from(logits, (z) => Math.exp(z - top));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

export function classify() {
  const image = toMnist(pad);
  const view = seen.getContext("2d").createImageData(28, 28);
  image.forEach((v, i) => {
    view.data.set([v * 255, v * 255, v * 255, 255], i * 4);
  });
  seen.getContext("2d").putImageData(view, 0, 0);
  if (image.every((v) => v === 0)) {
    prediction.textContent = "…";
    prediction.dataset.state = "empty";
    scores.replaceChildren();
    return undefined;
  }
  const input = image.map((v) => (v - mean) / std);
  const probabilities = softmax(model.predict(input, 1));
  const digit = probabilities.indexOf(Math.max(...probabilities));
  prediction.textContent = String(digit);
  prediction.dataset.state = "ready";
  scores.replaceChildren(
    ...probabilities.map((p, d) => {
      const row = document.createElement("div");
      const bar = document.createElement("span");
      bar.className = "bar";
      bar.style.width = `${Math.round(p * 120)}px`;
      row.append(`${d}`, bar, `${(p * 100).toFixed(1)}%`);
      return row;
    }),
  );
  return digit;
}

// Drawing: thick white strokes on black, like MNIST's ink; classify when a stroke ends.
let drawing = false;
padContext.lineWidth = 20;
padContext.lineCap = padContext.lineJoin = "round";
padContext.strokeStyle = "#fff";
const point = (event) => [event.offsetX, event.offsetY];
pad.addEventListener("pointerdown", (event) => {
  drawing = true;
  padContext.beginPath();
  padContext.moveTo(...point(event));
  pad.setPointerCapture(event.pointerId);
});
pad.addEventListener("pointermove", (event) => {
  if (!drawing) return;
  padContext.lineTo(...point(event));
  padContext.stroke();
});
pad.addEventListener("pointerup", () => {
  drawing = false;
  classify();
});
document.getElementById("clear").addEventListener("click", () => {
  padContext.clearRect(0, 0, pad.width, pad.height);
  classify();
});

// For tests and the console: paste a 28×28 image (values 0…1) into the pad, scaled up, and classify it.
window.netcDemo = {
  classify,
  paste(pixels) {
    const image = padContext.createImageData(28, 28);
    pixels.forEach((v, i) => {
      image.data.set([v * 255, v * 255, v * 255, 255], i * 4);
    });
    const small = document.createElement("canvas");
    small.width = small.height = 28;
    small.getContext("2d").putImageData(image, 0, 0);
    padContext.clearRect(0, 0, pad.width, pad.height);
    padContext.imageSmoothingEnabled = true;
    padContext.drawImage(small, 0, 0, pad.width, pad.height);
    return classify();
  },
};
status.textContent = `${manifest.model}, trained ${manifest.epoch} epoch(s), ${weights.length.toLocaleString("en")} weights`;
prediction.dataset.state = "empty";
