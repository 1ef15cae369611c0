import type { LayerNode } from "../../../ir/ir.js";

/**
 * The geometry of a windowed layer (convolution or pooling) read from the IR node's
 * resolved attributes (`kernelSize`, `strides`, `dilations`, `padding`, set by the layer
 * module's `resolveAttrs`) and its shapes. 1-D layers are described as 2-D ones with a
 * height of 1, so one loop nest serves both.
 */
export interface Window2d {
  channelsIn: number;
  channelsOut: number;
  inH: number;
  inW: number;
  outH: number;
  outW: number;
  kH: number;
  kW: number;
  strideH: number;
  strideW: number;
  dilationH: number;
  dilationW: number;
  /** Padding before the first row / column (the after-padding is implied by the output size). */
  padTop: number;
  padLeft: number;
}

function numbers(value: unknown, what: string, node: LayerNode): number[] {
  if (Array.isArray(value) && value.every((v) => typeof v === "number")) return value as number[];
  throw new Error(
    `loops backend: ${node.kind} node ${node.id} lacks the resolved attribute ${what}`,
  );
}

export function window2d(node: LayerNode): Window2d {
  const input = node.inputShapes[0]!;
  const output = node.outputShape;
  const spatialRank = input.length - 1;
  const kernel = numbers(node.attrs.kernelSize, "kernelSize", node);
  const strides = numbers(node.attrs.strides, "strides", node);
  const dilations = numbers(node.attrs.dilations, "dilations", node);
  const padding = node.attrs.padding;
  const padBefore = Array.isArray(padding)
    ? padding.map((pair) => (Array.isArray(pair) ? (pair[0] as number) : (pair as number)))
    : [];
  if (padBefore.length !== spatialRank)
    throw new Error(`loops backend: ${node.id} has malformed padding`);
  if (spatialRank === 1) {
    return {
      channelsIn: input[0]!,
      channelsOut: output[0]!,
      inH: 1,
      inW: input[1]!,
      outH: 1,
      outW: output[1]!,
      kH: 1,
      kW: kernel[0]!,
      strideH: 1,
      strideW: strides[0]!,
      dilationH: 1,
      dilationW: dilations[0]!,
      padTop: 0,
      padLeft: padBefore[0]!,
    };
  }
  return {
    channelsIn: input[0]!,
    channelsOut: output[0]!,
    inH: input[1]!,
    inW: input[2]!,
    outH: output[1]!,
    outW: output[2]!,
    kH: kernel[0]!,
    kW: kernel[1]!,
    strideH: strides[0]!,
    strideW: strides[1]!,
    dilationH: dilations[0]!,
    dilationW: dilations[1]!,
    padTop: padBefore[0]!,
    padLeft: padBefore[1]!,
  };
}

/**
 * The output positions o in [0, outSize) whose input position o·S − P + k·D falls inside
 * [0, inSize) for kernel tap k, as expressions of the tap variable: `[start, end)`.
 * Emitted as constants when the padding cannot push a tap outside the input.
 */
export function validRange(
  tap: string,
  inSize: number,
  outSize: number,
  kernel: number,
  stride: number,
  dilation: number,
  padBefore: number,
): { start: string; end: string } {
  if (padBefore === 0 && (outSize - 1) * stride + (kernel - 1) * dilation <= inSize - 1) {
    // No tap of any window can leave the input: the whole output range is valid.
    return { start: "0", end: String(outSize) };
  }
  const tapOffset = dilation === 1 ? tap : `${dilation} * ${tap}`;
  // o·S ≥ P − k·D  ⇒  o ≥ ceil((P − k·D)/S);   o·S ≤ inSize − 1 + P − k·D  ⇒  o ≤ floor(…/S)
  const startExpr =
    stride === 1
      ? `Math.max(0, ${padBefore} - ${tapOffset})`
      : `Math.max(0, Math.ceil((${padBefore} - ${tapOffset}) / ${stride}))`;
  const endExpr =
    stride === 1
      ? `Math.min(${outSize}, ${inSize + padBefore} - ${tapOffset})`
      : `Math.min(${outSize}, Math.floor((${inSize - 1 + padBefore} - ${tapOffset}) / ${stride}) + 1)`;
  return { start: startExpr, end: endExpr };
}

export function product(values: readonly number[]): number {
  return values.reduce((a, b) => a * b, 1);
}

/** `a * b` with the multiplication left out when b is 1 (keeps emitted index arithmetic short). */
export function times(expr: string, factor: number): string {
  if (factor === 1) return expr;
  if (factor === 0) return "0";
  return `${expr} * ${factor}`;
}

/** `a + b` with zero terms dropped. */
export function plus(...terms: (string | number)[]): string {
  const kept = terms.map(String).filter((t) => t !== "0" && t !== "");
  return kept.length === 0 ? "0" : kept.join(" + ");
}
