/**
 * A small example model for a layer kind (src/layers/<kind>/cases.ts). The generic test
 * suites iterate every kind's cases: the finite-difference gradient check of each backend
 * that writes its own backward (test/layers/gradient-check.test.ts) and the cross-backend
 * agreement on every tfjs device (test/layers/agreement.test.ts). A kind without cases,
 * or a case without its kind, fails test/layers/coverage.test.ts.
 */
export interface LayerCase {
  /** What the case exercises, e.g. "stride 2, pad 1". */
  readonly name: string;
  /** The body of `model T { … }`: the input statement and the layers, in .net source. */
  readonly model: string;
  /**
   * How the backends are compared: "training" (the default), the logits, loss and every
   * gradient of a training pass; "evaluation", logits and loss in evaluation mode only,
   * for layers that draw random numbers while training (dropout, noise), which each
   * backend takes from its own generator.
   */
  readonly agreement?: "training" | "evaluation";
}
