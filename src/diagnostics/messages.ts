import type { Severity } from "./diagnostic.js";

/**
 * Every diagnostic netc can report, defined once, as data (in the manner of the
 * TypeScript compiler's diagnosticMessages.json). Codes are stable: never renumber,
 * only add. `{0}`, `{1}`, … in a message are filled by the reporting pass.
 *
 *   NET01xx  syntax (lexer and parser)
 *   NET02xx  names, arguments, values (resolution and evaluation)
 *   NET03xx  shapes (the shape checker)
 *   NET04xx  the train section and data
 *   NET05xx  warnings about likely mistakes that still run
 *   NET06xx  imports and files
 */
export interface DiagnosticDefinition {
  code: string;
  severity: Severity;
  message: string;
  /** One line for `netc explain`, the LSP hover on a code, and the diagnostics table in the README. */
  summary: string;
}

function def(
  code: string,
  severity: Severity,
  message: string,
  summary: string,
): DiagnosticDefinition {
  return { code, severity, message, summary };
}

export const Diagnostics = {
  // ── syntax ────────────────────────────────────────────────────────────────
  UnexpectedCharacter: def(
    "NET0101",
    "error",
    "unexpected character '{0}'",
    "The lexer met a character that is not part of the language.",
  ),
  UnexpectedToken: def(
    "NET0102",
    "error",
    "expected {0}, found {1}",
    "The parser expected something else here.",
  ),
  UnterminatedString: def(
    "NET0103",
    "error",
    "unterminated string",
    "A string literal has no closing quote on its line.",
  ),
  MissingClosingBrace: def(
    "NET0104",
    "error",
    "'{0}' opened here is never closed",
    "A bracket or brace is not closed.",
  ),
  InvalidNumber: def("NET0105", "error", "invalid number '{0}'", "A numeric literal is malformed."),
  InvalidEscape: def(
    "NET0106",
    "error",
    "unknown escape '\\{0}' in a string",
    'Strings accept the escapes \\" \\\\ \\n and \\t.',
  ),
  NestingTooDeep: def(
    "NET0107",
    "error",
    "brackets nested more than {0} levels deep",
    "Nesting is capped so that no input can exhaust the compiler's stack.",
  ),
  NumberOutOfRange: def(
    "NET0108",
    "error",
    "the number {0} is out of range: {1}",
    "An integer literal beyond 2^53 − 1 (where numbers stop being exact) or a float literal beyond about 1.8e308.",
  ),
  ExpressionTooDeep: def(
    "NET0109",
    "error",
    "expression nested more than {0} levels deep",
    "Operators, calls and lists nest at most 256 levels in one expression, so that no input can exhaust the compiler's stack.",
  ),

  // ── names, arguments, values ──────────────────────────────────────────────
  UnknownLayer: def(
    "NET0201",
    "error",
    "unknown layer '{0}'",
    "A layer or block name that is not defined.",
  ),
  UnknownArgument: def(
    "NET0202",
    "error",
    "{0} has no parameter named '{1}'",
    "A named argument that the layer or block does not take.",
  ),
  MissingArgument: def(
    "NET0203",
    "error",
    "{0} needs the argument '{1}'",
    "A required argument is missing.",
  ),
  DuplicateArgument: def(
    "NET0204",
    "error",
    "argument '{0}' is given more than once",
    "The same argument appears twice in one call.",
  ),
  ArgumentType: def(
    "NET0205",
    "error",
    "argument '{0}' of {1} must be {2}, found {3}",
    "An argument has the wrong type.",
  ),
  TooManyArguments: def(
    "NET0206",
    "error",
    "{0} takes at most {1} positional argument(s), found {2}",
    "More positional arguments than parameters.",
  ),
  UndefinedName: def(
    "NET0207",
    "error",
    "undefined name '{0}'",
    "A name used in an expression is not a parameter or constant in scope.",
  ),
  RecursiveBlock: def(
    "NET0208",
    "error",
    "block '{0}' calls itself",
    "Blocks may not be recursive, directly or through other blocks.",
  ),
  DuplicateDefinition: def(
    "NET0209",
    "error",
    "'{0}' is already defined",
    "Two models, blocks, parameters or constants share a name.",
  ),
  InvalidArgumentValue: def(
    "NET0210",
    "error",
    "argument '{0}' of {1} {2}",
    "An argument has the right type but an invalid value.",
  ),
  InvalidOperation: def(
    "NET0211",
    "error",
    "{0}",
    "An expression cannot be evaluated (division by zero, a type mismatch).",
  ),
  PositionalAfterNamed: def(
    "NET0212",
    "error",
    "positional argument after a named argument",
    "Positional arguments must come before named ones.",
  ),
  UnknownMember: def(
    "NET0213",
    "error",
    "'{0}' has no property '{1}'",
    "A property of `in` or of a value that does not exist.",
  ),
  InvalidRepeat: def(
    "NET0214",
    "error",
    "repetition count must be a positive integer, found {0}",
    "The count after `*` must be a positive whole number.",
  ),
  UnknownModel: def(
    "NET0215",
    "error",
    "unknown model '{0}'",
    "A train section names a model that is not defined.",
  ),
  UnknownOption: def(
    "NET0216",
    "error",
    "unknown option '{0}'",
    "A model option that netc does not know.",
  ),
  MissingInput: def(
    "NET0217",
    "error",
    "model '{0}' has no input statement",
    "Every model starts with `input [..]`.",
  ),
  InputNotFirst: def(
    "NET0218",
    "error",
    "'input' must be the first statement of a model",
    "The input statement comes before any layer.",
  ),
  ValueOutOfRange: def(
    "NET0219",
    "error",
    "{0} is out of range: {1}",
    "Arithmetic beyond 2^53 − 1 (where integers stop being exact) or the finite floats, or a list, call or string built larger than netc's limits.",
  ),
  TooManyLayers: def(
    "NET0220",
    "error",
    "{0}, more than the limit of {1}",
    "Repetitions and blocks expand to at most a fixed number of layers per program, checked before they are expanded.",
  ),

  NestingTooDeepToExpand: def(
    "NET0221",
    "error",
    "blocks and residuals nested more than {0} levels deep",
    "Block calls and residuals nest at most 256 levels when expanded, so that expansion cannot exhaust the compiler's stack.",
  ),

  // ── shapes ────────────────────────────────────────────────────────────────
  NonWholeOutputSize: def(
    "NET0301",
    "error",
    "{0}: output {1} {2} is not a whole number",
    "A convolution or pooling window does not tile the padded input exactly.",
  ),
  NonPositiveOutputSize: def(
    "NET0302",
    "error",
    "{0}: output {1} {2} is not positive",
    "The window is larger than the padded input.",
  ),
  DenseOnNonFlat: def(
    "NET0303",
    "error",
    "dense expects a flat input, found {0}",
    "A dense layer after a layer whose output is not one-dimensional.",
  ),
  ChannelMismatch: def(
    "NET0304",
    "error",
    "{0} expects {1} input channels, found {2}",
    "The channel count given explicitly does not match the incoming one.",
  ),
  ResidualMismatch: def(
    "NET0305",
    "error",
    "residual branches disagree: the body gives {0}, the shortcut gives {1}",
    "A residual's body and shortcut must produce the same shape.",
  ),
  ShapeAssertion: def(
    "NET0306",
    "error",
    "shape assertion failed: expected {0}, found {1}",
    "The shape written after `:` does not match the computed one.",
  ),
  WrongRank: def(
    "NET0307",
    "error",
    "{0} expects an input of rank {1} ({2}), found {3}",
    "A layer received an input with the wrong number of dimensions.",
  ),
  ReshapeSize: def(
    "NET0308",
    "error",
    "reshape: cannot reshape {0} ({1} elements) to {2} ({3} elements)",
    "Reshape must keep the element count.",
  ),
  InvalidShape: def(
    "NET0309",
    "error",
    "invalid shape {0}: {1}",
    "A shape literal must be a list of positive integers.",
  ),
  GroupsMismatch: def(
    "NET0310",
    "error",
    "{0}: {1} channels are not divisible by groups = {2}",
    "Grouped convolutions need channel counts divisible by the group count.",
  ),
  EmptyModel: def(
    "NET0311",
    "error",
    "model '{0}' has no layers",
    "A model must have at least one layer after its input.",
  ),
  InvalidConnectionTable: def(
    "NET0312",
    "error",
    "{0}: connection table {1}",
    "A connection table (LeNet-5's C3) must list, for each output map, distinct input maps that exist.",
  ),
  TensorTooLarge: def(
    "NET0313",
    "error",
    "{0} has {1} elements, more than a Float32Array can hold ({2})",
    "One sample's input, a layer's output or a parameter tensor is larger than the largest Float32Array netc emits code for.",
  ),

  // ── train section and data ────────────────────────────────────────────────
  ClassCountMismatch: def(
    "NET0401",
    "error",
    "the model outputs {0} values but the data has {1} classes",
    "The last layer's size must equal the number of classes.",
  ),
  DataShapeMismatch: def(
    "NET0402",
    "error",
    "the data gives samples of shape {0} but the model's input is {1}",
    "The dataset's sample shape must match `input`.",
  ),
  UnknownTrainKey: def(
    "NET0403",
    "error",
    "unknown train setting '{0}'",
    "A key in a train section that netc does not know.",
  ),
  UnknownLoss: def(
    "NET0404",
    "error",
    "unknown loss '{0}'",
    "A loss function that netc does not know.",
  ),
  UnknownOptimizer: def(
    "NET0405",
    "error",
    "unknown optimizer '{0}'",
    "An optimizer that netc does not know.",
  ),
  UnknownDataset: def(
    "NET0406",
    "error",
    "unknown data source '{0}'",
    "A data source that netc does not know.",
  ),
  MissingTrainKey: def(
    "NET0407",
    "error",
    "train section needs '{0}'",
    "A required train setting is missing.",
  ),
  InvalidTrainValue: def(
    "NET0408",
    "error",
    "train setting '{0}' {1}",
    "A train setting has an invalid value.",
  ),
  UnknownSchedule: def(
    "NET0409",
    "error",
    "unknown learning-rate schedule '{0}'",
    "A schedule that netc does not know.",
  ),

  // ── warnings ──────────────────────────────────────────────────────────────
  SoftmaxBeforeCrossEntropy: def(
    "NET0501",
    "warning",
    "softmax before cross_entropy applies softmax twice",
    "cross_entropy takes logits and applies log-softmax itself.",
  ),
  DropoutLast: def(
    "NET0502",
    "warning",
    "dropout is the last layer",
    "Dropout after the last layer only perturbs the output.",
  ),
  SigmoidMultiClass: def(
    "NET0503",
    "warning",
    "sigmoid output with the multi-class loss {0}",
    "A sigmoid output layer fed to a multi-class loss.",
  ),
  UnusedBlock: def(
    "NET0504",
    "warning",
    "block '{0}' is never used",
    "A block defined but never called.",
  ),
  ShortcutAlwaysOff: def(
    "NET0505",
    "info",
    "the shortcut condition is false here, so the shortcut is the identity",
    "A conditional shortcut that evaluates to false.",
  ),
  RbfDistanceAsLogits: def(
    "NET0506",
    "warning",
    "rbf outputs squared distances (the smallest is the predicted class), but {0} treats the largest output as the class",
    "An rbf output layer fed to a classification loss without `negate = true`.",
  ),
  TrainingMemory: def(
    "NET0507",
    "warning",
    "training at batch {0} needs at least {1} GB of memory, more than {2} GB",
    "Parameters and activations at the train section's batch, with their gradients, in float32, exceed what a typical machine has.",
  ),

  // ── imports and files ─────────────────────────────────────────────────────
  ImportNotFound: def(
    "NET0601",
    "error",
    "cannot read imported file '{0}': {1}",
    "An imported .net file cannot be read.",
  ),
  ImportCycle: def("NET0602", "error", "import cycle: {0}", "Files import each other in a cycle."),
} as const satisfies Record<string, DiagnosticDefinition>;

export type DiagnosticName = keyof typeof Diagnostics;

export const allDiagnosticDefinitions: readonly DiagnosticDefinition[] = Object.values(Diagnostics);
