/**
 * The one escaping layer between user text and generated code. A `.net` file is untrusted
 * input: layer names, data paths, option strings, file names and the quoted source lines
 * may hold any Unicode, and none of it may change what the generated code does. So user
 * text reaches generated code only through the functions here:
 *
 * - `tsString`, `tsLiteral`, `tsTemplateText`: a TypeScript string literal, any JSON-like
 *   value as a TypeScript expression, text inside a template literal;
 * - `commentText`: text for a `//` or `/* … *\/` comment that cannot end it early;
 * - `tsIdentifierPart`, `tsIdentifier`, `isUsableTsIdentifier`: identifiers derived
 *   from user names, injective and clear of reserved words and of every name the
 *   generated code itself uses (`GENERATED_CODE_NAMES`);
 * - `watCommentText`: text for a `;;` comment of WebAssembly text (the wasm backend's kernels);
 * - `markdownCode`, `npmPackageName`: the package's README.md and package.json;
 * - for the PyTorch backend's Python: `pythonString`, `pythonLiteral`, `pythonComment`,
 *   `pythonCommentText` (literals and `#` comments), `PythonNames` (identifiers clear of
 *   keywords, builtins and the generated files' own names), `pythonNumber`, `pythonFloat`.
 *
 * Each function is deterministic (byte-identical output for identical input) and
 * produces text the target's formatter (prettier, black) leaves as it is. A new target
 * adds its section here, with its own reserved words and line terminators, so that
 * every emitter shares the one layer.
 */

// ---------------------------------------------------------------------------------------
// Language-neutral pieces

/**
 * Code units that never appear raw in generated text: every line terminator of the
 * targets (LF, CR, U+2028, U+2029; U+0085 NEL, VT, FF and U+001C–U+001E, which Python and
 * some editors also break lines at), other C0 and C1 controls, DEL, the zero-width and
 * bidirectional formatting characters that can make code read differently from what it
 * does ("Trojan Source"), the byte-order mark, and lone surrogates (which a UTF-8 file
 * cannot hold). Tab is kept: it is harmless in literals and comments alike.
 */
export function isInvisibleOrBreaking(text: string, index: number): boolean {
  const c = text.charCodeAt(index);
  if (c === 0x09) return false;
  if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
  if (c === 0x2028 || c === 0x2029 || c === 0xfeff) return true;
  if (c >= 0x200b && c <= 0x200f) return true; // zero-width spaces and joiners, LRM, RLM
  if (c >= 0x202a && c <= 0x202e) return true; // bidi embeddings and overrides
  if (c >= 0x2066 && c <= 0x2069) return true; // bidi isolates
  if (c >= 0xd800 && c <= 0xdbff) {
    const next = text.charCodeAt(index + 1);
    return !(next >= 0xdc00 && next <= 0xdfff);
  }
  if (c >= 0xdc00 && c <= 0xdfff) {
    const previous = text.charCodeAt(index - 1);
    return !(previous >= 0xd800 && previous <= 0xdbff);
  }
  return false;
}

/** `\uXXXX` for one UTF-16 code unit: the escape JavaScript, JSON and Python all read. */
export function unicodeEscape(codeUnit: number): string {
  return `\\u${codeUnit.toString(16).padStart(4, "0")}`;
}

/**
 * `text` with every code unit for which `mustEscape(text, i)` holds written as `\n`, `\r`
 * or `\uXXXX`. The result is one line of visible characters.
 */
export function escapeCodeUnits(
  text: string,
  mustEscape: (text: string, index: number) => boolean = isInvisibleOrBreaking,
): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    if (!mustEscape(text, i)) {
      out += text[i];
      continue;
    }
    const c = text.charCodeAt(i);
    out += c === 0x0a ? "\\n" : c === 0x0d ? "\\r" : unicodeEscape(c);
  }
  return out;
}

/** The text up to its first line break of any kind (CR LF, LF, CR, NEL, U+2028, U+2029). */
export function firstLine(text: string): string {
  const end = text.search(/[\n\r\u0085\u2028\u2029]/);
  return end < 0 ? text : text.slice(0, end);
}

/**
 * An injective map from any string to the characters [A-Za-z0-9_$]: letters, digits and
 * `_` stay, every other UTF-16 code unit becomes `$` and four hex digits. Distinct names
 * give distinct parts, so identifiers built as prefix + part never collide with each
 * other, and a part never holds a `$` that is not followed by four hex digits.
 */
export function encodeIdentifierPart(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const plain =
      (c >= 0x30 && c <= 0x39) ||
      (c >= 0x41 && c <= 0x5a) ||
      (c >= 0x61 && c <= 0x7a) ||
      c === 0x5f;
    out += plain ? text[i] : `$${c.toString(16).padStart(4, "0")}`;
  }
  return out;
}

/**
 * An identifier for a user name: its encoded part when `usable` accepts it, else the part
 * between `$` signs (`Math` → `$Math$`, `1st` → `$1st$`). Still injective: an encoded
 * part never ends in a lone `$`, so no fallback equals a part, and distinct parts give
 * distinct fallbacks.
 */
export function chooseIdentifier(text: string, usable: (candidate: string) => boolean): string {
  const part = encodeIdentifierPart(text);
  return usable(part) ? part : `$${part}$`;
}

// ---------------------------------------------------------------------------------------
// TypeScript / JavaScript

/** Words a TypeScript binding may not be, or that read as something else: ES reserved and
 * strict-mode words, TypeScript's type keywords and contextual keywords. */
export const TS_RESERVED_WORDS: ReadonlySet<string> = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends " +
    "false finally for function if import in instanceof new null return super switch this throw " +
    "true try typeof var void while with " +
    // strict mode and modules
    "implements interface let package private protected public static yield await arguments eval " +
    // TypeScript: types and contextual keywords
    "any bigint boolean never number object string symbol undefined unknown abstract accessor as " +
    "assert asserts async constructor declare get global infer intrinsic is keyof module " +
    "namespace of out override readonly require satisfies set type unique using from"
  ).split(" "),
);

/**
 * Every name generated code may refer to or declare outside the names derived from user
 * text: the globals of ECMAScript, Node and the DOM lib it uses (and a margin of others),
 * TypeScript's global types, what the emitted files import from netc's runtime and
 * TensorFlow.js, and what they declare at any scope (functions, constants, parameters,
 * loop variables of kernels). A user-derived identifier outside this set cannot shadow
 * or capture anything the emitters write. test/security/generated-names.test.ts scans
 * every model of the zoo on both backends and fails when an emitter starts using a name
 * missing here.
 */
export const GENERATED_CODE_NAMES: ReadonlySet<string> = new Set(
  // ECMAScript globals
  (
    "globalThis Infinity NaN undefined eval isFinite isNaN parseFloat parseInt decodeURI " +
    "decodeURIComponent encodeURI encodeURIComponent escape unescape AggregateError Array " +
    "ArrayBuffer Atomics BigInt BigInt64Array BigUint64Array Boolean DataView Date Error EvalError " +
    "FinalizationRegistry Float32Array Float64Array Function Int8Array Int16Array Int32Array Intl " +
    "JSON Map Math Number Object Promise Proxy RangeError ReferenceError Reflect RegExp Set " +
    "SharedArrayBuffer String Symbol SyntaxError TypeError Uint8Array Uint8ClampedArray Uint16Array " +
    "Uint32Array URIError WeakMap WeakRef WeakSet " +
    // Node and web globals
    "process Buffer global console require module exports __dirname __filename setTimeout " +
    "clearTimeout setInterval clearInterval setImmediate clearImmediate queueMicrotask " +
    "structuredClone performance URL URLSearchParams TextEncoder TextDecoder AbortController " +
    "AbortSignal Event EventTarget MessageChannel MessagePort BroadcastChannel Blob fetch Headers " +
    "Request Response FormData WebAssembly crypto atob btoa navigator Worker window self document " +
    "location NodeJS " +
    // TypeScript's global types
    "Partial Required Readonly Record Pick Omit Exclude Extract NonNullable Parameters ReturnType " +
    "InstanceType ThisType Awaited ArrayLike ReadonlyArray ReadonlyMap ReadonlySet PromiseLike " +
    "Iterable Iterator IterableIterator AsyncIterable PropertyKey Uppercase Lowercase Capitalize " +
    "Uncapitalize " +
    // imported from netc/runtime, netc/runtime/tfjs, node:worker_threads, node:os
    "tf TfjsModel TfjsModelSpec modelInfoOf connectionScatter dilateFilter selectDevice AccuracyCounter Batcher DataError MetricsLog ProgressDisplay RunningMean " +
    "TopKCounter checkCheckpointModel checkFiniteLoss countCorrect interrupted " +
    "installInterruptHandler loadCheckpoint loadTrainingData normalize pad parseTrainFlags resize " +
    "restoreTensors prepareCheckpointPath restoreOptimizerState runTrainingMain sampleSize saveCheckpoint trainHelpText zeroCentre Checkpoint " +
    "DataSource DataSplits Dataset EpochRecord NamedTensor RuntimeError WorkerThreadError " +
    "isMainThread parentPort workerData availableParallelism " +
    // declared by the emitted files (model.ts, train.ts, config.ts, parallel.ts)
    "TensorInfo ModelInfo LossAndGradients TensorName ConfigValue Configured TrainConfig Model " +
    "INPUT_SIZE OUTPUT_SIZE LOSS DEFAULT_LEARNING_RATE NETC_VERSION OPTIMIZER LossGuard lossGuard EVAL_BATCH STOP DataParallel " +
    "SharedSetup config flags spec tensorTable modelInfo trainConfig optimizerSlots updateTensor " +
    "trainableTable createModel learningRateAt toChannelsFirst toChannelsLast accuracyOn lossOn " +
    "top5On tensorsOf namedTensors threadCount serveAsWorker startWorker writeCheckpoint main " +
    "lossOf oneHot logSum argmax windowSum batchNorm conv2dGrouped " +
    // parameters and locals of the emitted code
    "_ a a0 a1 accuracy alpha area array augmentRng axes axis b b0 b1 b2 b3 base batch " +
    "batchInvStd batchMean batcher best bestIndex bestPiece beta bias bootstrap buffers bytes c c00 c01 " +
    "c02 c03 c10 c11 c12 c13 callSeed checkpoint dilations filter filters groups inputs outputs strides ci classes co code col colEnd colStart control " +
    "correct count counter counters cr d dAlpha dBeta dBias dGamma dWeight data dataset dcol " +
    "denominator describe description device done dot dx dx0 dx1 dy entry epoch eps error extra f " +
    "fail finished firstCorrection fresh firstEpoch firstStep frame g gamma globalStep grad gradients " +
    "grads h high hits i ih images improved index input inputSize interrupt inv iw j json k kRow " +
    "key kh kw label labels layout learningRate line loaded loader log logits loss losses low lr " +
    "lrnBase m mHat mask max maxBatch maxShare mean meanDy meanDyXhat means meta model momentum " +
    "n name names norm o offset oh ohEnd ohStart out output ow owEnd owStart own p padded " +
    "parallel params part parts path piece plain plane previous progress q quiet r rHat radius " +
    "record reject report requested resolve result role row rowEnd rowStart runningMean runningVar s saveAt saved " +
    "say scale scaled scores secondCorrection seconds seed seen set sets setup shape share shared " +
    "shares shift single size slope slot slots splits squares start startEpoch startStep started " +
    "state std step stoppedAt stopper stored sum sumDy sumDySum sumDyXhat summary t tableInputs " +
    "tableOffsets target tensors term testAccuracy theirs threads to total trainable " +
    "trainedSamples training trainingSeconds u unbiased v validationAccuracy value values " +
    "variables variance view views w wait waitAsync weight wi winner wj wk worker workers x x0 " +
    "x1 xb xc xg xi xj xk xr y yb yc yi z"
  ).split(" "),
);

/** Whether `name` may stand as an identifier of generated TypeScript as it is. */
export function isUsableTsIdentifier(
  name: string,
  world: ReadonlySet<string> = GENERATED_CODE_NAMES,
): boolean {
  return (
    /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) && !TS_RESERVED_WORDS.has(name) && !world.has(name)
  );
}

/** The injective identifier part of a user name, for identifiers built as prefix + part (`act_conv2d_1`). */
export function tsIdentifierPart(text: string): string {
  return encodeIdentifierPart(text);
}

/**
 * A whole identifier from a user name: the name itself when it is a plain identifier that
 * neither is reserved nor names anything of the generated code, else a `$…$` form
 * (`Math` → `$Math$`, `a-b` → `$a$002db$`). Injective over all strings.
 */
export function tsIdentifier(
  text: string,
  world: ReadonlySet<string> = GENERATED_CODE_NAMES,
): string {
  return chooseIdentifier(text, (candidate) => isUsableTsIdentifier(candidate, world));
}

/** A TypeScript string literal of `text`, in double quotes, on one line. */
export function tsString(text: string): string {
  // JSON.stringify escapes quotes, backslashes, C0 controls and lone surrogates; what it
  // leaves raw (U+2028, U+2029, C1 controls, bidi and zero-width characters) is escaped here.
  return escapeCodeUnits(JSON.stringify(text), isInvisibleOrBreaking);
}

/**
 * Plain data (strings, numbers, booleans, null, arrays, records) as a TypeScript
 * expression, laid out as `JSON.stringify(value, null, space)` lays it out. Numbers keep
 * full precision; NaN and ±Infinity, which JSON cannot write, are written as such.
 * Record keys come from netc's catalogues, never from user text; a `__proto__` key (which
 * an object literal would take as the prototype) is refused as a bug.
 */
export function tsLiteral(value: unknown, space = 0): string {
  return literalOf(value, "", " ".repeat(space));
}

function literalOf(value: unknown, indent: string, gap: string): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return tsString(value);
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number") {
    if (Number.isFinite(value)) return JSON.stringify(value);
    return Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
  }
  const inner = indent + gap;
  const layout = (open: string, items: string[], close: string) =>
    items.length === 0
      ? `${open}${close}`
      : gap === ""
        ? `${open}${items.join(",")}${close}`
        : `${open}\n${inner}${items.join(`,\n${inner}`)}\n${indent}${close}`;
  if (Array.isArray(value)) {
    return layout(
      "[",
      value.map((item) => literalOf(item, inner, gap)),
      "]",
    );
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([, item]) => item !== undefined && typeof item !== "function",
    );
    return layout(
      "{",
      entries.map(([key, item]) => {
        if (key === "__proto__") throw new Error("tsLiteral: a record key may not be __proto__");
        return `${tsString(key)}:${gap === "" ? "" : " "}${literalOf(item, inner, gap)}`;
      }),
      "}",
    );
  }
  throw new Error(`tsLiteral: ${typeof value} is not plain data`);
}

/** Text inside a template literal (between backticks), as literal characters on one line. */
export function tsTemplateText(text: string): string {
  return escapeCodeUnits(
    text.replace(/[\\`]/g, (c) => `\\${c}`).replace(/\$\{/g, "\\${"),
    isInvisibleOrBreaking,
  );
}

/**
 * User text for a comment of generated code, `//` or `/* … *\/` alike: one line (every
 * line terminator written as an escape), no `*\/` that would close a block comment, and
 * no `@ts-…` that TypeScript would read as a directive (`@ts-ignore` on the next line).
 * Backslashes stay as they are: comments are for reading, not for decoding.
 */
export function commentText(text: string): string {
  return escapeCodeUnits(text, isInvisibleOrBreaking)
    .replace(/\*\//g, "*\\/")
    .replace(/@(?=ts)/gi, "\\u0040");
}

// ---------------------------------------------------------------------------------------
// WebAssembly text (the compiled CPU backend's model.wat, assembled into its kernels)

/**
 * User text for a `;;` line comment of WebAssembly text: printable ASCII only, every
 * other code unit written as `\uXXXX`. A line terminator would end the comment and add
 * instructions to the kernels, and wabt's text reader (which assembles them) ends a
 * comment early at some characters outside the Basic Multilingual Plane (U+1000A).
 */
export function watCommentText(text: string): string {
  return escapeCodeUnits(text, (t, i) => {
    const c = t.charCodeAt(i);
    return c !== 0x09 && (c < 0x20 || c > 0x7e);
  });
}

// ---------------------------------------------------------------------------------------
// The package's README.md and package.json

/** `text` as a Markdown code span: on one line, fenced by more backticks than it holds. */
export function markdownCode(text: string): string {
  const visible = escapeCodeUnits(text, isInvisibleOrBreaking);
  const longestRun = Math.max(0, ...(visible.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = visible.startsWith("`") || visible.endsWith("`") || visible === "" ? " " : "";
  return `${fence}${pad}${visible}${pad}${fence}`;
}

/**
 * A valid npm package name from a model name and a backend: lower case, `-` between
 * words (`LeNet5` → `le-net5`), only [a-z0-9-], not starting with `-`, `.` or `_`, at most
 * 214 characters.
 */
export function npmPackageName(modelName: string, backend: string): string {
  const words = modelName
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-")
    .replace(/^[-.]+/, "");
  const suffix = `-${backend.toLowerCase().replace(/[^a-z0-9-]/g, "-")}`;
  return `${(words === "" ? "model" : words).slice(0, 214 - suffix.length)}${suffix}`;
}

// ---------------------------------------------------------------------------------------
// Python (the PyTorch backend's model.py and train.py)
//
// Python ends a line at \n and \r, and `str.splitlines` (which tools and editors follow)
// also at \v, \f, \x1c–\x1e, \x85, U+2028 and U+2029. Comments and strings here contain
// none of them, no other control or format character (bidirectional overrides included,
// which could make the source read differently from what runs) and no lone surrogate
// (which UTF-8 cannot encode). A name such as `x"\n import os` can neither end a string
// or a comment early nor become code.

/** Python 3's keywords (`keyword.kwlist`). */
export const PYTHON_KEYWORDS: ReadonlySet<string> = new Set([
  "False",
  "None",
  "True",
  "and",
  "as",
  "assert",
  "async",
  "await",
  "break",
  "class",
  "continue",
  "def",
  "del",
  "elif",
  "else",
  "except",
  "finally",
  "for",
  "from",
  "global",
  "if",
  "import",
  "in",
  "is",
  "lambda",
  "nonlocal",
  "not",
  "or",
  "pass",
  "raise",
  "return",
  "try",
  "while",
  "with",
  "yield",
]);

/** Soft keywords (`keyword.softkwlist`, Python 3.12): names only in some positions, avoided everywhere. */
export const PYTHON_SOFT_KEYWORDS: ReadonlySet<string> = new Set(["_", "case", "match", "type"]);

/**
 * Python's builtins (`dir(builtins)` of Python 3.11 and 3.12 without the underscored
 * ones): an identifier never shadows one, whether or not the generated code calls it.
 */
export const PYTHON_BUILTINS: ReadonlySet<string> = new Set(
  (
    "ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup " +
    "BlockingIOError BrokenPipeError BufferError BytesWarning ChildProcessError " +
    "ConnectionAbortedError ConnectionError ConnectionRefusedError ConnectionResetError " +
    "DeprecationWarning EOFError Ellipsis EncodingWarning EnvironmentError Exception " +
    "ExceptionGroup False FileExistsError FileNotFoundError FloatingPointError FutureWarning " +
    "GeneratorExit IOError ImportError ImportWarning IndentationError IndexError " +
    "InterruptedError IsADirectoryError KeyError KeyboardInterrupt LookupError MemoryError " +
    "ModuleNotFoundError NameError None NotADirectoryError NotImplemented NotImplementedError " +
    "OSError OverflowError PendingDeprecationWarning PermissionError ProcessLookupError " +
    "PythonFinalizationError RecursionError ReferenceError ResourceWarning RuntimeError " +
    "RuntimeWarning StopAsyncIteration StopIteration SyntaxError SyntaxWarning SystemError " +
    "SystemExit TabError TimeoutError True TypeError UnboundLocalError UnicodeDecodeError " +
    "UnicodeEncodeError UnicodeError UnicodeTranslateError UnicodeWarning UserWarning " +
    "ValueError Warning ZeroDivisionError abs aiter all anext any ascii bin bool breakpoint " +
    "bytearray bytes callable chr classmethod compile complex copyright credits delattr dict " +
    "dir divmod enumerate eval exec exit filter float format frozenset getattr globals " +
    "hasattr hash help hex id input int isinstance issubclass iter len license list locals " +
    "map max memoryview min next object oct open ord pow print property quit range repr " +
    "reversed round set setattr slice sorted staticmethod str sum super tuple type vars zip"
  ).split(" "),
);

/**
 * Every name the generated model.py and train.py bind or read besides Python's builtins:
 * imports, module-level functions, classes and constants (train.py imports the model's
 * class into its own module), and every parameter and local of every function, helper
 * module and optimizer. A model or layer named like one of them gets another identifier,
 * so a derived class or variable never shadows one. test/security/generated-names.test.ts
 * parses the packages of the zoo, of every train option and of every layer kind with
 * Python's own parser and fails on any name missing here.
 */
export const PYTHON_RESERVED_NAMES: ReadonlySet<string> = new Set([
  // imports and module-level names of model.py / train.py
  "torch",
  "nn",
  "F",
  "math",
  "sys",
  "os",
  "json",
  "struct",
  "netc",
  "netc_runtime",
  "model",
  "train",
  "main",
  "self",
  "x",
  "cls",
  "args",
  "kwargs",
  "super",
  "MODEL_NAME",
  "MODEL_HASH",
  "INPUT_SHAPE",
  "OUTPUT_SHAPE",
  "NETC_VERSION",
  "NETC_NAMES",
  // train.py's own module-level names and imports
  "time",
  "DistributedDataParallel",
  "DistributedSampler",
  "SPEC",
  "TENSOR_RULES",
  "Optimizer",
  "load_data",
  "learning_rate_at",
  "loss_function",
  "one_hot",
  "evaluate",
  // locals of train.py's train(), which calls the model's class: a class named like
  // one would be shadowed there
  "quiet",
  "splits",
  "augment",
  "part",
  "trained",
  "devices",
  "optimizer",
  "order",
  "sampler",
  "share",
  "batches",
  "augment_seed",
  "augmenter",
  "stopper",
  "first_epoch",
  "first_step",
  "saved",
  "at",
  "save_checkpoint",
  "progress",
  "log",
  "interrupt",
  "loss_guard",
  "where",
  "validation",
  "test",
  "trained_samples",
  "training_seconds",
  "stopped_at",
  "epoch",
  "lr",
  "positions",
  "sums",
  "started",
  "index",
  "batch",
  "samples",
  "images",
  "labels",
  "logits",
  "loss",
  "value",
  "step_loss",
  "step_samples",
  "stop",
  "mean_loss",
  "seen",
  "seconds",
  "loss_sum",
  "correct",
  "record",
  "held_out",
  "accuracy",
  "flags",
  "processes",
  "summary",
  // locals of reset_parameters and forward besides x
  "generator",
  "uniform",
  "normal",
  "tensor",
  "values",
  // model.py's methods, and the parameters and locals of its helper modules
  "forward",
  "reset_parameters",
  "seed",
  "after",
  "alpha",
  "before",
  "beta",
  "bias",
  "channels",
  "d",
  "dilation",
  "distances",
  "eps",
  "high",
  "i",
  "in_channels",
  "in_features",
  "j",
  "k",
  "kernel_size",
  "kernels",
  "low",
  "maps",
  "mean",
  "momentum",
  "negate",
  "padding",
  "pieces",
  "r",
  "row",
  "rows",
  "scale",
  "size",
  "slopes",
  "std",
  "stride",
  "table",
  "units",
  "weight",
  // train.py's other functions and the optimizers' parameters and locals
  "base",
  "base_lr",
  "c",
  "count",
  "dataset",
  "denominator",
  "extra",
  "first_correction",
  "g",
  "gradients",
  "improved",
  "l1",
  "l2",
  "lr_mult",
  "m",
  "means",
  "name",
  "new_slots",
  "norm",
  "p",
  "penalized",
  "previous",
  "random_states",
  "s",
  "scaled",
  "second_correction",
  "slot",
  "slot_tensors",
  "slots",
  "squares",
  "start",
  "step",
  "t",
  "targets",
  "top5",
  "training_set_size",
  "v",
  "zero",
  // the other optimizers', losses' and data sources' locals
  "classes",
  "delta",
  "log_p",
  "log_q",
  "log_t",
  "look_ahead",
  "mean_square",
  "positive",
  "root",
  "u",
  "violations",
  // builtins the generated code calls
  "abs",
  "all",
  "any",
  "bool",
  "dict",
  "enumerate",
  "float",
  "int",
  "isinstance",
  "len",
  "list",
  "max",
  "min",
  "object",
  "print",
  "range",
  "round",
  "set",
  "str",
  "sum",
  "tuple",
  "zip",
]);

/** Characters never written raw into a comment or string: controls, line and paragraph separators, format characters, surrogates, private use, unassigned. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}]/u;

function hexEscape(codePoint: number): string {
  if (codePoint < 0x100) return `\\x${codePoint.toString(16).padStart(2, "0")}`;
  if (codePoint < 0x10000) return `\\u${codePoint.toString(16).padStart(4, "0")}`;
  return `\\U${codePoint.toString(16).padStart(8, "0")}`;
}

/** The code points of a string, lone surrogates included (as themselves). */
function* codePoints(text: string): Generator<number> {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit < 0xdc00 && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next < 0xe000) {
        yield 0x10000 + ((unit - 0xd800) << 10) + (next - 0xdc00);
        i++;
        continue;
      }
    }
    yield unit;
  }
}

function isUnsafe(codePoint: number): boolean {
  if (codePoint >= 0xd800 && codePoint < 0xe000) return true;
  return UNSAFE.test(String.fromCodePoint(codePoint));
}

/**
 * A Python string literal of `text`: double quotes, or single quotes when the text holds
 * a double quote and no single one (black's choice, so the file stays black-formatted).
 * Backslashes, the quote and every unsafe character are escaped.
 */
export function pythonString(text: string): string {
  const quote = text.includes('"') && !text.includes("'") ? "'" : '"';
  let body = "";
  for (const codePoint of codePoints(text)) {
    if (codePoint === 0x5c) body += "\\\\";
    else if (codePoint === quote.charCodeAt(0)) body += `\\${quote}`;
    else if (isUnsafe(codePoint)) body += hexEscape(codePoint);
    else body += String.fromCodePoint(codePoint);
  }
  return `${quote}${body}${quote}`;
}

/**
 * Text for after `# `: unsafe characters are shown as escapes (\u2028, \x0c, …), so the
 * comment stays on its one line whatever the text holds. Trailing spaces are dropped.
 * `coding:` and `coding=` lose their colon or equals sign (written `\x3a`, `\x3d`): on a
 * file's first two lines a comment matching `coding[:=]\s*[-\w.]+` is an encoding
 * declaration (PEP 263), and a name like `coding: utf-7` would make Python decode the
 * rest of the file in another encoding than the one it was written in.
 */
export function pythonCommentText(text: string): string {
  let out = "";
  for (const codePoint of codePoints(text)) {
    out += isUnsafe(codePoint) ? hexEscape(codePoint) : String.fromCodePoint(codePoint);
  }
  return out
    .replace(
      /(coding)([:=])/gi,
      (_, word: string, sign: string) => `${word}${hexEscape(sign.charCodeAt(0))}`,
    )
    .trimEnd();
}

/** A full comment line (or lines' worth of text joined) with its `# ` prefix. */
export function pythonComment(text: string): string {
  const body = pythonCommentText(text);
  return body === "" ? "#" : `# ${body}`;
}

/** Whether a name is a keyword, soft keyword or a name the generated files use. */
export function isReservedPythonName(name: string): boolean {
  return (
    PYTHON_KEYWORDS.has(name) ||
    PYTHON_SOFT_KEYWORDS.has(name) ||
    PYTHON_BUILTINS.has(name) ||
    PYTHON_RESERVED_NAMES.has(name)
  );
}

/**
 * Hands out Python identifiers for user names: ASCII letters, digits and underscores
 * (Python would NFKC-normalise other letters, so two different names could meet), not a
 * keyword, soft keyword or reserved name, not starting with an underscore (private and
 * dunder names belong to Python and torch), and never the same identifier twice. A name
 * that is already such an identifier is kept as it is.
 */
export class PythonNames {
  private readonly taken: Set<string>;

  constructor(
    reserved: Iterable<string> = [],
    private readonly isAllowed: (name: string) => boolean = () => true,
  ) {
    this.taken = new Set(reserved);
  }

  /** Whether `name` would be handed out unchanged. */
  keeps(name: string): boolean {
    return (
      /^[A-Za-z][A-Za-z0-9_]*$/.test(name) &&
      !isReservedPythonName(name) &&
      !this.taken.has(name) &&
      this.isAllowed(name)
    );
  }

  /** A fresh identifier for `wanted`, recorded as taken. */
  allocate(wanted: string): string {
    let base = wanted.replace(/[^A-Za-z0-9_]/g, "_").replace(/^_+/, "");
    if (base === "" || /^[0-9]/.test(base)) base = `n_${base}`;
    if (isReservedPythonName(base) || !this.isAllowed(base)) base = `${base}_`;
    let name = base;
    for (
      let n = 2;
      this.taken.has(name) || isReservedPythonName(name) || !this.isAllowed(name);
      n++
    )
      name = `${base}_${n}`;
    this.taken.add(name);
    return name;
  }

  /** Marks a name as used (e.g. a helper class the file defines). */
  reserve(name: string): void {
    this.taken.add(name);
  }
}

/**
 * A number as Python source: integers as integers, other finite numbers in their
 * shortest round-trip form (JavaScript's digits are Python's), infinities and NaN
 * through the math module.
 */
export function pythonNumber(value: number): string {
  if (Number.isNaN(value)) return "math.nan";
  if (!Number.isFinite(value)) return value > 0 ? "math.inf" : "-math.inf";
  if (Object.is(value, -0)) return "-0.0";
  return String(value);
}

/** A number that Python must see as a float (1 → 1.0). */
export function pythonFloat(value: number): string {
  const text = pythonNumber(value);
  return /^-?\d+$/.test(text) ? `${text}.0` : text;
}

/** Plain data (numbers, booleans, strings, null, nested lists) as a Python literal; lists become tuples when `tuples`. */
export function pythonLiteral(value: unknown, tuples = false): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return pythonNumber(value);
  if (typeof value === "string") return pythonString(value);
  if (Array.isArray(value)) {
    const items = value.map((item) => pythonLiteral(item, tuples));
    if (!tuples) return `[${items.join(", ")}]`;
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
  }
  throw new Error(`no Python literal for ${typeof value}`);
}
