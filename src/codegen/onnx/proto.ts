import { readFileSync } from "node:fs";
import protobuf from "protobufjs";

/**
 * ONNX's protobuf messages, from the official onnx.proto (ONNX 1.12, Apache-2.0, vendored
 * unchanged beside this file) parsed by protobufjs at run time. protobufjs is the
 * maintained JavaScript protobuf implementation (onnxruntime-web itself depends on it);
 * reading the schema from the official file rather than from a package of generated code
 * (onnx-proto, which pins protobufjs 6) keeps the field numbers exactly ONNX's.
 */

/** onnx.proto, read from the source tree (the same relative path from src/ and dist/). */
function onnxProtoText(): string {
  return readFileSync(new URL("../../../src/codegen/onnx/onnx.proto", import.meta.url), "utf8");
}

let root: protobuf.Root | undefined;

/** A message type of onnx.proto, e.g. "ModelProto"; field names as the .proto spells them. */
export function onnxType(name: string): protobuf.Type {
  root ??= protobuf.parse(onnxProtoText(), { keepCase: true }).root;
  return root.lookupType(`onnx.${name}`);
}

/** TensorProto.DataType values netc writes. */
export const DataType = { FLOAT: 1, INT64: 7 } as const;

/** AttributeProto.AttributeType values netc writes. */
export const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7 } as const;
