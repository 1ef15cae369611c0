import type { PlanarWindow } from "../../common/planar-window.js";

/**
 * Loop nests over windows (poolings, subsampling, convolution's im2col), emitted with
 * every size a constant. 1-D windows are planar ones of height 1 (../../common/planar-window.ts).
 */

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

/** True when a window can reach past the bottom/right edge (padding after, e.g. `same`). */
function needsBoundsCheck(p: PlanarWindow): boolean {
  return (
    (p.outH - 1) * p.strideH + (p.kH - 1) * p.dilationH - p.padTop > p.inH - 1 ||
    (p.outW - 1) * p.strideW + (p.kW - 1) * p.dilationW - p.padLeft > p.inW - 1
  );
}

/**
 * Loops over every (sample b, channel c, output position oh/ow) and its window's taps
 * (kh, kw), skipping taps in the padding: `xc`/`yc` index the channel's input and output
 * planes, `i` the tap's input value, `o` the output value (in `finish`).
 */
export function windowLoops(
  p: PlanarWindow,
  body: { init: string; tap: string; finish: string },
): string {
  const padded = p.padTop > 0 || p.padLeft > 0 || needsBoundsCheck(p);
  const rowCheck = padded && p.inH > 1 ? `if (ih < 0 || ih >= ${p.inH}) continue;` : "";
  const colCheck = padded ? `if (iw < 0 || iw >= ${p.inW}) continue;` : "";
  const ih = `oh * ${p.strideH} + kh${p.dilationH === 1 ? "" : ` * ${p.dilationH}`}${p.padTop ? ` - ${p.padTop}` : ""}`;
  const iw = `ow * ${p.strideW} + kw${p.dilationW === 1 ? "" : ` * ${p.dilationW}`}${p.padLeft ? ` - ${p.padLeft}` : ""}`;
  return `
    for (let b = 0; b < n; b++) {
      for (let c = 0; c < ${p.channelsIn}; c++) {
        const xc = (b * ${p.channelsIn} + c) * ${p.inH * p.inW};
        const yc = (b * ${p.channelsIn} + c) * ${p.outH * p.outW};
        for (let oh = 0; oh < ${p.outH}; oh++) {
          for (let ow = 0; ow < ${p.outW}; ow++) {
            ${body.init}
            for (let kh = 0; kh < ${p.kH}; kh++) {
              const ih = ${ih};
              ${rowCheck}
              for (let kw = 0; kw < ${p.kW}; kw++) {
                const iw = ${iw};
                ${colCheck}
                const i = xc + ${p.inH === 1 ? "" : `ih * ${p.inW} + `}iw;
                ${body.tap}
              }
            }
            const o = yc + oh * ${p.outW} + ow;
            ${body.finish}
          }
        }
      }
    }`;
}
