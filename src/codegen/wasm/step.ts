import type { LayerNode, TrainIR } from "../../ir/ir.js";
import { watCommentText } from "../common/escape.js";
import { isDecoupled, optimizerWeightDecay } from "../loops/optimizers.js";
import type { ParamSlot } from "../loops/plan.js";
import { OPTIMIZER_LOCALS, wasmOptimizers } from "./optimizers.js";
import type { MemoryLayout, WasmPlan } from "./plan.js";
import { f32, f32x4, get, set, storeLanes, WatFunction, zeroV128 } from "./wat.js";

/**
 * `$step`: one optimizer update from the gradients, in the loops reference's order of
 * operations (../loops/emit-model.ts, stepMethod), so both backends train the same: the
 * penalties' gradients (layer l1·sign w + l2·w; global λ₁/n·sign w + λ₂/n·w on penalized
 * tensors) and clipping by value, in place in the gradient arena; then the global norm
 * limit; then per tensor, weight decay (coupled g + λθ, or decoupled θ ← θ − lr·λ·θ) and
 * the rule at lr × lr_mult. Frozen tensors are skipped. Tensors that are treated alike
 * and lie next to each other are updated in one loop.
 *
 * Parameters: $rate (the learning rate), $t (the step count, 1 on the first step),
 * $c1/$c2 (bias corrections 1 − β₁ᵗ, 1 − β₂ᵗ), $set_size (n of the global penalties).
 */
export function stepFunction(plan: WasmPlan, layout: MemoryLayout, train: TrainIR): string {
  const name = train.optimizer.name;
  const optimizer = wasmOptimizers[name];
  if (optimizer === undefined)
    throw new Error(`wasm backend: optimizer "${name}" is not supported`);
  const args = train.optimizer.args;
  const decay = optimizerWeightDecay(args);
  const decoupled = isDecoupled(args);
  const setting = (key: string) => {
    const value = train.settings[key];
    return typeof value === "number" ? value : 0;
  };
  const clipValue = setting("clip_value");
  const clipNorm = setting("clip_norm");
  const globalL1 = setting("l1");
  const globalL2 = setting("l2");
  const isPenalized = (slot: ParamSlot) => slot.tensor.penalized;

  const fn = new WatFunction(
    "step",
    [
      ["rate", "f32"],
      ["t", "i32"],
      ["c1s", "f32"],
      ["c2s", "f32"],
      ["set_size", "f32"],
    ],
    undefined,
    "step",
  );
  for (const l of ["p", "g", "lr", "first", "c1", "c2", "scale", ...OPTIMIZER_LOCALS])
    fn.local(l, "v128");
  const P4 = plan.paramCount * 4;
  const trainable = plan.params.filter((slot) => slot.tensor.trainable);

  /** Runs of adjacent slots with the same key, as [first offset, floats]. */
  const runs = (key: (slot: ParamSlot) => string | undefined) => {
    const out: { key: string; slot: ParamSlot; start: number; floats: number }[] = [];
    for (const slot of trainable) {
      const k = key(slot);
      if (k === undefined) continue;
      const last = out[out.length - 1];
      if (last !== undefined && last.key === k && last.start + last.floats === slot.offset)
        last.floats += slot.size;
      else out.push({ key: k, slot, start: slot.offset, floats: slot.size });
    }
    return out;
  };
  /** A loop over `floats` parameters from float `start`: `body(q, lanes)` with q the byte offset into the arenas. */
  const overRange = (start: number, floats: number, body: (q: string, lanes: number) => string) => {
    const q = fn.fresh("q", "i32");
    const end = fn.fresh("q_end", "i32");
    const whole = Math.floor(floats / 4);
    const lanes = floats % 4;
    const parts = [set(q, `(i32.const ${start * 4})`)];
    if (whole > 0) {
      parts.push(set(end, `(i32.const ${(start + 4 * whole) * 4})`));
      parts.push(fn.pointerLoop(q, end, 16, body(get(q), 4)));
    }
    if (lanes > 0) parts.push(body(get(q), lanes));
    return parts.join("\n");
  };
  const loadAt = (base: number, q: string) => `(v128.load offset=${base} ${q})`;

  const parts: string[] = [];
  parts.push(
    set(
      "first",
      `(if (result v128) (i32.eq (local.get $t) (i32.const 1)) (then (v128.const i32x4 -1 -1 -1 -1)) (else ${zeroV128}))`,
    ),
  );
  parts.push(set("c1", "(f32x4.splat (local.get $c1s))"));
  parts.push(set("c2", "(f32x4.splat (local.get $c2s))"));

  // 1. penalties' gradients and clipping by value
  const one = f32x4(1);
  const sign = (x: string) =>
    `(f32x4.sub (v128.and (f32x4.gt ${x} ${zeroV128}) ${one}) (v128.and (f32x4.lt ${x} ${zeroV128}) ${one}))`;
  const coefficient = (layer: number, global: number, penalized: boolean) =>
    penalized && global !== 0
      ? `(f32x4.splat (f32.add ${f32(layer)} (f32.div ${f32(global)} (local.get $set_size))))`
      : f32x4(layer);
  for (const run of runs((slot) => {
    const penalized = isPenalized(slot);
    const l1 = slot.tensor.l1 !== 0 || (penalized && globalL1 !== 0);
    const l2 = slot.tensor.l2 !== 0 || (penalized && globalL2 !== 0);
    if (!l1 && !l2 && clipValue === 0) return undefined;
    return JSON.stringify([slot.tensor.l1, slot.tensor.l2, penalized]);
  })) {
    const penalized = isPenalized(run.slot);
    const hasL1 = run.slot.tensor.l1 !== 0 || (penalized && globalL1 !== 0);
    const hasL2 = run.slot.tensor.l2 !== 0 || (penalized && globalL2 !== 0);
    parts.push(`;; penalties / clip_value: ${watCommentText(run.slot.name)}…`);
    parts.push(
      overRange(run.start, run.floats, (q, lanes) => {
        let g = loadAt(layout.grads, q);
        const p = loadAt(layout.params, q);
        if (hasL1)
          g = `(f32x4.add ${g} (f32x4.mul ${coefficient(run.slot.tensor.l1, globalL1, penalized)} ${sign(p)}))`;
        if (hasL2)
          g = `(f32x4.add ${g} (f32x4.mul ${coefficient(run.slot.tensor.l2, globalL2, penalized)} ${p}))`;
        if (clipValue !== 0)
          g = `(f32x4.pmax ${f32x4(-clipValue)} (f32x4.pmin ${f32x4(clipValue)} ${g}))`;
        return storeLanes(q, layout.grads, g, lanes);
      }),
    );
  }

  // 2. clip_norm: scale by min(1, c/‖g‖), the norm over every trainable tensor (f64 sums)
  if (clipNorm !== 0) {
    fn.local("squares", "v128");
    fn.local("norm", "f64");
    parts.push(set("squares", zeroV128));
    for (const run of runs(() => "all")) {
      parts.push(
        overRange(run.start, run.floats, (q, lanes) => {
          fn.local("gv", "v128");
          const g =
            lanes === 4
              ? loadAt(layout.grads, q)
              : `(v128.and ${loadAt(layout.grads, q)} (v128.const i32x4 ${[0, 1, 2, 3].map((l) => (l < lanes ? -1 : 0)).join(" ")}))`;
          return `${set("gv", g)}
            ${set("squares", `(f64x2.add ${get("squares")} (f64x2.mul (f64x2.promote_low_f32x4 ${get("gv")}) (f64x2.promote_low_f32x4 ${get("gv")})))`)}
            ${set("gv", `(i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 ${get("gv")} ${get("gv")})`)}
            ${set("squares", `(f64x2.add ${get("squares")} (f64x2.mul (f64x2.promote_low_f32x4 ${get("gv")}) (f64x2.promote_low_f32x4 ${get("gv")})))`)}`;
        }),
      );
    }
    parts.push(
      set(
        "norm",
        `(f64.sqrt (f64.add (f64x2.extract_lane 0 ${get("squares")}) (f64x2.extract_lane 1 ${get("squares")})))`,
      ),
    );
    parts.push(
      set(
        "scale",
        `(f32x4.splat (f32.demote_f64 (if (result f64) (f64.gt (local.get $norm) (f64.const ${clipNorm})) (then (f64.div (f64.const ${clipNorm}) (local.get $norm))) (else (f64.const 1)))))`,
      ),
    );
  }

  // 3. weight decay and the rule, per run of tensors with the same lr_mult and decay
  for (const run of runs((slot) =>
    JSON.stringify([slot.tensor.lrMultiplier, decay !== 0 && isPenalized(slot)]),
  )) {
    const decays = decay !== 0 && isPenalized(run.slot);
    const lr =
      run.slot.tensor.lrMultiplier === 1
        ? "(f32x4.splat (local.get $rate))"
        : `(f32x4.splat (f32.mul (local.get $rate) ${f32(run.slot.tensor.lrMultiplier)}))`;
    parts.push(`;; ${watCommentText(run.slot.name)}… (${run.floats} values)`);
    parts.push(set("lr", lr));
    parts.push(
      overRange(run.start, run.floats, (q, lanes) => {
        const lines = [set("p", loadAt(layout.params, q))];
        if (decays && decoupled)
          lines.push(
            set(
              "p",
              `(f32x4.sub ${get("p")} (f32x4.mul (f32x4.mul ${get("lr")} ${f32x4(decay)}) ${get("p")}))`,
            ),
          );
        let g = loadAt(layout.grads, q);
        if (clipNorm !== 0) g = `(f32x4.mul ${g} ${get("scale")})`;
        if (decays && !decoupled) g = `(f32x4.add ${g} (f32x4.mul ${f32x4(decay)} ${get("p")}))`;
        lines.push(set("g", g));
        const slot = {
          load: (k: number) => loadAt(layout.optimizer + k * P4, q),
          store: (k: number, value: string) =>
            storeLanes(q, layout.optimizer + k * P4, value, lanes),
        };
        lines.push(optimizer.update(args, slot));
        lines.push(storeLanes(q, layout.params, get("p"), lanes));
        return lines.join("\n");
      }),
    );
  }
  return fn.toText(parts.join("\n"));
}
