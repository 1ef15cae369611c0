import { beforeAll, describe, expect, it } from "vitest";
import {
  isNetcKernel,
  registerNetcKernels,
  restoreStockKernels,
  selectDevice,
  tf,
} from "../../src/runtime/tfjs/index.js";
import {
  type ConvCase,
  type Pad,
  layoutOf,
  nhwcToNchw,
  referenceConv,
  referenceDepthwise,
  relativeError,
  seededValues,
} from "./conv-reference.js";

const TOLERANCE = 1e-4;

const cases: Record<string, ConvCase> = {
  "stride 2, same": {
    batch: 2,
    inHeight: 9,
    inWidth: 8,
    inChannels: 3,
    filterHeight: 3,
    filterWidth: 3,
    outChannels: 4,
    stride: [2, 2],
    dilation: [1, 1],
    pad: "same",
  },
  "valid, stride [1,2], dilation [2,1]": {
    batch: 3,
    inHeight: 7,
    inWidth: 7,
    inChannels: 2,
    filterHeight: 3,
    filterWidth: 2,
    outChannels: 5,
    stride: [1, 2],
    dilation: [2, 1],
    pad: "valid",
  },
  "explicit pads [[1,2],[0,1]], stride [2,1]": {
    batch: 2,
    inHeight: 6,
    inWidth: 7,
    inChannels: 3,
    filterHeight: 2,
    filterWidth: 3,
    outChannels: 2,
    stride: [2, 1],
    dilation: [1, 1],
    pad: [
      [1, 2],
      [0, 1],
    ],
  },
  "LeNet conv1 (5×5, pad 2)": {
    batch: 2,
    inHeight: 10,
    inWidth: 10,
    inChannels: 1,
    filterHeight: 5,
    filterWidth: 5,
    outChannels: 6,
    stride: [1, 1],
    dilation: [1, 1],
    pad: [
      [2, 2],
      [2, 2],
    ],
  },
  "stride 2 and dilation 2, same": {
    batch: 2,
    inHeight: 8,
    inWidth: 9,
    inChannels: 4,
    filterHeight: 3,
    filterWidth: 3,
    outChannels: 3,
    stride: [2, 2],
    dilation: [2, 2],
    pad: "same",
  },
};

type Format = "NHWC" | "NCHW";

function padAttr(pad: Pad, format: Format): unknown {
  if (typeof pad === "string") return pad;
  return format === "NHWC" ? [[0, 0], pad[0], pad[1], [0, 0]] : [[0, 0], [0, 0], pad[0], pad[1]];
}

interface CaseData {
  x: Float32Array;
  w: Float32Array;
  dy: Float32Array;
  xShape: number[];
  dyShape: number[];
}

function caseData(c: ConvCase, depthwise: boolean, format: Format, seed: number): CaseData {
  const l = layoutOf(c);
  const outC = depthwise ? c.inChannels * c.outChannels : c.outChannels;
  const x = seededValues(c.batch * c.inHeight * c.inWidth * c.inChannels, seed);
  const w = seededValues(c.filterHeight * c.filterWidth * c.inChannels * c.outChannels, seed + 1);
  const dy = seededValues(c.batch * l.outHeight * l.outWidth * outC, seed + 2);
  if (format === "NHWC") {
    return {
      x,
      w,
      dy,
      xShape: [c.batch, c.inHeight, c.inWidth, c.inChannels],
      dyShape: [c.batch, l.outHeight, l.outWidth, outC],
    };
  }
  return {
    x: nhwcToNchw(x, c.batch, c.inHeight, c.inWidth, c.inChannels),
    w,
    dy: nhwcToNchw(dy, c.batch, l.outHeight, l.outWidth, outC),
    xShape: [c.batch, c.inChannels, c.inHeight, c.inWidth],
    dyShape: [c.batch, outC, l.outHeight, l.outWidth],
  };
}

function run(
  kernel: string,
  inputs: Record<string, tf.Tensor>,
  attrs: Record<string, unknown>,
): Float32Array {
  const out = tf.engine().runKernel(kernel, inputs, attrs as never) as tf.Tensor;
  const values = out.dataSync() as Float32Array;
  tf.dispose([out, ...Object.values(inputs)]);
  return values;
}

/** Runs the conv kernels on the active backend and returns their results in NHWC order. */
function convKernels(c: ConvCase, format: Format, which: { forward: boolean }) {
  const d = caseData(c, false, format, 7);
  const filterShape = [c.filterHeight, c.filterWidth, c.inChannels, c.outChannels];
  const attrs = {
    strides: c.stride,
    dilations: c.dilation,
    pad: padAttr(c.pad, format),
    dataFormat: format,
  };
  const l = layoutOf(c);
  const back = (v: Float32Array, shape: number[]) => (format === "NHWC" ? v : toNhwc(v, shape));
  const forward = which.forward
    ? back(
        run("Conv2D", { x: tf.tensor(d.x, d.xShape), filter: tf.tensor(d.w, filterShape) }, attrs),
        [c.batch, c.outChannels, l.outHeight, l.outWidth],
      )
    : undefined;
  const dFilter = run(
    "Conv2DBackpropFilter",
    { x: tf.tensor(d.x, d.xShape), dy: tf.tensor(d.dy, d.dyShape) },
    { ...attrs, filterShape },
  );
  const dInput = back(
    run(
      "Conv2DBackpropInput",
      { dy: tf.tensor(d.dy, d.dyShape), filter: tf.tensor(d.w, filterShape) },
      { ...attrs, inputShape: d.xShape },
    ),
    d.xShape,
  );
  return { forward, dFilter, dInput };
}

function toNhwc(v: Float32Array, [n, c, h, w]: number[]): Float32Array {
  const out = new Float32Array(v.length);
  for (let b = 0; b < n!; b++)
    for (let ch = 0; ch < c!; ch++)
      for (let y = 0; y < h!; y++)
        for (let x = 0; x < w!; x++)
          out[((b * h! + y) * w! + x) * c! + ch] = v[((b * c! + ch) * h! + y) * w! + x]!;
  return out;
}

function expectedConv(c: ConvCase) {
  const d = caseData(c, false, "NHWC", 7);
  return referenceConv(c, d.x, d.w, d.dy);
}

function depthwiseKernels(c: ConvCase) {
  const d = caseData(c, true, "NHWC", 21);
  const filterShape = [c.filterHeight, c.filterWidth, c.inChannels, c.outChannels];
  const attrs = { strides: c.stride, dilations: c.dilation, pad: padAttr(c.pad, "NHWC") };
  return {
    dFilter: run(
      "DepthwiseConv2dNativeBackpropFilter",
      { x: tf.tensor(d.x, d.xShape), dy: tf.tensor(d.dy, d.dyShape) },
      { ...attrs, filterShape },
    ),
    dInput: run(
      "DepthwiseConv2dNativeBackpropInput",
      { dy: tf.tensor(d.dy, d.dyShape), filter: tf.tensor(d.w, filterShape) },
      { ...attrs, inputShape: d.xShape },
    ),
    expected: referenceDepthwise(c, d.x, d.w, d.dy),
  };
}

for (const device of ["wasm", "cpu"] as const) {
  describe(`netc kernels on ${device} vs float64 reference`, () => {
    beforeAll(async () => {
      await selectDevice(device, { announce: () => {} });
    });

    for (const [name, c] of Object.entries(cases)) {
      for (const format of ["NHWC", "NCHW"] as const) {
        it(`conv2d gradients, ${name}, ${format}`, () => {
          const expected = expectedConv(c);
          // wasm's forward Conv2D is the stock XNNPACK one and is NHWC-only; cpu's is netc's.
          const got = convKernels(c, format, { forward: device === "cpu" });
          expect(relativeError(got.dFilter, expected.dFilter)).toBeLessThan(TOLERANCE);
          expect(relativeError(got.dInput, expected.dInput)).toBeLessThan(TOLERANCE);
          if (got.forward) expect(relativeError(got.forward, expected.out)).toBeLessThan(TOLERANCE);
        });
      }
      it(`depthwise gradients, ${name}`, () => {
        // outChannels is the channel multiplier here.
        const got = depthwiseKernels(c);
        expect(relativeError(got.dFilter, got.expected.dFilter)).toBeLessThan(TOLERANCE);
        expect(relativeError(got.dInput, got.expected.dInput)).toBeLessThan(TOLERANCE);
      });
    }
  });
}

describe("netc cpu kernels vs the stock cpu kernels", () => {
  it("agree on conv2d forward and both gradients, and registration is idempotent", async () => {
    await selectDevice("cpu", { announce: () => {} });
    const c = cases["explicit pads [[1,2],[0,1]], stride [2,1]"]!;
    const ours = convKernels(c, "NHWC", { forward: true });
    restoreStockKernels("cpu");
    expect(isNetcKernel("Conv2DBackpropFilter", "cpu")).toBe(false);
    const stock = convKernels(c, "NHWC", { forward: true });
    expect(registerNetcKernels("cpu")).toContain("Conv2DBackpropFilter");
    registerNetcKernels("cpu");
    expect(isNetcKernel("Conv2DBackpropFilter", "cpu")).toBe(true);
    expect(relativeError(ours.forward!, stock.forward!)).toBeLessThan(TOLERANCE);
    expect(relativeError(ours.dFilter, stock.dFilter)).toBeLessThan(TOLERANCE);
    expect(relativeError(ours.dInput, stock.dInput)).toBeLessThan(TOLERANCE);
  });
});

describe("MaxPoolGrad (netc, wasm and cpu) vs the stock cpu kernel", () => {
  // Half the inputs are exact zeros (as after relu), so ties must break like the stock kernel: first maximum wins.
  const shape = [2, 7, 6, 3];
  const input = seededValues(2 * 7 * 6 * 3, 5).map((v) => Math.max(0, v));
  const pools = [
    { filterSize: 2, strides: 2, pad: "valid" },
    { filterSize: [3, 2], strides: [2, 1], pad: "same" },
  ];

  function poolGrad(attrs: Record<string, unknown>): Float32Array {
    const x = tf.tensor(input, shape);
    const output = tf.engine().runKernel("MaxPool", { x }, attrs as never) as tf.Tensor;
    const dy = tf.tensor(seededValues(output.size, 9), output.shape);
    return run("MaxPoolGrad", { dy, input: x, output }, attrs);
  }

  it("routes every gradient to the same input element (first maximum on ties)", async () => {
    await selectDevice("cpu", { announce: () => {} });
    restoreStockKernels("cpu");
    const stock = pools.map(poolGrad);
    registerNetcKernels("cpu");
    const cpu = pools.map(poolGrad);
    await selectDevice("wasm", { announce: () => {} });
    const wasm = pools.map(poolGrad);
    for (let i = 0; i < pools.length; i++) {
      // Not bit-equal: where windows overlap, the two kernels add the shared gradients in a different order.
      expect(relativeError(cpu[i]!, stock[i]!)).toBeLessThan(1e-6);
      expect(relativeError(wasm[i]!, stock[i]!)).toBeLessThan(1e-6);
    }
  });
});
