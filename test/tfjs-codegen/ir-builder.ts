import type { Span } from "../../src/diagnostics/span.js";
import type { AttrValue, LayerNode, ModelIR, ProgramIR, Shape, TrainIR } from "../../src/ir/ir.js";
import { getLayerKind } from "../../src/semantics/layers/index.js";

/**
 * Hand-built IR for emitter tests that must not depend on the parser or checker: a
 * chain of layers whose attributes, tensors and shapes come from the layer modules
 * themselves (their defaults, resolveAttrs, parameters and buffers), exactly as the
 * checker would fill them.
 */

const span = (line: number): Span => ({
  file: "test.net",
  start: 0,
  end: 1,
  line,
  column: 1,
  endLine: line,
  endColumn: 2,
});

export interface LayerSpec {
  kind: string;
  args?: Record<string, AttrValue>;
  /** Output shape (the checker's job; written out here). */
  out: Shape;
  /** Inputs by id; default: the previous node. */
  inputs?: string[];
  id?: string;
}

export function chainModel(name: string, inputShape: Shape, layers: LayerSpec[]): ModelIR {
  const nodes: LayerNode[] = [];
  const shapes = new Map<string, Shape>([["input", inputShape]]);
  const counters = new Map<string, number>();
  let previous = "input";
  layers.forEach((layer, index) => {
    const kind = getLayerKind(layer.kind);
    if (kind === undefined) throw new Error(`unknown kind ${layer.kind}`);
    const n = (counters.get(layer.kind) ?? 0) + 1;
    counters.set(layer.kind, n);
    const id = layer.id ?? `${layer.kind}_${n}`;
    const inputs = layer.inputs ?? [previous];
    const inputShapes = inputs.map((i) => shapes.get(i)!);
    const args: Record<string, AttrValue> = {};
    for (const p of kind.params) if (p.default !== undefined) args[p.name] = p.default;
    Object.assign(args, layer.args ?? {});
    const input = inputShapes[0]!;
    const attrs = { ...args, ...(kind.resolveAttrs?.(args, input, layer.out) ?? {}) };
    const params = (kind.parameters?.(args, input, layer.out) ?? []).map((p) => ({
      name: p.name,
      shape: p.shape,
      init: { ...p.defaultInit, fanIn: p.fanIn, fanOut: p.fanOut },
      trainable: true,
      lrMultiplier: 1,
      l1: 0,
      l2: 0,
    }));
    const buffers = kind.buffers?.(args, input, layer.out) ?? [];
    nodes.push({
      id,
      kind: kind.name,
      attrs,
      inputs,
      inputShapes,
      outputShape: layer.out,
      params,
      buffers,
      counts: { params: 0, trainableParams: 0, macs: 0, connections: 0 },
      span: span(index + 3),
      callStack: [],
    });
    shapes.set(id, layer.out);
    previous = id;
  });
  const total = nodes.reduce(
    (sum, node) => sum + node.params.reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0),
    0,
  );
  return {
    name,
    inputShape,
    nodes,
    output: previous,
    span: span(1),
    options: { rounding: "exact" },
    totals: { params: total, trainableParams: total, macs: 0, connections: 0 },
  };
}

export function trainFor(
  model: string,
  loss: string,
  optimizer: string,
  optimizerArgs: Record<string, AttrValue>,
): TrainIR {
  return {
    model,
    span: span(20),
    data: { name: "mnist", args: { normalize: [0.1307, 0.3081], validation: 0.1 }, span: span(21) },
    loss: { name: loss, args: {}, span: span(22) },
    optimizer: { name: optimizer, args: optimizerArgs, span: span(23) },
    batch: 64,
    epochs: 1,
    seed: 42,
    settings: {},
  };
}

export function program(model: ModelIR, train?: TrainIR): ProgramIR {
  return { models: [model], trains: train === undefined ? [] : [train] };
}

/** LeNet-5 (modern variant), as models/lenet5.net describes it. */
export function lenet5(): ModelIR {
  return chainModel(
    "LeNet5",
    [1, 28, 28],
    [
      { kind: "conv2d", args: { filters: 6, kernel: 5, pad: 2 }, out: [6, 28, 28] },
      { kind: "relu", out: [6, 28, 28] },
      { kind: "maxpool2d", args: { kernel: 2 }, out: [6, 14, 14] },
      { kind: "conv2d", args: { filters: 16, kernel: 5 }, out: [16, 10, 10] },
      { kind: "relu", out: [16, 10, 10] },
      { kind: "maxpool2d", args: { kernel: 2 }, out: [16, 5, 5] },
      { kind: "flatten", out: [400] },
      { kind: "dense", args: { units: 120 }, out: [120] },
      { kind: "relu", out: [120] },
      { kind: "dense", args: { units: 84 }, out: [84] },
      { kind: "relu", out: [84] },
      { kind: "dense", args: { units: 10 }, out: [10] },
    ],
  );
}

/** A 784-500-10 MLP (seed 001). */
export function mlp(): ModelIR {
  return chainModel(
    "MLP",
    [784],
    [
      { kind: "dense", args: { units: 500 }, out: [500] },
      { kind: "relu", out: [500] },
      { kind: "dense", args: { units: 10 }, out: [10] },
    ],
  );
}
