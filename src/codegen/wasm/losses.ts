import type { AttrValue } from "../../ir/ir.js";
import { numberArg as num } from "../common/args.js";
import { loopsLosses } from "../loops/losses.js";
import { add, f64, get, i32, mul, set, type WatFunction } from "./wat.js";

/**
 * The losses of the catalogue in WebAssembly, with the loops backend's exact definitions
 * (../loops/losses.ts: the same formulas, gradients and means), so both minimise the
 * same number. A loss reads the logits of the last forward pass from each record, the
 * record's label (a class index, or `outputs` float targets when `$dense`), writes
 * d(mean loss)/d(logits)·`$scale` into the output's gradient and returns the mean loss.
 * `$scale` is this thread's share of the batch (1 in one thread), so the threads'
 * gradients add up to the whole batch's.
 *
 * The arithmetic is f64 with the host's Math.exp/log/log1p/tanh (imported): a loss
 * touches n × outputs values, nothing next to the layers, and so its value matches the
 * reference's to the last bit of the float32 logits.
 */
export interface LossFrame {
  fn: WatFunction;
  outputs: number;
  /** Record offsets of the logits, their gradient and the label. */
  logits: number;
  gradient: number;
  labels: number;
  recordBytes: number;
}

export interface WasmLoss {
  labels: "class" | "target";
  /** Statements that set `$total` (f64) to the mean loss and write the gradients. */
  emit(frame: LossFrame, args: Readonly<Record<string, AttrValue>>): string;
}

/** f64 of the logit j of the record at $p. */
const logit = (f: LossFrame, j: string) =>
  `(f64.promote_f32 (f32.load offset=${f.logits} (i32.add (local.get $p) (i32.shl ${j} (i32.const 2)))))`;

/** Writes the f64 `value` × $scale as the gradient of logit j of the record at $p. */
const gradient = (f: LossFrame, j: string, value: string) =>
  `(f32.store offset=${f.gradient} (i32.add (local.get $p) (i32.shl ${j} (i32.const 2)))
    (f32.demote_f64 (f64.mul ${value} (local.get $scale))))`;

/** for each record $p (sample $b) … */
function perRecord(f: LossFrame, body: string): string {
  f.fn.local("p", "i32");
  return f.fn.forLoop(
    "b",
    0,
    "(local.get $n)",
    `${set("p", add("(global.get $records)", mul(get("b"), f.recordBytes)))}
    ${body}`,
  );
}

function perOutput(f: LossFrame, body: string): string {
  return f.fn.forLoop("j", 0, f.outputs, body);
}

const classLabel = (f: LossFrame) => `(i32.load offset=${f.labels} (local.get $p))`;

/** The target of output j: a dense target, or the one-hot of the class label. */
const target = (f: LossFrame) => `(if (result f64) (local.get $dense)
    (then (f64.promote_f32 (f32.load offset=${f.labels} (i32.add (local.get $p) (i32.shl (local.get $j) (i32.const 2))))))
    (else (f64.convert_i32_s (i32.eq ${classLabel(f)} (local.get $j)))))`;

/** Element-wise losses share one loop: `value` and `slope` read $y, $t and $d = y − t. */
function elementwise(f: LossFrame, value: string, slope: string): string {
  for (const l of ["y", "t", "d", "count"]) f.fn.local(l, "f64");
  return `${set("count", `(f64.mul (f64.convert_i32_s (local.get $n)) ${f64(f.outputs)})`)}
    ${perRecord(
      f,
      perOutput(
        f,
        `${set("t", target(f))}
        ${set("y", logit(f, "(local.get $j)"))}
        ${set("d", "(f64.sub (local.get $y) (local.get $t))")}
        ${set("total", `(f64.add (local.get $total) ${value})`)}
        ${gradient(f, "(local.get $j)", `(f64.div ${slope} (local.get $count))`)}`,
      ),
    )}
    ${set("total", "(f64.div (local.get $total) (local.get $count))")}`;
}

/** Class losses: `body` per sample with $label; sums into $total, divided by n at the end. */
function perSample(f: LossFrame, body: string): string {
  f.fn.local("label", "i32");
  f.fn.local("count", "f64");
  return `${set("count", "(f64.convert_i32_s (local.get $n))")}
    ${perRecord(f, `${set("label", classLabel(f))}\n${body}`)}
    ${set("total", "(f64.div (local.get $total) (local.get $count))")}`;
}

const abs = (x: string) => `(f64.abs ${x})`;
const sign = (x: string) =>
  `(f64.convert_i32_s (i32.sub (f64.gt ${x} (f64.const 0)) (f64.lt ${x} (f64.const 0))))`;
const exp = (x: string) => `(call $math_exp ${x})`;
const log = (x: string) => `(call $math_log ${x})`;
const log1p = (x: string) => `(call $math_log1p ${x})`;
const select = (condition: string, a: string, b: string) => `(select ${a} ${b} ${condition})`;
const Y = "(local.get $y)";
const T = "(local.get $t)";
const D = "(local.get $d)";

export const wasmLosses: Readonly<Record<string, WasmLoss>> = {
  cross_entropy: {
    labels: "class",
    emit(f, args) {
      const smoothing = num(args, "label_smoothing");
      const onTarget = 1 - smoothing;
      const offTarget = f.outputs > 1 ? smoothing / (f.outputs - 1) : 0;
      for (const l of ["max", "sum", "log_sum", "z", "q"]) f.fn.local(l, "f64");
      const z = logit(f, "(local.get $j)");
      return perSample(
        f,
        `${set("max", "(f64.const -inf)")}
        ${perOutput(f, set("max", `(f64.max (local.get $max) ${z})`))}
        ${set("sum", "(f64.const 0)")}
        ${perOutput(f, set("sum", `(f64.add (local.get $sum) ${exp(`(f64.sub ${z} (local.get $max))`)})`))}
        ${set("log_sum", `(f64.add (local.get $max) ${log("(local.get $sum)")})`)}
        ${perOutput(
          f,
          `${set("z", z)}
          ${set("q", select("(i32.eq (local.get $j) (local.get $label))", f64(onTarget), f64(offTarget)))}
          ${
            offTarget === 0
              ? `(if (i32.eq (local.get $j) (local.get $label)) (then ${set("total", "(f64.sub (local.get $total) (f64.sub (local.get $z) (local.get $log_sum)))")}))`
              : set(
                  "total",
                  "(f64.sub (local.get $total) (f64.mul (local.get $q) (f64.sub (local.get $z) (local.get $log_sum))))",
                )
          }
          ${gradient(f, "(local.get $j)", `(f64.div (f64.sub ${exp("(f64.sub (local.get $z) (local.get $log_sum))")} (local.get $q)) (local.get $count))`)}`,
        )}`,
      );
    },
  },
  nll: {
    labels: "class",
    emit: (f) =>
      perSample(
        f,
        `${perOutput(f, gradient(f, "(local.get $j)", "(f64.const 0)"))}
        ${set("total", `(f64.sub (local.get $total) ${logit(f, "(local.get $label)")})`)}
        ${gradient(f, "(local.get $label)", "(f64.div (f64.const -1) (local.get $count))")}`,
      ),
  },
  hinge: {
    labels: "class",
    emit(f, args) {
      const margin = num(args, "margin");
      f.fn.local("correct", "f64");
      f.fn.local("violation", "f64");
      f.fn.local("active", "i32");
      return perSample(
        f,
        `${set("correct", logit(f, "(local.get $label)"))}
        ${set("active", i32(0))}
        ${perOutput(
          f,
          `${set(
            "violation",
            select(
              "(i32.eq (local.get $j) (local.get $label))",
              "(f64.const 0)",
              `(f64.add (f64.sub ${f64(margin)} (local.get $correct)) ${logit(f, "(local.get $j)")})`,
            ),
          )}
          (if (f64.gt (local.get $violation) (f64.const 0))
            (then
              ${set("total", "(f64.add (local.get $total) (local.get $violation))")}
              ${set("active", "(i32.add (local.get $active) (i32.const 1))")}
              ${gradient(f, "(local.get $j)", "(f64.div (f64.const 1) (local.get $count))")})
            (else ${gradient(f, "(local.get $j)", "(f64.const 0)")}))`,
        )}
        ${gradient(f, "(local.get $label)", "(f64.div (f64.neg (f64.convert_i32_s (local.get $active))) (local.get $count))")}`,
      );
    },
  },
  binary_cross_entropy: {
    labels: "target",
    emit(f) {
      f.fn.local("log_y", "f64");
      f.fn.local("log_not_y", "f64");
      const value = `(f64.neg (f64.add
          (f64.mul ${T} (f64.max (local.get $log_y) (f64.const -100)))
          (f64.mul (f64.sub (f64.const 1) ${T}) (f64.max (local.get $log_not_y) (f64.const -100)))))`;
      const slope = `(f64.add
          ${select("(f64.ge (local.get $log_y) (f64.const -100))", `(f64.div (f64.neg ${T}) ${Y})`, "(f64.const 0)")}
          ${select("(f64.ge (local.get $log_not_y) (f64.const -100))", `(f64.div (f64.sub (f64.const 1) ${T}) (f64.sub (f64.const 1) ${Y}))`, "(f64.const 0)")})`;
      return elementwise(
        f,
        `(block (result f64)
          ${set("log_y", log(Y))}
          ${set("log_not_y", log(`(f64.sub (f64.const 1) ${Y})`))}
          ${value})`,
        slope,
      );
    },
  },
  mse: {
    labels: "target",
    emit: (f) => elementwise(f, `(f64.mul ${D} ${D})`, `(f64.mul (f64.const 2) ${D})`),
  },
  rmse: {
    labels: "target",
    emit(f) {
      for (const l of ["y", "t", "d", "count", "root", "factor"]) f.fn.local(l, "f64");
      f.fn.local("g", "i32");
      // first pass: squares and d into the gradient; then scale by 1/(N·√m)
      return `${set("count", `(f64.mul (f64.convert_i32_s (local.get $n)) ${f64(f.outputs)})`)}
        ${perRecord(
          f,
          perOutput(
            f,
            `${set("t", target(f))}
            ${set("d", `(f64.sub ${logit(f, "(local.get $j)")} ${T})`)}
            ${set("total", `(f64.add (local.get $total) (f64.mul ${D} ${D}))`)}
            (f32.store offset=${f.gradient} (i32.add (local.get $p) (i32.shl (local.get $j) (i32.const 2))) (f32.demote_f64 ${D}))`,
          ),
        )}
        ${set("root", "(f64.sqrt (f64.div (local.get $total) (local.get $count)))")}
        ${set("factor", `(f64.mul (local.get $scale) ${select("(f64.gt (local.get $root) (f64.const 0))", "(f64.div (f64.const 1) (f64.mul (local.get $count) (local.get $root)))", "(f64.const 0)")})`)}
        ${perRecord(
          f,
          perOutput(
            f,
            `${set("g", `(i32.add (local.get $p) (i32.shl (local.get $j) (i32.const 2)))`)}
            (f32.store offset=${f.gradient} (local.get $g)
              (f32.demote_f64 (f64.mul (f64.promote_f32 (f32.load offset=${f.gradient} (local.get $g))) (local.get $factor))))`,
          ),
        )}
        ${set("total", "(local.get $root)")}`;
    },
  },
  mae: { labels: "target", emit: (f) => elementwise(f, abs(D), sign(D)) },
  msle: {
    labels: "target",
    emit(f) {
      f.fn.local("e", "f64");
      const e = `(f64.sub ${log1p(Y)} ${log1p(T)})`;
      return elementwise(
        f,
        `(block (result f64) ${set("e", e)} (f64.mul (local.get $e) (local.get $e)))`,
        `(f64.div (f64.mul (f64.const 2) (local.get $e)) (f64.add (f64.const 1) ${Y}))`,
      );
    },
  },
  huber: {
    labels: "target",
    emit(f, args) {
      const delta = num(args, "delta");
      const small = `(f64.le ${abs(D)} ${f64(delta)})`;
      return elementwise(
        f,
        select(
          small,
          `(f64.mul (f64.const 0.5) (f64.mul ${D} ${D}))`,
          `(f64.mul ${f64(delta)} (f64.sub ${abs(D)} ${f64(delta / 2)}))`,
        ),
        select(small, D, `(f64.mul ${f64(delta)} ${sign(D)})`),
      );
    },
  },
  log_cosh: {
    labels: "target",
    emit: (f) =>
      elementwise(
        f,
        `(f64.sub (f64.add ${abs(D)} ${log1p(exp(`(f64.mul (f64.const -2) ${abs(D)})`))}) ${f64(Math.LN2)})`,
        `(call $math_tanh ${D})`,
      ),
  },
  kl_div: {
    labels: "target",
    emit(f) {
      for (const l of ["t", "y", "log_y", "count"]) f.fn.local(l, "f64");
      return `${set("count", "(f64.convert_i32_s (local.get $n))")}
        ${perRecord(
          f,
          perOutput(
            f,
            `${set("t", target(f))}
            ${set("y", logit(f, "(local.get $j)"))}
            ${set("log_y", log(Y))}
            ${set(
              "total",
              `(f64.add (local.get $total) (f64.mul ${T} (f64.sub ${log(`(f64.max ${T} (f64.const 1e-30))`)} (f64.max (local.get $log_y) (f64.const -100)))))`,
            )}
            ${gradient(
              f,
              "(local.get $j)",
              select(
                "(f64.ge (local.get $log_y) (f64.const -100))",
                `(f64.div (f64.div (f64.neg ${T}) ${Y}) (local.get $count))`,
                "(f64.const 0)",
              ),
            )}`,
          ),
        )}
        ${set("total", "(f64.div (local.get $total) (local.get $count))")}`;
    },
  },
};

/** Every loss of the loops reference has a WebAssembly twin (checked by a test too). */
export function missingWasmLosses(): string[] {
  return Object.keys(loopsLosses).filter((name) => !(name in wasmLosses));
}
