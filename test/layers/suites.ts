import { loopsRegistry } from "../../src/codegen/loops/registry.js";
import { isUnsupported } from "../../src/codegen/registry.js";
import { tfjsRegistry } from "../../src/codegen/tfjs/registry.js";
import { wasmRegistry } from "../../src/codegen/wasm/registry.js";
import { layerCases } from "../../src/layers/cases.js";
import { definitions, type LayerKindName } from "../../src/layers/definitions.js";
import type { LayerCase } from "../../src/layers/shared/cases.js";

/**
 * What the generic layer suites run, derived from the registries: the gradient check runs
 * every case of every kind the loops backend writes a backward for; the agreement suite
 * compares tfjs with that checked reference, on every device, for every case of every
 * kind tfjs emits; the compiled (wasm) backend's check runs every case of every kind it
 * compiles against finite differences and that reference (test/wasm/gradient-check.test.ts).
 * test/layers/coverage.test.ts holds these plans against the registries,
 * so a kind cannot land with a backend but without the checks of it.
 */

export interface PlannedCase {
  kind: LayerKindName;
  case: LayerCase;
}

/** What the plans are made from; the coverage test also feeds them doctored ones. */
export interface Registries {
  loops: Readonly<Record<LayerKindName, object>>;
  tfjs: Readonly<Record<LayerKindName, object>>;
  wasm: Readonly<Record<LayerKindName, object>>;
  cases: Readonly<Record<LayerKindName, readonly LayerCase[]>>;
}

export const realRegistries: Registries = {
  loops: loopsRegistry,
  tfjs: tfjsRegistry,
  wasm: wasmRegistry,
  cases: layerCases,
};

export const kinds = Object.keys(definitions) as LayerKindName[];

const casesOf = (r: Registries, kind: LayerKindName) =>
  r.cases[kind].map((c) => ({ kind, case: c }));

/** Cases of kinds whose loops backward the finite-difference check verifies. */
export function gradientCheckPlan(r: Registries = realRegistries): PlannedCase[] {
  return kinds.filter((kind) => !isUnsupported(r.loops[kind])).flatMap((kind) => casesOf(r, kind));
}

/** Cases of kinds tfjs emits that the loops reference also emits, to compare with. */
export function agreementPlan(r: Registries = realRegistries): PlannedCase[] {
  return kinds
    .filter((kind) => !isUnsupported(r.tfjs[kind]) && !isUnsupported(r.loops[kind]))
    .flatMap((kind) => casesOf(r, kind));
}

/** Cases of kinds the compiled backend compiles that the loops reference also emits, to check it against. */
export function wasmCheckPlan(r: Registries = realRegistries): PlannedCase[] {
  return kinds
    .filter((kind) => !isUnsupported(r.wasm[kind]) && !isUnsupported(r.loops[kind]))
    .flatMap((kind) => casesOf(r, kind));
}

/** Every supported (kind, backend) pair no plan checks, with why: what coverage.test.ts requires to be empty. */
export function uncovered(r: Registries = realRegistries): string[] {
  const checked = new Set(gradientCheckPlan(r).map((p) => p.kind));
  const agreed = new Set(agreementPlan(r).map((p) => p.kind));
  const compiled = new Set(wasmCheckPlan(r).map((p) => p.kind));
  const missing: string[] = [];
  for (const kind of kinds) {
    if (r.cases[kind].length === 0)
      missing.push(`${kind}: no cases in src/layers/${kind}/cases.ts`);
    if (!isUnsupported(r.loops[kind]) && !checked.has(kind))
      missing.push(`${kind} (loops): no gradient check`);
    if (!isUnsupported(r.tfjs[kind]) && !agreed.has(kind))
      missing.push(
        `${kind} (tfjs): no agreement check${isUnsupported(r.loops[kind]) ? " (no loops reference to agree with)" : ""}`,
      );
    if (!isUnsupported(r.wasm[kind]) && !compiled.has(kind))
      missing.push(
        `${kind} (wasm): no gradient check${isUnsupported(r.loops[kind]) ? " (no loops reference to agree with)" : ""}`,
      );
  }
  return missing;
}

/** A case as a whole .net file: the model T. */
export function caseSource(c: LayerCase): string {
  return `model T {\n  ${c.model.split("\n").join("\n  ")}\n}\n`;
}
