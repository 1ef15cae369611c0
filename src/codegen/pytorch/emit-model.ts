import type { Span } from "../../diagnostics/span.js";
import type { Initializer, LayerNode, ModelIR } from "../../ir/ir.js";
import { irHash } from "../../ir/hash.js";
import { describeInitializer } from "../common/initializers.js";
import type { SourceLookup } from "../common/sources.js";
import { emitterFor, isUnsupported } from "../registry.js";
import type { PytorchKindEmitter, PytorchRegistryEntry } from "./kind-emitter.js";
import { pytorchRegistry } from "./registry.js";
import {
  PythonNames,
  pythonComment,
  pythonFloat,
  pythonLiteral,
  pythonString,
} from "../common/escape.js";
import { call, statementAt, type PyPart } from "./python-layout.js";

/**
 * Writes model.py of the PyTorch backend: one nn.Module built from the IR, channels-first
 * like the IR, whose state_dict() keys are netc's tensor names ("conv2d_1.weight",
 * "batchnorm_1.running_mean"), so checkpoints move between every backend by name. Each
 * node with tensors (or a module of its own) is the submodule `self.<node id>`; its
 * tensors carry the IR's names (kinds that PyTorch names differently have small modules
 * of their own, ./kinds/). A node id that is not a usable Python attribute (`name="a.b"`,
 * `name="forward"`) gets another attribute, and two state_dict hooks translate between
 * it and netc's name.
 */

export interface PytorchModelInput {
  model: ModelIR;
  sources: SourceLookup;
}

/** The names model.py exports, for train.py. */
export interface PytorchModelFile {
  text: string;
  className: string;
}

/** nn.Module's own public attributes (torch 1.13 to 2.x): a submodule must not take one. */
const MODULE_ATTRIBUTES = new Set([
  "T_destination",
  "add_module",
  "apply",
  "bfloat16",
  "buffers",
  "call_super_init",
  "children",
  "compile",
  "cpu",
  "cuda",
  "double",
  "dump_patches",
  "eval",
  "extra_repr",
  "float",
  "forward",
  "get_buffer",
  "get_extra_state",
  "get_parameter",
  "get_submodule",
  "half",
  "ipu",
  "load_state_dict",
  "modules",
  "mtia",
  "named_buffers",
  "named_children",
  "named_modules",
  "named_parameters",
  "parameters",
  "register_backward_hook",
  "register_buffer",
  "register_forward_hook",
  "register_forward_pre_hook",
  "register_full_backward_hook",
  "register_full_backward_pre_hook",
  "register_load_state_dict_post_hook",
  "register_load_state_dict_pre_hook",
  "register_module",
  "register_parameter",
  "register_state_dict_post_hook",
  "register_state_dict_pre_hook",
  "requires_grad_",
  "set_extra_state",
  "set_submodule",
  "share_memory",
  "state_dict",
  "to",
  "to_empty",
  "train",
  "training",
  "type",
  "xpu",
  "zero_grad",
  // the generated class's own
  "reset_parameters",
]);

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/** `lenet5.net:5`: where a span is, with the file's base name only. */
export function whereOf(span: Span): string {
  return `${baseName(span.file)}:${span.line}`;
}

/** The .net line of a span as written (trimmed), or undefined without the source text. */
export function sourceLine(span: Span, sources: SourceLookup): string | undefined {
  const text = sources.text(span.file);
  if (text === undefined) return undefined;
  const line = text.split(/\r\n|\r|\n/)[span.line - 1];
  return line === undefined ? undefined : line.trim();
}

function emitterOf(node: LayerNode): PytorchKindEmitter {
  return emitterFor<PytorchKindEmitter>(pytorchRegistry, node, "pytorch");
}

/** Every helper class any kind defines: reserved, so a model or layer never takes one's name. */
export function helperClassNames(): string[] {
  return Object.values<PytorchRegistryEntry>(pytorchRegistry).flatMap((entry) =>
    isUnsupported(entry) ? [] : Object.keys(entry.classes ?? {}),
  );
}

/** The fill of one tensor, as a statement inside reset_parameters, with the initializer in words. */
function initStatement(init: Initializer, target: string): { code: PyPart; note: string } {
  const d = init.distribution;
  const code =
    d.kind === "constant"
      ? call(`${target}.fill_`, [pythonFloat(d.value)])
      : d.kind === "uniform"
        ? call("uniform", [target, pythonFloat(d.low), pythonFloat(d.high)])
        : call("normal", [target, pythonFloat(d.mean), pythonFloat(d.std)]);
  return { code, note: describeInitializer(init) };
}

interface NodePlan {
  node: LayerNode;
  emitter: PytorchKindEmitter;
  /** The submodule's attribute name, when the kind has a module. */
  attribute?: string;
}

/** Which local variable holds each node's output in forward(): `x` along a chain, a name where a value is read later. */
function planVariables(model: ModelIR, locals: PythonNames): Map<string, string> {
  const consumers = new Map<string, number[]>();
  model.nodes.forEach((node, index) => {
    for (const input of node.inputs) consumers.set(input, [...(consumers.get(input) ?? []), index]);
  });
  const holder = new Map<string, string>([["input", "x"]]);
  // the value in `x` and the node index after which nobody reads it any more
  let inX = "input";
  const lastUse = (id: string) => Math.max(-1, ...(consumers.get(id) ?? []));
  model.nodes.forEach((node, index) => {
    const readers = consumers.get(node.id) ?? [];
    const isOutput = node.id === model.output;
    const chain = isOutput
      ? readers.length === 0
      : readers.length === 1 && readers[0] === index + 1;
    const xFree = lastUse(inX) <= index;
    if (chain && xFree) {
      holder.set(node.id, "x");
      inX = node.id;
    } else holder.set(node.id, locals.allocate(node.id));
  });
  return holder;
}

/** The comment above a group of forward statements: the .net line, and the block call it came through. */
function groupComment(node: LayerNode, sources: SourceLookup): string {
  const written = sourceLine(node.span, sources);
  const via =
    node.callStack.length === 0
      ? ""
      : `  (block ${node.callStack.map((c) => `${c.block}, called at ${whereOf(c.span)}`).join(" ← ")})`;
  return pythonComment(`${whereOf(node.span)}${written === undefined ? "" : `  ${written}`}${via}`);
}

function groupKey(node: LayerNode): string {
  return [
    node.span.file,
    node.span.line,
    ...node.callStack.map((c) => `${c.span.file}:${c.span.line}`),
  ].join("|");
}

export function emitPytorchModel(input: PytorchModelInput): PytorchModelFile {
  const { model, sources } = input;
  const helpers = helperClassNames();
  const moduleNames = new PythonNames(helpers);
  const className = moduleNames.allocate(model.name);

  // submodule attributes: the node id itself wherever Python and nn.Module allow it
  const attributes = new PythonNames([], (name) => !MODULE_ATTRIBUTES.has(name));
  const plans: NodePlan[] = model.nodes.map((node) => ({ node, emitter: emitterOf(node) }));
  for (const plan of plans) {
    if (plan.emitter.module === undefined) continue;
    plan.attribute = attributes.keeps(plan.node.id)
      ? attributes.allocate(plan.node.id)
      : attributes.allocate(`layer_${plan.node.id}`);
  }
  const renamed = plans.filter(
    (p) =>
      p.attribute !== undefined &&
      p.attribute !== p.node.id &&
      (p.node.params.length > 0 || p.node.buffers.length > 0),
  );

  const usedClasses = new Map<string, string>();
  for (const plan of plans)
    for (const [name, text] of Object.entries(plan.emitter.classes ?? {}))
      usedClasses.set(name, text);

  // __init__: one submodule per node that has one, commented with its .net call and shapes
  const init: string[] = [];
  for (const plan of plans) {
    if (plan.attribute === undefined) continue;
    const { node } = plan;
    const shapes = `[${node.inputShapes.map((s) => s.join(", ")).join("] + [")}] → [${node.outputShape.join(", ")}]`;
    const written = sourceLine(node.span, sources);
    init.push(
      pythonComment(
        `${node.id}: ${shapes}; ${whereOf(node.span)}${written === undefined ? "" : `  ${written}`}`,
      ),
    );
    const construct: PyPart = plan.emitter.module!(node);
    const assigned =
      typeof construct === "string"
        ? `self.${plan.attribute} = ${construct}`
        : { ...construct, head: `self.${plan.attribute} = ${construct.head}` };
    init.push(statementAt(assigned, 8));
    for (const tensor of node.params)
      if (!tensor.trainable)
        init.push(`self.${plan.attribute}.${tensor.name}.requires_grad_(False)  # frozen=true`);
  }

  // reset_parameters: every tensor from its IR initializer
  const fills: string[] = [];
  for (const plan of plans) {
    if (plan.attribute === undefined) continue;
    for (const tensor of plan.node.params) {
      const target = `self.${plan.attribute}.${tensor.name}`;
      const { code, note } = initStatement(tensor.init, target);
      fills.push(
        pythonComment(`${plan.node.id}.${tensor.name} [${tensor.shape.join(", ")}]: ${note}`),
      );
      fills.push(statementAt(code, 8));
    }
    for (const buffer of plan.node.buffers)
      fills.push(
        statementAt(
          call(`self.${plan.attribute}.${buffer.name}.fill_`, [pythonFloat(buffer.fill)]),
          8,
        ),
      );
  }

  // forward: one statement per node, grouped under the .net line it comes from
  const locals = new PythonNames([...helpers, className]);
  const holder = planVariables(model, locals);
  const forward: string[] = [];
  let lastGroup = "";
  for (const plan of plans) {
    const { node } = plan;
    const key = groupKey(node);
    if (key !== lastGroup) {
      forward.push(groupComment(node, sources));
      lastGroup = key;
    }
    const ctx = {
      input: (index = 0) => holder.get(node.inputs[index]!)!,
      module: plan.attribute === undefined ? "" : `self.${plan.attribute}`,
    };
    const expression = plan.emitter.forward(node, ctx);
    const target = holder.get(node.id)!;
    const assigned: PyPart =
      typeof expression === "string"
        ? `${target} = ${expression}`
        : { ...expression, head: `${target} = ${expression.head}` };
    forward.push(statementAt(assigned, 8));
  }
  forward.push(`return ${holder.get(model.output)!}`);

  const hooks = renamed.length === 0 ? "" : renameHooks(renamed);
  const body = [
    `def __init__(self, seed=0):`,
    indent(
      [
        "super().__init__()",
        ...init,
        ...(renamed.length === 0
          ? []
          : [
              "# state_dict() speaks netc's tensor names (NETC_NAMES) for renamed layers",
              "self._register_state_dict_hook(_to_netc_names)",
              "self._register_load_state_dict_pre_hook(_from_netc_names)",
            ]),
        "self.reset_parameters(seed)",
      ].join("\n"),
    ),
    "",
    "@torch.no_grad()",
    "def reset_parameters(self, seed=0):",
    indent(
      [
        '"""Every tensor as the .net file initialises it, drawn on the CPU from one',
        "generator seeded with `seed`, so the weights do not depend on the device.",
        "(netc's other backends draw from other generators: load their weights to compare.)",
        '"""',
        // a model without parameters (a lone pooling layer) has nothing to draw
        ...(fills.length === 0
          ? []
          : [
              "generator = torch.Generator().manual_seed(seed)",
              "",
              "def uniform(tensor, low, high):",
              "    values = torch.empty(tensor.shape).uniform_(low, high, generator=generator)",
              "    tensor.copy_(values)",
              "",
              "def normal(tensor, mean, std):",
              "    values = torch.empty(tensor.shape).normal_(mean, std, generator=generator)",
              "    tensor.copy_(values)",
              "",
              ...fills,
            ]),
      ].join("\n"),
    ),
    "",
    "def forward(self, x):",
    indent(forward.join("\n")),
  ].join("\n");

  const shapeTuple = (shape: readonly number[]) => pythonLiteral(shape, true);
  const text = `${pythonComment(`${model.name}: generated by netc from ${baseName(model.span.file)} (PyTorch backend). Do not edit:`)}
# change the .net file and recompile (netc compile FILE --backend pytorch).
#
# Channels-first, as the .net file and PyTorch: a batch is [N, ${model.inputShape.join(", ")}].
# state_dict() keys are netc's tensor names, so netc's safetensors checkpoints of any
# backend load here by name (netc_runtime.load_weights) and this model's load there.
import math

import torch
from torch import nn
from torch.nn import functional as F

MODEL_NAME = ${pythonString(model.name)}
# hash of the IR: a checkpoint resumes only into the model it was saved from
MODEL_HASH = ${pythonString(irHash(model))}
INPUT_SHAPE = ${shapeTuple(model.inputShape)}
OUTPUT_SHAPE = ${shapeTuple(model.nodes.find((n) => n.id === model.output)!.outputShape)}
${hooks}

${[...usedClasses.values()].map((text) => `${text}\n\n`).join("\n")}
class ${className}(nn.Module):
    ${pythonString(`${model.name} from ${baseName(model.span.file)}`)}

${indent(body)}
`;
  return { text: tidy(text), className };
}

/** The state_dict hooks and name table for layers whose attribute is not their node id. */
function renameHooks(renamed: readonly NodePlan[]): string {
  const entries = renamed.map(
    (p) => `    ${pythonString(p.attribute!)}: ${pythonString(p.node.id)},`,
  );
  return `
# layers whose node id is not a usable attribute name: attribute → netc's node id
NETC_NAMES = {
${entries.join("\n")}
}


def _to_netc_names(module, state, prefix, metadata):
    renamed = type(state)()
    for key, value in state.items():
        attribute, _, tensor = key[len(prefix) :].rpartition(".")
        if key.startswith(prefix) and attribute in NETC_NAMES:
            key = prefix + NETC_NAMES[attribute] + "." + tensor
        renamed[key] = value
    return renamed


def _from_netc_names(state, prefix, metadata, strict, missing, unexpected, errors):
    back = {netc: attribute for attribute, netc in NETC_NAMES.items()}
    moves = {}
    for key in state:
        node, _, tensor = key[len(prefix) :].rpartition(".")
        if key.startswith(prefix) and node in back:
            moves[key] = prefix + back[node] + "." + tensor
    values = {key: state.pop(key) for key in moves}
    for key, target in moves.items():
        state[target] = values[key]
`;
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => (line === "" ? line : `    ${line}`))
    .join("\n");
}

/** At most two blank lines in a row, none at the end (black's rules for top-level code). */
function tidy(text: string): string {
  return `${text.replace(/\n{4,}/g, "\n\n\n").trim()}\n`;
}

export { call };
