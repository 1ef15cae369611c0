import type { ModelIR, ProgramIR, TrainIR } from "./ir.js";

/**
 * What a backend compiles for `modelName`: the model instance its train section trains
 * (a `train M(args)` section has its own instance), and that train section, or the
 * checker's defaults when the model has none. Undefined when the program has no such
 * model (or only instances that a train section never completed).
 */
export function modelAndTrain(
  program: ProgramIR,
  modelName: string,
): { model: ModelIR; train: TrainIR } | undefined {
  const train = program.trains.find((t) => t.model === modelName);
  if (train === undefined) return undefined;
  const model =
    (train.modelIndex !== undefined ? program.models[train.modelIndex] : undefined) ??
    program.models.find((m) => m.name === modelName);
  return model === undefined ? undefined : { model, train };
}
