import { type Args, flagArg as flag, numberArg as num } from "../common/args.js";
import { loopsOptimizers } from "../loops/optimizers.js";
import { pythonFloat } from "../common/escape.js";

/**
 * The optimizers of the catalogue as train.py writes them: the loops backend's update
 * rules (src/codegen/loops/optimizers.ts, where each rule's seed and algorithm are
 * named), with its slot names and initial fills, as in-place torch operations on whole
 * tensors. torch.optim's own classes differ in details the .net semantics fix (RMSProp's
 * δ inside the root and Nesterov form, AdaGrad's δ, NAdam without a momentum schedule),
 * so the rules are written out, which also makes the slots netc's checkpoint names
 * (optimizer/<tensor>/<slot>).
 *
 * In the statements: `p` the parameter, `g` its gradient (penalties, clipping and coupled
 * weight decay applied), `lr` the step's rate times the tensor's lr_mult, `t` the step
 * count (1 on the first step), `s` the tensor's slots by name. `prologue` runs once per
 * step (bias corrections).
 */
export interface PytorchOptimizer {
  prologue?(args: Args): string;
  update(args: Args): string;
}

const f = pythonFloat;

export const pytorchOptimizers: Readonly<Record<string, PytorchOptimizer>> = {
  sgd: {
    update(a) {
      const mu = num(a, "momentum");
      if (mu === 0) return "p.sub_(lr * g)";
      return `v = s["velocity"]
if t == 1:
    v.copy_(g)
else:
    v.mul_(${f(mu)}).add_(${num(a, "dampening") === 0 ? "g" : `${f(1 - num(a, "dampening"))} * g`})
p.sub_(lr * ${flag(a, "nesterov") ? `(g + ${f(mu)} * v)` : "v"})`;
    },
  },
  adagrad: {
    update: (a) => `r = s["accumulator"].add_(g * g)
p.sub_(lr * g / (${f(num(a, "eps"))} + r.sqrt()))`,
  },
  adadelta: {
    update(a) {
      const rho = num(a, "rho");
      const eps = f(num(a, "eps"));
      return `r = s["squared_gradients"].mul_(${f(rho)}).add_(${f(1 - rho)} * g * g)
delta = (s["squared_updates"] + ${eps}).sqrt() / (r + ${eps}).sqrt() * g
s["squared_updates"].mul_(${f(rho)}).add_(${f(1 - rho)} * delta * delta)
p.sub_(lr * delta)`;
    },
  },
  rmsprop: {
    update(a) {
      const rho = num(a, "rho");
      const alpha = num(a, "momentum");
      const average = `r = s["square_average"].mul_(${f(rho)}).add_(${f(1 - rho)} * g * g)
scaled = lr * g / (${f(num(a, "eps"))} + r).sqrt()`;
      if (alpha === 0) return `${average}\np.sub_(scaled)`;
      const apply = flag(a, "nesterov")
        ? `# the model holds the look-ahead point θ + αv (seed 000 algorithm 4.6)
p.add_(${f(1 + alpha)} * v - ${f(alpha)} * previous)`
        : "p.add_(v)";
      return `${average}
previous = s["velocity"].clone()
v = ${f(alpha)} * previous - scaled
${apply}
s["velocity"].copy_(v)`;
    },
  },
  adam: {
    prologue: (a) => `first_correction = 1 - ${f(num(a, "beta1"))}**t
second_correction = 1 - ${f(num(a, "beta2"))}**t`,
    update(a) {
      const b1 = num(a, "beta1");
      const b2 = num(a, "beta2");
      return `m = s["first_moment"].mul_(${f(b1)}).add_(${f(1 - b1)} * g)
r = s["second_moment"].mul_(${f(b2)}).add_(${f(1 - b2)} * g * g)
denominator = (r / second_correction).sqrt() + ${f(num(a, "eps"))}
p.sub_(lr * (m / first_correction) / denominator)`;
    },
  },
  adamax: {
    prologue: (a) => `first_correction = 1 - ${f(num(a, "beta1"))}**t`,
    update(a) {
      const b1 = num(a, "beta1");
      return `m = s["first_moment"].mul_(${f(b1)}).add_(${f(1 - b1)} * g)
u = torch.maximum(${f(num(a, "beta2"))} * s["infinity_norm"], g.abs())
s["infinity_norm"].copy_(u)
p.sub_((lr / first_correction) * m / (u + ${f(num(a, "eps"))}))`;
    },
  },
  nadam: {
    prologue: (a) => `first_correction = 1 - ${f(num(a, "beta1"))}**t
second_correction = 1 - ${f(num(a, "beta2"))}**t`,
    update(a) {
      const b1 = num(a, "beta1");
      const b2 = num(a, "beta2");
      return `m = s["first_moment"].mul_(${f(b1)}).add_(${f(1 - b1)} * g)
r = s["second_moment"].mul_(${f(b2)}).add_(${f(1 - b2)} * g * g)
look_ahead = (${f(b1)} * m + ${f(1 - b1)} * g) / first_correction
denominator = (r / second_correction).sqrt() + ${f(num(a, "eps"))}
p.sub_(lr * look_ahead / denominator)`;
    },
  },
};

/** Slot names and initial fills, the rule in words: the loops backend's (one definition). */
export function optimizerSlots(name: string, args: Args): { name: string; fill: number }[] {
  return loopsOptimizers[name]?.slots(args) ?? [];
}

export function optimizerRule(name: string, args: Args): string {
  return loopsOptimizers[name]?.rule(args) ?? name;
}
