import { AttributeType, DataType } from "./proto.js";

/**
 * An ONNX graph under construction: nodes in topological order, initializers (netc's
 * tensors under netc's names, and constants the composite kinds need), value names kept
 * unique. Plain objects shaped as onnx.proto's messages, encoded by ./export.ts.
 */

export type Attribute =
  | { kind: "int"; value: number }
  | { kind: "ints"; value: readonly number[] }
  | { kind: "float"; value: number }
  | { kind: "floats"; value: readonly number[] };

export const int = (value: number): Attribute => ({ kind: "int", value });
export const ints = (value: readonly number[]): Attribute => ({ kind: "ints", value });
export const float = (value: number): Attribute => ({ kind: "float", value });

export interface OnnxTensor {
  name: string;
  dims: readonly number[];
  data_type: number;
  raw_data: Uint8Array;
}

export interface OnnxNode {
  name: string;
  op_type: string;
  input: string[];
  output: string[];
  attribute: Record<string, unknown>[];
  doc_string?: string;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The values' bytes, little-endian as ONNX stores raw_data (a view, not a copy, where the host is little-endian). */
function littleEndianBytes(values: Float32Array | BigInt64Array): Uint8Array {
  if (LITTLE_ENDIAN_HOST)
    return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new Uint8Array(values.length * values.BYTES_PER_ELEMENT);
  const view = new DataView(out.buffer);
  values.forEach((value: number | bigint, i: number) => {
    if (typeof value === "bigint") view.setBigInt64(8 * i, value, true);
    else view.setFloat32(4 * i, value, true);
  });
  return out;
}

function encodeAttribute(name: string, attribute: Attribute): Record<string, unknown> {
  switch (attribute.kind) {
    case "int":
      return { name, type: AttributeType.INT, i: attribute.value };
    case "ints":
      return { name, type: AttributeType.INTS, ints: [...attribute.value] };
    case "float":
      return { name, type: AttributeType.FLOAT, f: attribute.value };
    case "floats":
      return { name, type: AttributeType.FLOATS, floats: [...attribute.value] };
  }
}

export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private readonly names = new Set<string>();
  private counter = 0;

  /** A value name not used yet, from `wanted`. */
  fresh(wanted: string): string {
    let name = wanted;
    for (let n = 2; this.names.has(name); n++) name = `${wanted}#${n}`;
    this.names.add(name);
    return name;
  }

  /** Reserves an exact name (a graph input, a netc tensor); it must be free. */
  reserve(name: string): string {
    if (this.names.has(name))
      throw new Error(`onnx export: the name ${JSON.stringify(name)} is used twice`);
    this.names.add(name);
    return name;
  }

  /** A float initializer under an exact name (netc's tensor name). */
  floatInitializer(name: string, dims: readonly number[], values: Float32Array): string {
    this.initializers.push({
      name: this.reserve(name),
      dims,
      data_type: DataType.FLOAT,
      raw_data: littleEndianBytes(values),
    });
    return name;
  }

  /** A constant initializer named after `hint`. */
  constant(
    hint: string,
    dims: readonly number[],
    values: readonly number[],
    type: "float" | "int64",
  ): string {
    const name = this.fresh(hint);
    this.initializers.push({
      name,
      dims,
      data_type: type === "float" ? DataType.FLOAT : DataType.INT64,
      raw_data:
        type === "float"
          ? littleEndianBytes(Float32Array.from(values))
          : littleEndianBytes(BigInt64Array.from(values.map((v) => BigInt(v)))),
    });
    return name;
  }

  /** Adds a node; returns its output value names (one by default), named after `hint`. */
  add(
    opType: string,
    inputs: readonly string[],
    hint: string,
    attributes: Readonly<Record<string, Attribute>> = {},
    outputs = 1,
  ): string[] {
    const names = Array.from({ length: outputs }, (_, i) =>
      this.fresh(outputs === 1 ? hint : `${hint}:${i}`),
    );
    this.nodes.push({
      name: `${hint}/${opType}#${++this.counter}`,
      op_type: opType,
      input: [...inputs],
      output: names,
      attribute: Object.entries(attributes).map(([name, value]) => encodeAttribute(name, value)),
    });
    return names;
  }
}
