/**
 * Checkpoints and weights files, encoded and decoded in memory (no Node APIs).
 *
 * Both are standard safetensors files (see safetensors.ts), so `safetensors.torch.load_file`
 * or a few lines of NumPy read the weights:
 *
 * - tensors: the model's parameters and buffers, named as the IR names them
 *   ("conv2d_1.weight", "batchnorm_1.running_mean"), channels-first, F32; in a checkpoint
 *   also the optimizer's slots as "optimizer/<tensor name>/<slot>"
 *   ("optimizer/conv2d_1.weight/velocity");
 * - `__metadata__` (strings only): format ("netc-checkpoint" or "netc-weights"),
 *   format_version ("2"), netc_version, model, model_hash, backend, epoch, step,
 *   global_step, optimizer, optimizer_scalars / rng / extra / buffers (JSON text), and
 *   data_crc32 (CRC-32 of the data section, 8 hex digits).
 *
 * src/runtime/README.md has the full table. Encoding is deterministic: same contents, same
 * bytes. Decoding treats the file as untrusted: the layout, every metadata field and (given
 * the model) every tensor name and shape are checked before anything is used, and every
 * problem is one CheckpointError line (exit 2 in a training script). Legacy `.ckpt` files
 * (format version 1) still load (checkpoint-v1.ts).
 */
import type { TensorInfo } from "./model-contract.js";
import { type JsonValue, FieldReader } from "./checkpoint-schema.js";
import { decodeLegacyCheckpoint, isLegacyCheckpoint } from "./checkpoint-v1.js";
import { CheckpointError } from "./errors.js";
import type { RngState } from "./rng.js";
import { decodeSafetensors, encodeSafetensors, hex32, shown, tensorsCrc32 } from "./safetensors.js";

export type { JsonValue } from "./checkpoint-schema.js";

export const CHECKPOINT_FORMAT = "netc-checkpoint";
export const WEIGHTS_FORMAT = "netc-weights";
export const CHECKPOINT_VERSION = 2;
/** Prefix of optimizer slot tensors in the file. */
export const OPTIMIZER_PREFIX = "optimizer/";

export interface NamedTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export interface Checkpoint {
  /** Model name in the .net file. */
  readonly model: string;
  readonly netcVersion: string;
  /** Hash of the model's IR, computed by the compiler and embedded in the generated code. */
  readonly modelHash: string;
  /** The backend that wrote it ("loops", "tfjs", "pytorch"); absent in legacy files. */
  readonly backend?: string;
  /** Completed epochs. */
  readonly epoch: number;
  /** Completed steps within epoch `epoch` (0-based epoch index); 0 at an epoch boundary. */
  readonly step: number;
  /** Completed steps over the whole run (for schedules). */
  readonly globalStep: number;
  readonly parameters: readonly NamedTensor[];
  /** Non-trained state, e.g. batch-norm running mean and variance. */
  readonly buffers: readonly NamedTensor[];
  readonly optimizer: {
    readonly name: string;
    /** Slots named "<tensor name>/<slot>", channels-first like their tensor. */
    readonly tensors: readonly NamedTensor[];
    readonly scalars: Readonly<Record<string, number>>;
  };
  /** Named generator states (e.g. "augment", "dropout"). */
  readonly rng: Readonly<Record<string, RngState>>;
  /** Anything else the script must restore (best validation accuracy, patience counter, …). */
  readonly extra: Readonly<Record<string, JsonValue>>;
}

/** A weights-only file: the model's parameters and buffers. */
export interface Weights {
  /** Absent in a safetensors file that another program wrote. */
  readonly model?: string;
  readonly modelHash?: string;
  readonly tensors: readonly NamedTensor[];
}

export interface ModelIdentity {
  readonly model: string;
  readonly modelHash: string;
}

/** What a resuming script knows about its model and run; each part it gives is checked. */
export interface CheckpointExpectation extends ModelIdentity {
  /** The model's tensors: names, shapes, and roles (which split parameters from buffers). */
  readonly tensors?: readonly TensorInfo[];
  /** The run's epoch count: a checkpoint further along is refused. */
  readonly epochs?: number;
  /** Steps in one epoch of this run: a checkpoint further into an epoch is refused. */
  readonly stepsPerEpoch?: number;
}

export function encodeCheckpoint(checkpoint: Checkpoint): Uint8Array {
  const tensors = [
    ...checkpoint.parameters,
    ...checkpoint.buffers,
    ...checkpoint.optimizer.tensors.map((tensor) => ({
      ...tensor,
      name: `${OPTIMIZER_PREFIX}${tensor.name}`,
    })),
  ];
  return encodeSafetensors(tensors, {
    format: CHECKPOINT_FORMAT,
    format_version: String(CHECKPOINT_VERSION),
    netc_version: checkpoint.netcVersion,
    model: checkpoint.model,
    model_hash: checkpoint.modelHash,
    backend: checkpoint.backend ?? "unknown",
    epoch: String(checkpoint.epoch),
    step: String(checkpoint.step),
    global_step: String(checkpoint.globalStep),
    optimizer: checkpoint.optimizer.name,
    optimizer_scalars: JSON.stringify(checkpoint.optimizer.scalars),
    rng: JSON.stringify(checkpoint.rng),
    extra: JSON.stringify(checkpoint.extra),
    buffers: JSON.stringify(checkpoint.buffers.map((tensor) => tensor.name)),
    data_crc32: hex32(tensorsCrc32(tensors)),
  });
}

/** A weights-only file (parameters and buffers) for a model. */
export function encodeWeights(weights: {
  readonly model: string;
  readonly modelHash: string;
  readonly netcVersion: string;
  readonly tensors: readonly NamedTensor[];
}): Uint8Array {
  return encodeSafetensors(weights.tensors, {
    format: WEIGHTS_FORMAT,
    format_version: String(CHECKPOINT_VERSION),
    netc_version: weights.netcVersion,
    model: weights.model,
    model_hash: weights.modelHash,
    data_crc32: hex32(tensorsCrc32(weights.tensors)),
  });
}

/** What either layout yields before the shared checks: fields still untyped. */
export interface RawTensor extends NamedTensor {
  readonly group: "parameter" | "buffer" | "optimizer";
}

export interface RawCheckpoint {
  /** null: a safetensors file without netc's metadata. */
  readonly format: typeof CHECKPOINT_FORMAT | typeof WEIGHTS_FORMAT | null;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly tensors: readonly RawTensor[];
}

const MODEL_HASH = /^[0-9a-f]{1,64}$/;

function rawFromBytes(bytes: Uint8Array, file: string): RawCheckpoint {
  if (isLegacyCheckpoint(bytes)) return decodeLegacyCheckpoint(bytes, file);
  const { metadata, tensors, dataCrc32 } = decodeSafetensors(bytes, file);
  const format = metadata?.format;
  if (metadata === null || (format !== CHECKPOINT_FORMAT && format !== WEIGHTS_FORMAT)) {
    return {
      format: null,
      fields: {},
      tensors: tensors.map((tensor) => ({ ...tensor, group: "parameter" })),
    };
  }
  const reader = new FieldReader(file);
  if (metadata.format_version !== String(CHECKPOINT_VERSION)) {
    throw new CheckpointError(
      `${file}: ${format} format version ${shown(metadata.format_version ?? "(none)")} is not supported (this netc reads version ${CHECKPOINT_VERSION})`,
    );
  }
  const storedCrc = metadata.data_crc32;
  if (storedCrc !== undefined || format === CHECKPOINT_FORMAT) {
    reader.text(storedCrc, "data_crc32", /^[0-9a-f]{8}$/);
    if (storedCrc !== hex32(dataCrc32)) {
      throw new CheckpointError(
        `${file}: corrupt: checksum mismatch (stored 0x${storedCrc}, computed 0x${hex32(dataCrc32)})`,
      );
    }
  }
  const buffers =
    metadata.buffers === undefined
      ? new Set<string>()
      : new Set(reader.names(reader.json(metadata.buffers, "buffers"), "buffers"));
  return {
    format,
    fields: {
      model: metadata.model,
      netcVersion: metadata.netc_version,
      modelHash: metadata.model_hash,
      backend: metadata.backend,
      epoch: metadata.epoch,
      step: metadata.step,
      globalStep: metadata.global_step,
      optimizer: metadata.optimizer,
      scalars:
        metadata.optimizer_scalars === undefined
          ? undefined
          : reader.json(metadata.optimizer_scalars, "optimizer_scalars"),
      rng: metadata.rng === undefined ? undefined : reader.json(metadata.rng, "rng"),
      extra: metadata.extra === undefined ? undefined : reader.json(metadata.extra, "extra"),
    },
    tensors: tensors.map((tensor) => {
      if (tensor.name.startsWith(OPTIMIZER_PREFIX)) {
        const name = tensor.name.slice(OPTIMIZER_PREFIX.length);
        if (name === "") reader.fail(`optimizer tensor ${shown(tensor.name)} has no name`);
        return { ...tensor, name, group: "optimizer" };
      }
      return { ...tensor, group: buffers.has(tensor.name) ? "buffer" : "parameter" };
    }),
  };
}

/**
 * Decodes a checkpoint (safetensors layout, or a legacy `.ckpt`) and checks every field;
 * with `expected`, also that it belongs to the model and fits the run (checkCheckpointModel).
 * `file` names it in error messages.
 */
export function decodeCheckpoint(
  bytes: Uint8Array,
  file: string,
  expected?: CheckpointExpectation,
): Checkpoint {
  return checkpointFromRaw(rawFromBytes(bytes, file), file, expected);
}

function checkpointFromRaw(
  raw: RawCheckpoint,
  file: string,
  expected?: CheckpointExpectation,
): Checkpoint {
  if (raw.format !== CHECKPOINT_FORMAT) {
    throw new CheckpointError(
      `${file}: ${raw.format === WEIGHTS_FORMAT ? "a weights-only file" : "a safetensors file without netc's checkpoint metadata"}: it holds weights but no training state, so training cannot resume from it`,
    );
  }
  const reader = new FieldReader(file);
  const { fields } = raw;
  const roles = new Map(expected?.tensors?.map((tensor) => [tensor.name, tensor.role]));
  const roleOf = (tensor: RawTensor) =>
    tensor.group === "optimizer"
      ? "optimizer"
      : roles.size > 0
        ? roles.get(tensor.name) === "buffer"
          ? "buffer"
          : "parameter"
        : tensor.group;
  const named = (group: RawTensor["group"]): NamedTensor[] =>
    raw.tensors
      .filter((tensor) => roleOf(tensor) === group)
      .map(({ name, shape, data }) => ({ name, shape, data }));
  const backend = fields.backend;
  const checkpoint: Checkpoint = {
    model: reader.text(fields.model, "model"),
    netcVersion: reader.text(fields.netcVersion, "netc_version", undefined, 64),
    modelHash: reader.text(fields.modelHash, "model_hash", MODEL_HASH),
    ...(backend === undefined
      ? {}
      : { backend: reader.text(backend, "backend", /^[a-z0-9_-]+$/, 32) }),
    epoch: reader.whole(fields.epoch, "epoch"),
    step: reader.whole(fields.step, "step"),
    globalStep: reader.whole(fields.globalStep, "global_step"),
    parameters: named("parameter"),
    buffers: named("buffer"),
    optimizer: {
      name: reader.text(fields.optimizer, "optimizer", /^[a-z0-9_]+$/, 64),
      tensors: named("optimizer"),
      scalars: reader.scalars(fields.scalars),
    },
    rng: reader.rngStates(fields.rng),
    extra: reader.extra(fields.extra),
  };
  if (expected !== undefined) checkCheckpointModel(checkpoint, expected, file);
  return checkpoint;
}

/**
 * Decodes a weights file: a netc checkpoint (its parameters and buffers), a netc weights
 * file, a legacy `.ckpt`, or any safetensors file of F32 tensors (e.g. written by
 * `safetensors.torch.save_file`). Match it to a model with checkWeightsModel.
 */
export function decodeWeights(bytes: Uint8Array, file: string): Weights {
  const raw = rawFromBytes(bytes, file);
  if (raw.format === CHECKPOINT_FORMAT) {
    const checkpoint = checkpointFromRaw(raw, file);
    return {
      model: checkpoint.model,
      modelHash: checkpoint.modelHash,
      tensors: [...checkpoint.parameters, ...checkpoint.buffers],
    };
  }
  const tensors = raw.tensors.map(({ name, shape, data }) => ({ name, shape, data }));
  if (raw.format === null) return { tensors };
  const reader = new FieldReader(file);
  return {
    model: reader.text(raw.fields.model, "model"),
    modelHash: reader.text(raw.fields.modelHash, "model_hash", MODEL_HASH),
    tensors,
  };
}

/** The model a checkpoint or weights file must belong to. */
export interface ModelTensors {
  readonly model: string;
  readonly modelHash: string;
  readonly tensors: readonly TensorInfo[];
}

/**
 * Matches weights to a model: every tensor of the model present with its shape, nothing
 * else, and (for files netc wrote) the same model and IR hash. Returns the tensors in the
 * model's order.
 */
export function checkWeightsModel(
  weights: Weights,
  expected: ModelTensors,
  file: string,
): NamedTensor[] {
  if (weights.model !== undefined && weights.modelHash !== undefined) {
    if (weights.model !== expected.model || weights.modelHash !== expected.modelHash) {
      throw new CheckpointError(
        `${file}: the weights were saved from ${describeOther(weights as ModelIdentity, expected)}`,
      );
    }
  }
  return matchTensors(weights.tensors, expected.tensors, "tensor", file);
}

function describeOther(saved: ModelIdentity, expected: ModelIdentity): string {
  return saved.model !== expected.model
    ? `model ${shown(saved.model)}, not ${expected.model}`
    : `a different version of model ${expected.model} (IR hash ${saved.modelHash.slice(0, 12)}, now ${expected.modelHash.slice(0, 12)})`;
}

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((size, i) => size === b[i]);

/** The saved tensors in the order of `targets`, each present with the target's shape; no others. */
function matchTensors(
  saved: readonly NamedTensor[],
  targets: readonly { name: string; shape: readonly number[] }[],
  what: string,
  file: string,
): NamedTensor[] {
  const byName = new Map(saved.map((tensor) => [tensor.name, tensor]));
  const matched = targets.map((target) => {
    const source = byName.get(target.name);
    if (source === undefined) {
      throw new CheckpointError(
        `${file}: no ${what} ${target.name} [${target.shape.join(", ")}] in the file`,
      );
    }
    if (!sameShape(source.shape, target.shape)) {
      throw new CheckpointError(
        `${file}: ${what} ${target.name} has shape [${source.shape.join(", ")}] in the file but [${target.shape.join(", ")}] in this model`,
      );
    }
    byName.delete(target.name);
    return source;
  });
  const unexpected = [...byName.keys()];
  if (unexpected.length > 0) {
    throw new CheckpointError(
      `${file}: the file has ${what} ${unexpected
        .slice(0, 3)
        .map((name) => shown(name))
        .join(
          ", ",
        )}${unexpected.length > 3 ? ` and ${unexpected.length - 3} more` : ""} that this model does not have`,
    );
  }
  return matched;
}

/**
 * Refuses to resume a checkpoint written for a different model (or a changed .net file),
 * and checks whatever else `expected` gives: tensor names and shapes, optimizer slots
 * ("<trainable tensor>/<slot>" with the tensor's shape), and that the counters fit the run.
 */
export function checkCheckpointModel(
  checkpoint: Checkpoint,
  expected: CheckpointExpectation,
  file: string,
): void {
  if (checkpoint.model !== expected.model || checkpoint.modelHash !== expected.modelHash) {
    throw new CheckpointError(
      `${file}: cannot resume: the checkpoint was saved from ${
        checkpoint.model !== expected.model
          ? `model ${shown(checkpoint.model)}, but this script trains ${expected.model}`
          : describeOther(checkpoint, expected)
      }; use another --checkpoint path or start without --resume`,
    );
  }
  if (expected.tensors !== undefined) {
    const of = (role: "param" | "buffer") => expected.tensors!.filter((t) => t.role === role);
    matchTensors(checkpoint.parameters, of("param"), "parameter", file);
    matchTensors(checkpoint.buffers, of("buffer"), "buffer", file);
    const trainable = new Map(
      expected.tensors.filter((t) => t.role === "param" && t.trainable).map((t) => [t.name, t]),
    );
    for (const slot of checkpoint.optimizer.tensors) {
      const owner = trainable.get(slot.name.slice(0, slot.name.lastIndexOf("/")));
      if (owner !== undefined && !sameShape(slot.shape, owner.shape)) {
        throw new CheckpointError(
          `${file}: optimizer tensor ${shown(slot.name)} has shape [${slot.shape.join(", ")}] but its tensor has [${owner.shape.join(", ")}]`,
        );
      }
    }
  }
  const { epoch, step } = checkpoint;
  if (expected.epochs !== undefined && epoch + (step > 0 ? 1 : 0) > expected.epochs) {
    throw new CheckpointError(
      `${file}: cannot resume: the checkpoint is at epoch ${epoch}${step > 0 ? `, step ${step}` : ""} but this run has --epochs ${expected.epochs}; pass a larger --epochs to continue`,
    );
  }
  if (expected.stepsPerEpoch !== undefined && step > expected.stepsPerEpoch) {
    throw new CheckpointError(
      `${file}: cannot resume: the checkpoint is ${step} steps into epoch ${epoch + 1} but an epoch of this run has ${expected.stepsPerEpoch} (resume with the --batch and --limit it was saved with)`,
    );
  }
}

/**
 * Copies saved tensors into the live ones (same names, same shapes), e.g. the model's
 * parameters. Every target must be present; extra saved tensors are an error too.
 */
export function restoreTensors(
  saved: readonly NamedTensor[],
  targets: readonly NamedTensor[],
  what: string,
  file: string,
): void {
  const matched = matchTensors(saved, targets, what, file);
  targets.forEach((target, i) => target.data.set(matched[i]!.data));
}

/**
 * Restores the optimizer's slots into `targets` (the live slots, "<tensor>/<slot>", as
 * the running backend names them) when the checkpoint's optimizer is `optimizer` with
 * exactly these slots, whichever backend wrote it: both backends name and lay out slots
 * alike. Otherwise (another optimizer, other settings, a legacy layout) it leaves the
 * targets as they are and returns a one-line warning: the weights resume, the optimizer
 * starts afresh. Returns null when the state was restored.
 */
export function restoreOptimizerState(
  saved: Checkpoint,
  targets: readonly NamedTensor[],
  optimizer: string,
  file: string,
): string | null {
  const byName = new Map(saved.optimizer.tensors.map((tensor) => [tensor.name, tensor]));
  const fits =
    saved.optimizer.name === optimizer &&
    byName.size === targets.length &&
    targets.every((target) => {
      const source = byName.get(target.name);
      return source !== undefined && sameShape(source.shape, target.shape);
    });
  if (!fits) {
    const slots = (tensors: readonly NamedTensor[]) => {
      const names = [...new Set(tensors.map((t) => t.name.slice(t.name.lastIndexOf("/") + 1)))];
      return names.length === 0 ? "no state" : names.map((name) => shown(name, 40)).join(", ");
    };
    return `${file}: the checkpoint's optimizer state (${shown(saved.optimizer.name, 40)}: ${slots(saved.optimizer.tensors)}) does not fit this run's optimizer (${optimizer}: ${slots(targets)}); the weights resume and the optimizer starts afresh`;
  }
  for (const target of targets) target.data.set(byName.get(target.name)!.data);
  return null;
}
