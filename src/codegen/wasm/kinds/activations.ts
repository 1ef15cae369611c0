import type { LayerNode } from "../../../ir/ir.js";
import { product } from "../../loops/kernels/geometry.js";
import { eachRecord, eachRecordVector, exactVectors } from "../kernels/records.js";
import type { WasmEmitContext, WasmLayerEmitter } from "../layer-emitter.js";
import {
  add,
  f32x4,
  f64,
  get,
  horizontalSum,
  load,
  mul,
  set,
  store,
  storeLanes,
  zeroV128,
  type Expr,
} from "../wat.js";

/**
 * Element-wise activations, four values per step (the loops reference's formulas,
 * ../../loops/kernels/elementwise.ts and index.ts): each is a vector expression of the
 * input `v` for the output, and one of `v` and the output `u` for dy/dx.
 */
interface Pointwise {
  forward(v: Expr): Expr;
  derivative(v: Expr, u: Expr): Expr;
}

const one = f32x4(1);
const positive = (v: Expr) => `(f32x4.gt ${v} ${zeroV128})`;

function pointwise(formula: (node: LayerNode) => Pointwise): WasmLayerEmitter {
  return {
    forward(node, ctx) {
      const f = formula(node);
      return eachRecordVector(ctx, product(node.outputShape), (q) =>
        store("v128", q, ctx.output(), f.forward(load("v128", q, ctx.input()))),
      );
    },
    backward(node, ctx) {
      const dx = ctx.inputGrad();
      if (dx === undefined) return "";
      const f = formula(node);
      return eachRecordVector(ctx, product(node.outputShape), (q) => {
        const value = `(f32x4.mul ${load("v128", q, ctx.outputGrad())} ${f.derivative(load("v128", q, ctx.input()), load("v128", q, ctx.output()))})`;
        return store(
          "v128",
          q,
          dx,
          ctx.accumulatesInputGrad() ? `(f32x4.add ${load("v128", q, dx)} ${value})` : value,
        );
      });
    },
  };
}

const attr = (node: LayerNode, name: string, fallback: number) => {
  const value = node.attrs[name];
  return typeof value === "number" ? value : fallback;
};

/** sigmoid: 1/(1 + e^−x); σ' = σ(1 − σ). */
export const sigmoidWasm = pointwise(() => ({
  forward: (v) => `(f32x4.div ${one} (f32x4.add ${one} (call $exp4 (f32x4.neg ${v}))))`,
  derivative: (_v, u) => `(f32x4.mul ${u} (f32x4.sub ${one} ${u}))`,
}));

/** tanh; tanh' = 1 − tanh². */
export const tanhWasm = pointwise(() => ({
  forward: (v) => `(call $tanh4 ${v})`,
  derivative: (_v, u) => `(f32x4.sub ${one} (f32x4.mul ${u} ${u}))`,
}));

/** leaky_relu(a): x for x > 0, a·x otherwise. */
export const leakyReluWasm = pointwise((node) => {
  const a = f32x4(attr(node, "a", 0.01));
  return {
    forward: (v) => `(v128.bitselect ${v} (f32x4.mul ${a} ${v}) ${positive(v)})`,
    derivative: (v) => `(v128.bitselect ${one} ${a} ${positive(v)})`,
  };
});

/** elu(alpha): x for x > 0, α(eˣ − 1) otherwise; the derivative there is y + α. */
export const eluWasm = pointwise((node) => {
  const alpha = f32x4(attr(node, "alpha", 1));
  return {
    forward: (v) =>
      `(v128.bitselect ${v} (f32x4.mul ${alpha} (f32x4.sub (call $exp4 ${v}) ${one})) ${positive(v)})`,
    derivative: (v, u) => `(v128.bitselect ${one} (f32x4.add ${u} ${alpha}) ${positive(v)})`,
  };
});

// ── prelu: x for x > 0, alpha[c]·x otherwise (one slope per channel, or one shared) ──

function preluLayout(node: LayerNode) {
  const shape = node.inputShapes[0]!;
  const channels = shape[0]!;
  const perChannel =
    node.params.find((p) => p.name === "alpha")!.shape[0] === channels && channels > 1;
  return { channels, positions: product(shape) / channels, perChannel };
}

/** Per sample and channel: `body(q, lanes)` over the channel's plane, with $slope the channel's alpha (splat). */
function overPlanes(
  ctx: WasmEmitContext,
  node: LayerNode,
  body: (q: Expr, lanes: number) => string,
): string {
  const l = preluLayout(node);
  const channel = ctx.fn.fresh("ch", "i32");
  const plane = ctx.fn.fresh("plane", "i32");
  ctx.fn.local("slope", "v128");
  const alpha = ctx.param("alpha");
  return eachRecord(ctx, (record) =>
    ctx.fn.forLoop(
      channel,
      0,
      l.channels,
      `${set("slope", `(v128.load32_splat offset=${alpha} ${l.perChannel ? mul(get(channel), 4) : "(i32.const 0)"})`)}
      ${set(plane, add(record, mul(get(channel), l.positions * 4)))}
      ${exactVectors(ctx, get(plane), l.positions, body)}`,
    ),
  );
}

export const preluWasm: WasmLayerEmitter = {
  forward(node, ctx) {
    return overPlanes(ctx, node, (q, lanes) => {
      const v = load("v128", q, ctx.input());
      return storeLanes(
        q,
        ctx.output(),
        `(v128.bitselect ${v} (f32x4.mul ${get("slope")} ${v}) ${positive(v)})`,
        lanes,
      );
    });
  },
  backward(node, ctx) {
    const dx = ctx.inputGrad();
    const dAlpha = ctx.paramGrad("alpha");
    const l = preluLayout(node);
    const parts: string[] = [];
    if (dAlpha !== undefined) {
      // dα[c] = Σ over the batch and the plane of dy·x where x ≤ 0 (vector sums, then f64 per plane)
      ctx.fn.local("dsum", "v128");
      const channel = ctx.fn.fresh("ch", "i32");
      const plane = ctx.fn.fresh("plane", "i32");
      ctx.fn.local("slope_total", "f64");
      const perChannel = (c: Expr) =>
        eachRecord(
          ctx,
          (record) => `${set("dsum", zeroV128)}
          ${set(plane, add(record, mul(c, l.positions * 4)))}
          ${exactVectors(ctx, get(plane), l.positions, (q, lanes) => {
            const v = load("v128", q, ctx.input());
            const term = `(v128.andnot (f32x4.mul ${load("v128", q, ctx.outputGrad())} ${v}) ${positive(v)})`;
            const exact =
              lanes === 4
                ? term
                : `(v128.and ${term} (v128.const i32x4 ${[0, 1, 2, 3].map((i) => (i < lanes ? -1 : 0)).join(" ")}))`;
            return set("dsum", `(f32x4.add ${get("dsum")} ${exact})`);
          })}
          ${set("slope_total", `(f64.add ${get("slope_total")} (f64.promote_f32 ${horizontalSum(get("dsum"))}))`)}`,
        );
      if (l.perChannel) {
        parts.push(
          ctx.fn.forLoop(
            channel,
            0,
            l.channels,
            `${set("slope_total", f64(0))}
            ${perChannel(get(channel))}
            ${store("f32", add(ctx.grads, mul(get(channel), 4)), dAlpha, `(f32.demote_f64 ${get("slope_total")})`)}`,
          ),
        );
      } else {
        parts.push(`${set("slope_total", f64(0))}
          ${ctx.fn.forLoop(channel, 0, l.channels, perChannel(get(channel)))}
          ${store("f32", ctx.grads, dAlpha, `(f32.demote_f64 ${get("slope_total")})`)}`);
      }
    }
    if (dx !== undefined) {
      parts.push(
        overPlanes(ctx, node, (q, lanes) => {
          const v = load("v128", q, ctx.input());
          const g = load("v128", q, ctx.outputGrad());
          const value = `(v128.bitselect ${g} (f32x4.mul ${get("slope")} ${g}) ${positive(v)})`;
          return storeLanes(
            q,
            dx,
            ctx.accumulatesInputGrad() ? `(f32x4.add ${load("v128", q, dx)} ${value})` : value,
            lanes,
          );
        }),
      );
    }
    return parts.join("\n");
  },
};

// ── softmax and log_softmax along an axis (scalar, f64 with the host's exp and log) ──

function softmaxAxis(node: LayerNode): { outer: number; length: number; inner: number } {
  const shape = node.outputShape;
  const raw = typeof node.attrs.axis === "number" ? node.attrs.axis : -1;
  const axis = raw < 0 ? shape.length + raw : raw;
  return {
    outer: product(shape.slice(0, axis)),
    length: shape[axis]!,
    inner: product(shape.slice(axis + 1)),
  };
}

/** For each sample and line along the axis: `body` with $line the byte offset of the line's first value, stepping `inner`·4. */
function overLines(ctx: WasmEmitContext, node: LayerNode, body: (record: Expr) => string): string {
  const { outer, inner } = softmaxAxis(node);
  const o = ctx.fn.fresh("outer", "i32");
  const i = ctx.fn.fresh("inner", "i32");
  ctx.fn.local("line", "i32");
  return eachRecord(ctx, (record) =>
    ctx.fn.forLoop(
      o,
      0,
      outer,
      ctx.fn.forLoop(
        i,
        0,
        inner,
        `${set("line", add(mul(get(o), softmaxAxis(node).length * inner * 4), mul(get(i), 4)))}
        ${body(record)}`,
      ),
    ),
  );
}

function softmaxEmitter(log: boolean): WasmLayerEmitter {
  const at = (record: Expr, k: string, stride: number) =>
    add(add(record, get("line")), mul(get(k), stride));
  return {
    forward(node, ctx) {
      const { length, inner } = softmaxAxis(node);
      const stride = inner * 4;
      for (const l of ["smax", "ssum", "slog"]) ctx.fn.local(l, "f64");
      const x = (record: Expr) =>
        `(f64.promote_f32 ${load("f32", at(record, "k", stride), ctx.input())})`;
      return overLines(
        ctx,
        node,
        (record) => `${set("smax", "(f64.const -inf)")}
        ${ctx.fn.forLoop("k", 0, length, set("smax", `(f64.max ${get("smax")} ${x(record)})`))}
        ${set("ssum", "(f64.const 0)")}
        ${ctx.fn.forLoop("k", 0, length, set("ssum", `(f64.add ${get("ssum")} (call $math_exp (f64.sub ${x(record)} ${get("smax")})))`))}
        ${
          log
            ? `${set("slog", `(f64.add ${get("smax")} (call $math_log ${get("ssum")}))`)}
               ${ctx.fn.forLoop("k", 0, length, store("f32", at(record, "k", stride), ctx.output(), `(f32.demote_f64 (f64.sub ${x(record)} ${get("slog")}))`))}`
            : ctx.fn.forLoop(
                "k",
                0,
                length,
                store(
                  "f32",
                  at(record, "k", stride),
                  ctx.output(),
                  `(f32.demote_f64 (f64.div (call $math_exp (f64.sub ${x(record)} ${get("smax")})) ${get("ssum")}))`,
                ),
              )
        }`,
      );
    },
    /** softmax: dx = y ⊙ (dy − Σ dy·y); log_softmax: dx = dy − exp(y)·Σ dy. */
    backward(node, ctx) {
      const dx = ctx.inputGrad();
      if (dx === undefined) return "";
      const { length, inner } = softmaxAxis(node);
      const stride = inner * 4;
      ctx.fn.local("sdot", "f64");
      const value = (record: Expr, offset: number) =>
        `(f64.promote_f32 ${load("f32", at(record, "k", stride), offset)})`;
      const write = (record: Expr, v: string) =>
        store(
          "f32",
          at(record, "k", stride),
          dx,
          ctx.accumulatesInputGrad()
            ? `(f32.add ${load("f32", at(record, "k", stride), dx)} (f32.demote_f64 ${v}))`
            : `(f32.demote_f64 ${v})`,
        );
      return overLines(ctx, node, (record) =>
        log
          ? `${set("sdot", "(f64.const 0)")}
            ${ctx.fn.forLoop("k", 0, length, set("sdot", `(f64.add ${get("sdot")} ${value(record, ctx.outputGrad())})`))}
            ${ctx.fn.forLoop("k", 0, length, write(record, `(f64.sub ${value(record, ctx.outputGrad())} (f64.mul (call $math_exp ${value(record, ctx.output())}) ${get("sdot")}))`))}`
          : `${set("sdot", "(f64.const 0)")}
            ${ctx.fn.forLoop("k", 0, length, set("sdot", `(f64.add ${get("sdot")} (f64.mul ${value(record, ctx.outputGrad())} ${value(record, ctx.output())}))`))}
            ${ctx.fn.forLoop("k", 0, length, write(record, `(f64.mul ${value(record, ctx.output())} (f64.sub ${value(record, ctx.outputGrad())} ${get("sdot")}))`))}`,
      );
    },
  };
}

export const softmaxWasm = softmaxEmitter(false);
export const logSoftmaxWasm = softmaxEmitter(true);
