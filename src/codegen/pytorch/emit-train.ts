import type { AttrValue, Configured, LayerNode, ModelIR, TrainIR } from "../../ir/ir.js";
import { numberArg } from "../common/args.js";
import { earlyStopping } from "../common/early-stopping.js";
import { extraMetrics } from "../common/extra-metrics.js";
import { sourceLine, whereOf } from "./emit-model.js";
import type { SourceLookup } from "../common/sources.js";
import { lossFormula, pytorchLosses } from "./losses.js";
import { optimizerRule, optimizerSlots, pytorchOptimizers } from "./optimizers.js";
import {
  pythonComment,
  pythonFloat,
  pythonLiteral,
  pythonNumber,
  pythonString,
} from "../common/escape.js";
import { call, statementAt } from "./python-layout.js";
import { pythonSchedule } from "./schedules.js";

/**
 * Writes train.py of the PyTorch backend: seed 002's loop (batch, forward, loss, backward,
 * step) over the train section's data, loss, optimizer and schedule, with the semantics
 * and defaults of the TypeScript backends — the same fixed split and per-epoch sample
 * order (netc's seeded generator), the loss and update rules written out, penalties,
 * clipping, weight decay, early stopping, metrics — and their flags, progress, metrics
 * log (the same JSON lines), atomic checkpoints and --resume. Distributed with
 * `torchrun --nproc_per_node=N train.py`: DistributedDataParallel, DistributedSampler,
 * rank 0 logging and checkpointing. Shape-independent code lives in netc_runtime.py.
 */

export interface PytorchTrainInput {
  model: ModelIR;
  train: TrainIR;
  className: string;
  /** e.g. "lenet5.net", for comments and --help. */
  sourceName: string;
  netcVersion: string;
  sources: SourceLookup;
}

function indent(text: string, spaces = 4): string {
  const pad = " ".repeat(spaces);
  return text
    .split("\n")
    .map((line) => (line === "" ? line : pad + line))
    .join("\n");
}

/** A comment naming a train-section setting: its .net line as written, else its value. */
function settingComment(key: string, c: Configured, sources: SourceLookup): string {
  const written = sourceLine(c.span, sources);
  const args = Object.entries(c.args)
    .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
    .join(", ");
  return pythonComment(`${whereOf(c.span)}  ${written ?? `${key} = ${c.name}(${args})`}`);
}

/** Whether the train section clips gradients (then clipping is not suggested). */
function clips(train: TrainIR): boolean {
  return ["clip_norm", "clip_value"].some((key) => {
    const value = train.settings[key];
    return typeof value === "number" && value > 0;
  });
}

function numberSetting(train: TrainIR, name: string): number {
  const value = train.settings[name];
  return typeof value === "number" ? value : 0;
}

/** The data section: the runtime's loader, then scale, resize, pad, zero_centre/normalize (dataPlan's order). */
function dataSection(train: TrainIR, sources: SourceLookup): { code: string; augment: string } {
  const name = train.data.name;
  const args = train.data.args as Readonly<Record<string, AttrValue>>;
  const source = name === "idx" ? "mnist" : name;
  const givenPath =
    typeof args.path === "string" &&
    // Fashion-MNIST's default folder is the runtime's own; any other path is passed on.
    !(name === "fashion_mnist" && !train.data.given.includes("path"))
      ? args.path
      : undefined;
  const validation = numberArg(args, "validation");
  const limit = typeof args.limit === "number" ? args.limit : undefined;
  const scale = numberArg(args, "scale");
  const rawFactor = scale * 255;
  const resize = typeof args.resize === "number" ? args.resize : undefined;
  const pad = numberArg(args, "pad");
  const normalize = Array.isArray(args.normalize) ? (args.normalize as number[]) : undefined;
  const zeroCentre = args.zero_centre === true;
  const lines: string[] = [
    statementAt(
      call("splits = netc.load_training_data", [
        pythonString(source),
        givenPath === undefined ? "flags.data" : `flags.data or ${pythonString(givenPath)}`,
        `validation=${pythonNumber(validation)}`,
        limit === undefined
          ? "limit=flags.limit"
          : `limit=${pythonNumber(limit)} if flags.limit is None else flags.limit`,
        "batch=flags.batch",
      ]),
      4,
    ),
  ];
  if (Math.abs(rawFactor - 1) > 1e-12) {
    lines.push(
      `# scale = ${pythonNumber(scale)}: the loaders give bytes/255, so multiply by scale·255`,
      "for part in netc.parts(splits):",
      `    part.images.mul_(${pythonFloat(rawFactor)})`,
    );
  }
  if (resize !== undefined)
    lines.push(`splits = netc.map_parts(splits, lambda part: netc.resize(part, ${resize}))`);
  if (pad > 0) lines.push(`splits = netc.map_parts(splits, lambda part: netc.pad(part, ${pad}))`);
  let fill = "[0.0]";
  if (zeroCentre) {
    lines.push(
      "# zero_centre: subtract the training part's per-channel mean from every part",
      "means = netc.zero_centre(splits.train)",
      "for part in netc.parts(splits)[1:]:",
      "    netc.zero_centre(part, means)",
    );
    fill = "[-m for m in means]";
  }
  if (normalize !== undefined) {
    const half = normalize.length / 2;
    const means = normalize.slice(0, half);
    const stds = normalize.slice(half);
    lines.push(
      "# normalize: x ← (x − mean)/std per channel",
      "for part in netc.parts(splits):",
      `    netc.normalize(part, ${pythonLiteral(means.map(pythonFloatValue))}, ${pythonLiteral(stds.map(pythonFloatValue))})`,
    );
    // a pixel that was 0 before normalisation, for the random crop's uncovered border
    fill = zeroCentre
      ? `[(-m - ${pythonLiteral(means)}[c % ${means.length}]) / ${pythonLiteral(stds)}[c % ${stds.length}] for c, m in enumerate(means)]`
      : pythonLiteral(means.map((m, c) => -m / stds[c]!));
  }
  const cropPad = numberArg(args, "crop_pad");
  const flip = args.flip === true;
  const noise = numberArg(args, "noise");
  lines.push(
    `# augmentation per batch: crop_pad = ${cropPad}, flip = ${flip ? "true" : "false"}, noise = ${pythonNumber(noise)}`,
    statementAt(
      call("augment = dict", [
        `crop_padding=${cropPad}`,
        `crop_fill=${fill}`,
        `flip=${flip ? "True" : "False"}`,
        `noise=${pythonFloat(noise)}`,
      ]),
      4,
    ),
    "return splits, augment",
  );
  return {
    code: `def load_data(flags):
    """The train section's data: load, scale, resize, pad, zero_centre or normalize."""
    ${settingComment("data", train.data, sources)}
${indent(lines.join("\n"))}`,
    augment: args.shuffle === false ? "False" : "True",
  };
}

/** Floats stay floats in the normalisation lists (0 → 0.0). */
function pythonFloatValue(value: number): number {
  return value;
}

/** The tensors of a node that penalties and weight decay apply to, as its definition declared them. */
function penalized(node: LayerNode): Set<string> {
  return new Set(node.params.filter((p) => p.penalized).map((p) => p.name));
}

function lossSection(model: ModelIR, train: TrainIR, sources: SourceLookup): string {
  const loss = pytorchLosses[train.loss.name];
  if (loss === undefined)
    throw new Error(
      `pytorch backend: loss "${train.loss.name}" is not supported (known: ${Object.keys(pytorchLosses).join(", ")})`,
    );
  const outputs = model.nodes
    .find((n) => n.id === model.output)!
    .outputShape.reduce((a, b) => a * b, 1);
  const oneHot =
    loss.labels === "target"
      ? `


def one_hot(labels, logits):
    """Class indices as one-hot rows, the targets of a regression loss on class data."""
    classes = torch.arange(logits.shape[1], device=labels.device)
    return (labels.view(-1, 1) == classes).to(logits.dtype)`
      : "";
  const rank = model.nodes.find((n) => n.id === model.output)!.outputShape.length;
  // a model whose output is not flat is scored over all its outputs, as the loops backend does
  const flatten = rank > 1 ? "logits = logits.flatten(1)\n" : "";
  return `def loss_function(logits, labels):
    ${settingComment("loss", train.loss, sources)}
    ${pythonComment(lossFormula(train.loss.name))}
${indent(flatten + loss.body(outputs, train.loss.args))}${oneHot}`;
}

function optimizerSection(model: ModelIR, train: TrainIR, sources: SourceLookup): string {
  const { name, args } = train.optimizer;
  const rule = pytorchOptimizers[name];
  if (rule === undefined)
    throw new Error(
      `pytorch backend: optimizer "${name}" is not supported (known: ${Object.keys(pytorchOptimizers).join(", ")})`,
    );
  const slots = optimizerSlots(name, args);
  const decay = numberArg(args, "weight_decay");
  const decoupled = args.decoupled === true;
  const clipValue = numberSetting(train, "clip_value");
  const clipNorm = numberSetting(train, "clip_norm");
  const globalL1 = numberSetting(train, "l1");
  const globalL2 = numberSetting(train, "l2");
  const rows: string[] = [];
  let anyLayerPenalty = false;
  for (const node of model.nodes) {
    const declared = penalized(node);
    for (const tensor of node.params) {
      if (!tensor.trainable) continue;
      if (tensor.l1 !== 0 || tensor.l2 !== 0) anyLayerPenalty = true;
      rows.push(
        `    ${pythonString(`${node.id}.${tensor.name}`)}: (${pythonNumber(tensor.lrMultiplier)}, ${pythonNumber(tensor.l1)}, ${pythonNumber(tensor.l2)}, ${declared.has(tensor.name) ? "True" : "False"}),`,
      );
    }
  }
  const penalties = anyLayerPenalty || globalL1 !== 0 || globalL2 !== 0;
  const adjust: string[] = [];
  if (penalties) {
    adjust.push(
      "# the penalties' gradients: layer l1·sign θ + l2·θ; global λ₁/n·sign θ + λ₂/n·θ",
      "# on penalized tensors (seed 001, n the training set's size)",
      ...(globalL1 !== 0
        ? [`l1 += ${pythonFloat(globalL1)} / self.training_set_size if penalized else 0`]
        : []),
      ...(globalL2 !== 0
        ? [`l2 += ${pythonFloat(globalL2)} / self.training_set_size if penalized else 0`]
        : []),
      "if l1 != 0:",
      "    g += l1 * p.sign()",
      "if l2 != 0:",
      "    g += l2 * p",
    );
  }
  if (clipValue !== 0)
    adjust.push(`g.clamp_(${pythonFloat(-clipValue)}, ${pythonFloat(clipValue)})  # clip_value`);
  const norm =
    clipNorm === 0
      ? ""
      : `
# clip_norm: every gradient times min(1, c/‖g‖), ‖g‖ over all trainable tensors together
norm = math.sqrt(sum(float((g * g).sum()) for g in gradients))
scale = ${pythonFloat(clipNorm)} / norm if norm > ${pythonFloat(clipNorm)} else 1.0`;
  const decayLines: string[] = [];
  if (decay !== 0 && decoupled)
    decayLines.push(
      "if penalized:",
      `    p.sub_(lr * ${pythonFloat(decay)} * p)  # decoupled weight decay (AdamW)`,
    );
  if (clipNorm !== 0) decayLines.push("g = g * scale");
  if (decay !== 0 && !decoupled)
    decayLines.push(
      "if penalized:",
      `    g = g + ${pythonFloat(decay)} * p  # coupled weight decay`,
    );
  const stepBody = [
    "for name, p in self.tensors:",
    "    g = torch.zeros_like(p) if p.grad is None else p.grad.clone()",
    ...(adjust.length > 0 ? ["    lr_mult, l1, l2, penalized = TENSOR_RULES[name]"] : []),
    ...adjust.map((line) => `    ${line}`),
    "    gradients.append(g)",
    ...(norm === "" ? [] : norm.trim().split("\n")),
    ...(rule.prologue === undefined ? [] : rule.prologue(args).split("\n")),
    "for (name, p), g in zip(self.tensors, gradients):",
    "    lr_mult, l1, l2, penalized = TENSOR_RULES[name]",
    "    lr = base_lr * lr_mult",
    ...(slots.length > 0 ? ["    s = self.state[name]"] : []),
    ...decayLines.map((line) => `    ${line}`),
    ...rule
      .update(args)
      .split("\n")
      .map((line) => `    ${line}`),
  ].join("\n");
  const slotFills = statementAt(
    {
      head: "return ",
      open: "{",
      items: slots.map(
        (slot) => `${pythonString(slot.name)}: torch.full_like(tensor, ${pythonFloat(slot.fill)})`,
      ),
    },
    8,
  );
  const extras = [
    decay !== 0 ? `${decoupled ? "decoupled" : "coupled"} weight decay ${pythonNumber(decay)}` : "",
    clipValue !== 0 ? `clip_value ${pythonNumber(clipValue)}` : "",
    clipNorm !== 0 ? `clip_norm ${pythonNumber(clipNorm)}` : "",
    globalL1 !== 0 ? `global l1 ${pythonNumber(globalL1)} (λ/n)` : "",
    globalL2 !== 0 ? `global l2 ${pythonNumber(globalL2)} (λ/(2n))` : "",
  ].filter((e) => e !== "");
  return `# per trainable tensor: (lr_mult, l1, l2, whether penalties and weight decay apply)
TENSOR_RULES = ${rows.length === 0 ? "{}" : `{\n${rows.join("\n")}\n}`}


class Optimizer:
    ${settingComment("optimizer", train.optimizer, sources)}
    ${pythonComment(`rule: ${optimizerRule(name, args)}`)}
    ${pythonComment(`in the loops backend's order: penalties, clip_value, clip_norm, weight decay, the rule at lr × lr_mult${extras.length > 0 ? `; here ${extras.join(", ")}` : ""}`)}

    name = ${pythonString(name)}
    slots = ${pythonLiteral(
      slots.map((s) => s.name),
      true,
    )}

    def __init__(self, model, training_set_size):
        # the trainable tensors by netc's names (frozen ones are not updated)
        self.tensors = [
            (name, tensor)
            for name, tensor in model.state_dict(keep_vars=True).items()
            if isinstance(tensor, nn.Parameter) and tensor.requires_grad
        ]
        self.state = {name: self.new_slots(tensor) for name, tensor in self.tensors}
        self.step_count = 0
        self.training_set_size = max(1, training_set_size)

    @torch.no_grad()
    def step(self, base_lr):
        """One update from the gradients of the mean data loss (each tensor's .grad)."""
        self.step_count += 1
        t = self.step_count
        gradients = []
${indent(stepBody, 8)}

    def new_slots(self, tensor):
${indent(slotFills, 8)}

    def slot_tensors(self):
        """Every slot as netc names it in checkpoints: optimizer/<tensor>/<slot>."""
        return [
            (f"optimizer/{name}/{slot}", value)
            for name, slots in self.state.items()
            for slot, value in slots.items()
        ]`;
}

export function emitPytorchTrain(input: PytorchTrainInput): string {
  const { model, train, className, sourceName } = input;
  const schedule = pythonSchedule(train.schedule);
  const data = dataSection(train, input.sources);
  const stopping = earlyStopping(train);
  const metrics = extraMetrics(train);
  const lr = numberArg(train.optimizer.args, "lr");
  const stoppingCode =
    stopping === undefined
      ? ""
      : `
            # early_stopping(metric = ${stopping.metric}, patience = ${stopping.patience}, min_delta = ${pythonNumber(stopping.minDelta)}) (seed 000): keep the best weights
            if splits.validation is not None:
                ${
                  stopping.metric === "val_loss"
                    ? `value = validation.loss
                improved = stopper["best"] is None or value < stopper["best"] - ${pythonFloat(stopping.minDelta)}`
                    : `value = validation.accuracy
                improved = stopper["best"] is None or value > stopper["best"] + ${pythonFloat(stopping.minDelta)}`
                }
                if improved:
                    stopper["best"] = value
                    stopper["bad_epochs"] = 0
                    stopper["tensors"] = netc.copy_tensors(model)
                else:
                    stopper["bad_epochs"] += 1`;
  const stoppingBreak =
    stopping === undefined
      ? ""
      : `
            if stopper["bad_epochs"] >= ${stopping.patience}:
                progress.message(
                    "  early stopping: ${stopping.metric} has not improved for ${stopping.patience} epochs; restoring the best weights"
                )
                stopped_at = epoch + 1
                break`;
  const recordExtras = [
    ...(metrics.top5 ? ['"valTop5": validation.top5', '"testTop5": test.top5'] : []),
    ...(metrics.loss ? ['"valLoss": validation.loss', '"testLoss": test.loss'] : []),
  ];
  const summaryExtras = [
    ...(metrics.top5 ? ['"testTop5": test.top5', '"validationTop5": validation.top5'] : []),
    ...(metrics.loss ? ['"testLoss": test.loss', '"validationLoss": validation.loss'] : []),
  ];
  const extraMessages = [
    ...(metrics.top5
      ? [
          `progress.message(f"  test top-5 accuracy {100 * test.top5:.2f}%" + netc.validation_note(validation.top5, percent=True))`,
        ]
      : []),
    ...(metrics.loss
      ? [
          `progress.message(f"  test loss {test.loss:.4f}" + netc.validation_note(validation.loss, percent=False))`,
        ]
      : []),
  ];

  const text = `${pythonComment(`Trains ${model.name} from ${sourceName} with netc's PyTorch backend. Generated by netc; do not edit.`)}
#
#   python3 train.py --help
#   torchrun --nproc_per_node=2 train.py    # DistributedDataParallel over 2 processes
import math
import sys
import time

import torch
from torch import nn
from torch.nn import functional as F
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DistributedSampler

import netc_runtime as netc
from model import INPUT_SHAPE, MODEL_HASH, MODEL_NAME, OUTPUT_SHAPE, ${className}

NETC_VERSION = ${pythonString(input.netcVersion)}
SPEC = netc.TrainSpec(
    program="python3 train.py",
    model=MODEL_NAME,
    epochs=${train.epochs},
    batch=${train.batch},
    lr=${pythonFloat(lr)},
    seed=${train.seed},
)


${data.code}


def learning_rate_at(epoch, base):
    ${pythonComment(`${schedule.doc}${train.schedule === undefined ? "" : ` (${whereOf(train.schedule.span)})`}`)}
${indent(schedule.code)}


${lossSection(model, train, input.sources)}


${optimizerSection(model, train, input.sources)}


def evaluate(model, dataset, processes, batch):
    """Accuracy, mean loss and top-5 accuracy on a whole dataset in evaluation mode,
    each process taking every world-th sample, the sums added over all processes."""
    if dataset is None:
        return netc.Evaluation(None, None, None)
    model.eval()
    rows = torch.arange(processes.rank, dataset.count, processes.world)
    sums = [0.0, 0.0, 0.0]
    with torch.no_grad():
        for start in range(0, len(rows), batch):
            index = rows[start : start + batch]
            images = dataset.images[index].view(-1, *INPUT_SHAPE).to(processes.device)
            labels = dataset.labels[index].to(processes.device)
            logits = model(images)
            sums[0] += float((logits.argmax(dim=1) == labels).sum())
            sums[1] += float(loss_function(logits, labels)) * len(index)
            sums[2] += netc.count_top_k(logits, labels, 5)
    correct, loss, top5 = netc.all_sum(processes, sums)
    count = dataset.count
    return netc.Evaluation(correct / count, loss / count, top5 / count)


def main():
    flags = netc.parse_train_flags(sys.argv[1:], SPEC)
    if flags.help:
        print(netc.train_help_text(SPEC), end="")
        return
    processes = netc.start_processes(flags.device)
    try:
        train(flags, processes)
    finally:
        netc.stop_processes(processes)


def train(flags, processes):
    quiet = flags.quiet or flags.format == "json" or not processes.main
    splits, augment = load_data(flags)
    for part in netc.parts(splits):
        netc.check_sample_shape(part, INPUT_SHAPE, MODEL_NAME)
    # the same initial weights in every process; dropout and noise draw per process
    model = ${className}(seed=flags.seed).to(processes.device)
    torch.manual_seed(netc.stream_seed(flags.seed, processes.rank))
    trained = model
    if processes.distributed:
        # gradients averaged over the processes during every backward
        devices = [processes.device.index] if processes.device.type == "cuda" else None
        trained = DistributedDataParallel(model, device_ids=devices)
    optimizer = Optimizer(model, splits.train.count)
    # the batch is shared by the processes: each takes every world-th sample of netc's
    # order, so global batch k holds the same samples on any number of processes
    order = netc.EpochOrder(splits.train.count, flags.seed, shuffle=${data.augment})
    sampler = DistributedSampler(
        order, num_replicas=processes.world, rank=processes.rank, shuffle=False
    )
    share = math.ceil(flags.batch / processes.world)
    batches = netc.batches_per_epoch(len(sampler), share)
    augment_seed = netc.stream_seed(flags.seed, -1 - processes.rank)
    augmenter = netc.Augmenter(seed=augment_seed, **augment)
    stopper = {"best": None, "bad_epochs": 0, "tensors": None}
    first_epoch, first_step = 0, 0
    if flags.resume:
        saved = netc.load_checkpoint(
            flags.checkpoint, model, optimizer, MODEL_NAME, MODEL_HASH
        )
        netc.check_resume_fits(saved, flags.epochs, batches, flags.checkpoint)
        netc.restore_random_states(saved, processes, augmenter)
        stopper["best"] = saved.extra.get("bestMetric")
        stopper["bad_epochs"] = saved.extra.get("badEpochs", 0)
        first_epoch, first_step = saved.epoch, saved.step
        if processes.main:
            at = f"epoch {first_epoch + 1}, step {first_step + 1}"
            print(f"resumed from {flags.checkpoint} at {at}", file=sys.stderr)

    def save_checkpoint(epoch, step):
        """Atomic, by rank 0 (after every process has the same weights and buffers)."""
        if flags.checkpoint is None:
            return
        netc.broadcast_buffers(processes, model)
        random_states = netc.gather_random_states(processes, augmenter)
        if processes.main:
            extra = {"bestMetric": stopper["best"], "badEpochs": stopper["bad_epochs"]}
            netc.save_checkpoint(
                flags.checkpoint,
                model,
                optimizer,
                netc.CheckpointInfo(MODEL_NAME, MODEL_HASH, NETC_VERSION, epoch, step),
                random_states,
                extra,
            )
        netc.barrier(processes)

    progress = netc.Progress(flags.epochs, batches, quiet)
    log = None
    if flags.log is not None and processes.main:
        log = netc.MetricsLog(flags.log, flags.resume)
    interrupt = netc.InterruptHandler(flags.checkpoint, quiet)
    # NaN, infinite and exploding losses stop the run; chance accuracy after an epoch warns
    loss_guard = netc.LossGuard(${pythonString(train.optimizer.name)}, ${pythonFloat(train.usualLearningRate)}, clipping=${clips(train) ? "True" : "False"})
    where = netc.describe_processes(processes)
    progress.message(f"{MODEL_NAME}: pytorch backend, {where}")
    validation = test = netc.Evaluation(None, None, None)
    trained_samples = 0
    training_seconds = 0.0
    stopped_at = None
    try:
        for epoch in range(first_epoch, flags.epochs):
            lr = learning_rate_at(epoch, flags.lr)
            order.begin_epoch(epoch)
            sampler.set_epoch(epoch)
            positions = list(sampler)
            sums = [0.0, 0.0, 0.0]  # loss × samples, correct, samples (this process)
            started = time.perf_counter()
            progress.begin_epoch(epoch + 1)
            trained.train()
            # a run resumed mid-epoch continues with the next batch of the same order
            for index in range(first_step if epoch == first_epoch else 0, batches):
                batch = positions[index * share : (index + 1) * share]
                samples = [order.order[p] for p in batch]
                images = splits.train.images[samples].view(-1, *INPUT_SHAPE)
                if augmenter.active:
                    images = augmenter.apply(images)
                images = images.to(processes.device)
                labels = splits.train.labels[samples].to(processes.device)
                # seed 002's loop: forward, loss, backward, update
                logits = trained(images)
                loss = loss_function(logits, labels)
                for _, tensor in optimizer.tensors:
                    tensor.grad = None
                loss.backward()
                value = float(loss)
                step_loss, step_samples, stop = netc.step_sums(
                    processes, value * len(samples), len(samples), interrupt.requested
                )
                mean_loss = step_loss / step_samples
                loss_guard.check(mean_loss, epoch + 1, index + 1, lr)
                optimizer.step(lr)
                sums[0] += value * len(samples)
                sums[1] += float((logits.argmax(dim=1) == labels).sum())
                sums[2] += len(samples)
                seen = sums[2] * processes.world
                progress.step(index + 1, seen, sums[0] / sums[2], sums[1] / sums[2])
                if stop:
                    save_checkpoint(epoch, index + 1)
                    raise netc.interrupted(epoch + 1, index + 1, flags.checkpoint)
            seconds = time.perf_counter() - started
            loss_sum, correct, seen = netc.all_sum(processes, sums)
            trained_samples += seen
            training_seconds += seconds
            netc.broadcast_buffers(processes, model)
            validation = evaluate(model, splits.validation, processes, flags.batch)
            test = evaluate(model, splits.test, processes, flags.batch)
            record = {
                "epoch": epoch + 1,
                "loss": loss_sum / seen,
                "accuracy": correct / seen,
                "valAccuracy": validation.accuracy,
                "lr": lr,
                "seconds": seconds,
                "samplesPerSecond": seen / seconds,${recordExtras.map((e) => `\n                ${e},`).join("")}
            }
            progress.message(netc.format_epoch_line(record, flags.epochs))
            progress.message(f"  test accuracy {100 * test.accuracy:.2f}%")${extraMessages.map((m) => `\n            ${m}`).join("")}
            if log is not None:
                log.write(record)
            if processes.main:
                held_out = splits.validation or splits.test
                accuracy = validation.accuracy if splits.validation else test.accuracy
                loss_guard.end_epoch(epoch + 1, accuracy, held_out)${stoppingCode}
            save_checkpoint(epoch + 1, 0)${stoppingBreak}
    finally:
        interrupt.dispose()
    if stopper["tensors"] is not None:
        model.load_state_dict(stopper["tensors"])
    if stopper["tensors"] is not None or first_epoch >= flags.epochs:
        netc.broadcast_buffers(processes, model)
        validation = evaluate(model, splits.validation, processes, flags.batch)
        test = evaluate(model, splits.test, processes, flags.batch)
    summary = {
        "testAccuracy": test.accuracy,
        "validationAccuracy": validation.accuracy,${summaryExtras.map((e) => `\n        ${e},`).join("")}
        "epochs": stopped_at or flags.epochs,
        "samplesPerSecond": netc.rate(trained_samples, training_seconds),
        "backend": "pytorch",
        "device": processes.device.type,
        "processes": processes.world,
    }
    if not processes.main:
        return
    if flags.format == "json":
        print(netc.js_json(summary), flush=True)
    else:
        print(f"test accuracy {100 * test.accuracy:.2f}%", flush=True)


if __name__ == "__main__":
    netc.run_main(main)
`;
  return text.replace(/\n{4,}/g, "\n\n\n");
}
