/** Attributes of the conv kernels as tfjs passes them, and the geometry each implies. */
import { backend_util } from "@tensorflow/tfjs";
import { type ConvGeometry, geometryFromConvInfo } from "./conv-geometry.js";
import { type Conv2DDataFormat, isChannelsFirst } from "./backend-access.js";

type Shape4 = [number, number, number, number];
type PadAttr = Parameters<typeof backend_util.computeConv2DInfo>[4];
type RoundingMode = Parameters<typeof backend_util.computeConv2DInfo>[5];

interface CommonConvAttrs {
  strides: number | [number, number];
  pad: PadAttr;
  dimRoundingMode?: RoundingMode;
  /** Conv2D and the depthwise kernels carry it; Conv2DBackprop* do not (tfjs only differentiates dilation 1), but accept it if given. */
  dilations?: number | [number, number];
  dataFormat?: Conv2DDataFormat;
}

export interface Conv2DAttrs extends CommonConvAttrs {}
export interface BackpropFilterAttrs extends CommonConvAttrs {
  filterShape: Shape4;
}
export interface BackpropInputAttrs extends CommonConvAttrs {
  inputShape: Shape4;
}

export interface ResolvedConv {
  geometry: ConvGeometry;
  channelsFirst: boolean;
  /** tfjs's own output shape for the forward conv (in the caller's layout). */
  outShape: number[];
}

/** Shapes in the caller's layout (NHWC or NCHW); the geometry is layout-free. */
export function resolveConv(
  xShape: number[],
  filterShape: number[],
  attrs: CommonConvAttrs,
  depthwise = false,
): ResolvedConv {
  const channelsFirst = !depthwise && isChannelsFirst(attrs.dataFormat);
  const info = backend_util.computeConv2DInfo(
    xShape as Shape4,
    filterShape as Shape4,
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    depthwise,
    channelsFirst ? "channelsFirst" : "channelsLast",
  );
  return {
    geometry: geometryFromConvInfo(info, depthwise ? filterShape[3]! : 1),
    channelsFirst,
    outShape: info.outShape,
  };
}
