import type { DiagnosticBag } from "../diagnostics/diagnostic.js";
import { Diagnostics } from "../diagnostics/messages.js";
import type { Span } from "../diagnostics/span.js";
import type {
  Attrs,
  AttrValue,
  LayerCounts,
  LayerNode,
  ModelIR,
  ParamTensor,
  Shape,
} from "../ir/ir.js";
import type {
  Argument,
  BlockDeclaration,
  ChainItem,
  Expression,
  LayerCall,
  ModelDeclaration,
  Parameter,
  ResidualItem,
  Statement,
} from "../syntax/ast.js";
import { bindArguments } from "./bind-arguments.js";
import { Scope, evaluate } from "./evaluate.js";
import {
  applyParameterOptions,
  nameOption,
  optionNames,
  parameterOptions,
} from "./layer-options.js";
import {
  callableLayerNames,
  definitions,
  getDefinition,
  isCallableLayerName,
  layerDefinitions,
  resolveLayerCall,
} from "../layers/definitions.js";
import type { AnyLayerDefinition, ParamSpec, ShapeContext } from "../layers/shared/definition.js";
import type { LoadedProgram } from "./program.js";
import {
  MAX_EXPANDED_LAYERS,
  MAX_EXPANSION_DEPTH,
  MAX_TENSOR_ELEMENTS,
  showCount,
} from "./limits.js";
import { didYouMean } from "./suggest.js";
import { type CallArgument, type Value, showValue, toAttr } from "./values.js";

/** The value flowing between statements: which node produced it and its shape. */
interface Flow {
  id: string;
  shape: Shape;
}

/** Where expansion is: the block calls above it (for the IR and for recursion checks). */
interface Frame {
  readonly callStack: readonly { block: string; span: Span }[];
  rounding: "exact" | "floor";
  /** Block calls and residuals enclosing this point (limits.ts: MAX_EXPANSION_DEPTH). */
  readonly depth: number;
}

const showShape = (shape: Shape) => `[${shape.join(", ")}]`;
const count = (shape: Shape) => shape.reduce((a, b) => a * b, 1);
const rankNames: Record<number, string> = { 1: "[N]", 2: "[C, L]", 3: "[C, H, W]" };

/** A layer kind's parameters followed by the options every layer accepts, built once per kind. */
const specsByKind = new WeakMap<AnyLayerDefinition, readonly ParamSpec[]>();
function callSpecs(kind: AnyLayerDefinition): readonly ParamSpec[] {
  let specs = specsByKind.get(kind);
  if (specs === undefined) {
    specs = [
      ...kind.params,
      nameOption,
      ...(kind.parameters !== undefined ? parameterOptions : []),
    ];
    specsByKind.set(kind, specs);
  }
  return specs;
}

/** Evaluate call arguments (values only; binding against a parameter list comes later). */
function evaluateArguments(
  args: readonly Argument[],
  scope: Scope,
  inShape: Shape | undefined,
  diagnostics: DiagnosticBag,
): CallArgument[] {
  return args.map((arg) => {
    const argument: CallArgument = {
      value: evaluate(arg.value, { scope, inShape, diagnostics }),
      span: arg.value.span,
    };
    if (arg.name !== undefined) {
      argument.name = arg.name.name;
      argument.nameSpan = arg.name.span;
    }
    return argument;
  });
}

/**
 * Layers expanded so far in one check of a program, shared by all its model instances, so
 * that no program expands past MAX_EXPANDED_LAYERS (NET0220, reported once when a layer
 * would cross it; a repetition that would is reported at its count before it expands).
 */
export class ExpansionBudget {
  used = 0;
  reported = false;
}

/**
 * Expands one model into IR: evaluates its parameters, walks its statements, expands
 * block calls, repetitions and residuals into layer nodes, and runs every layer's shape
 * rule. Reports diagnostics and never throws; a statement whose shape cannot be known
 * stops shape checking for what follows, but later calls are still checked by name
 * and arguments.
 */
export class ModelExpander {
  readonly nodes: LayerNode[] = [];
  private readonly usedIds = new Set<string>(["input"]);
  private readonly counters = new Map<string, number>();

  constructor(
    private readonly program: LoadedProgram,
    private readonly diagnostics: DiagnosticBag,
    private readonly calledBlocks: Set<string>,
    /**
     * Conditional shortcuts seen, keyed by the condition's position, with whether any
     * instance took them: one never taken is reported once for the program (NET0505), not
     * every time a block like ResNet's `basic` is instantiated with the identity shortcut.
     */
    private readonly conditionalShortcuts: Map<string, { span: Span; taken: boolean }> = new Map(),
    private readonly budget: ExpansionBudget = new ExpansionBudget(),
  ) {}

  /** `modelArgs`: arguments of a `train M(…)` instantiation, already evaluated. */
  expand(
    decl: ModelDeclaration,
    modelArgs: readonly CallArgument[],
    argsSpan: Span,
  ): ModelIR | undefined {
    const rounding = this.readOptions(decl.body);
    const scope = new Scope();
    if (
      !this.bindParameters(
        `model '${decl.name.name}'`,
        decl.params,
        modelArgs,
        argsSpan,
        scope,
        undefined,
      )
    )
      return undefined;
    const instanceArgs: Record<string, AttrValue> = {};
    for (const param of decl.params) {
      const value = scope.lookup(param.name.name);
      if (value !== undefined && value !== "poisoned")
        instanceArgs[param.name.name] = toAttr(value);
    }

    const inputIndex = decl.body.findIndex((s) => s.kind === "InputStatement");
    if (inputIndex < 0) {
      this.diagnostics.report(Diagnostics.MissingInput, decl.name.span, [decl.name.name], {
        help: "start the model with its sample shape, e.g. `input [1, 28, 28]`",
      });
      return undefined;
    }
    const frame: Frame = { callStack: [], rounding, depth: 0 };
    // Constants before the input are allowed; layers are not.
    const before = decl.body.slice(0, inputIndex);
    for (const statement of before) {
      if (statement.kind === "ChainStatement")
        this.diagnostics.report(Diagnostics.InputNotFirst, decl.body[inputIndex]!.span, [], {
          labels: [{ span: statement.span, message: "a layer before the input" }],
          help: "move `input` above the first layer (only `let` and `option` may come before it)",
        });
    }
    if (before.some((s) => s.kind === "ChainStatement")) return undefined;
    this.expandStatements(before, scope, undefined, frame, true);

    const input = decl.body[inputIndex]!;
    if (input.kind !== "InputStatement") return undefined;
    const inputShape = this.evaluateShape(input.shape, scope, undefined);
    if (inputShape === undefined) return undefined;
    if (inputShape.length > 3) {
      this.diagnostics.report(
        Diagnostics.InvalidShape,
        input.shape.span,
        [showShape(inputShape), "an input is [N], [C, L] or [C, H, W]"],
        {
          help: "give one sample's shape without the batch dimension, e.g. `input [3, 32, 32]`",
        },
      );
      return undefined;
    }
    if (
      this.tooLarge(
        () => `the input ${showShape(inputShape)}`,
        inputShape,
        input.shape.span,
        () => ({
          help: "give a smaller input: one sample must fit in one Float32Array",
        }),
      )
    )
      return undefined;
    const rest = decl.body.slice(inputIndex + 1);
    for (const statement of rest) {
      if (statement.kind === "InputStatement")
        this.diagnostics.report(Diagnostics.InputNotFirst, statement.span, [], {
          notes: ["a model has one input statement"],
          labels: [{ span: input.span, message: "the model's input" }],
          help: "remove this one; to change the shape mid-model, use reshape(…)",
        });
    }
    const output = this.expandStatements(
      rest,
      scope,
      { id: "input", shape: inputShape },
      frame,
      true,
    );
    if (this.nodes.length === 0 && output !== undefined) {
      this.diagnostics.report(Diagnostics.EmptyModel, decl.name.span, [decl.name.name], {
        help: "add layers after the input, one per line or joined with ->, e.g. `flatten -> dense(10)`",
      });
      return undefined;
    }
    if (output === undefined) return undefined;
    const last = this.nodes.find((n) => n.id === output.id);
    const lastWarning = last === undefined ? undefined : getDefinition(last.kind)?.lastLayerWarning;
    if (last !== undefined && lastWarning !== undefined)
      this.diagnostics.report(lastWarning.warning, last.span, [], { help: lastWarning.help });
    const totals: LayerCounts = { params: 0, trainableParams: 0, macs: 0, connections: 0 };
    for (const node of this.nodes) {
      totals.params += node.counts.params;
      totals.trainableParams += node.counts.trainableParams;
      totals.macs += node.counts.macs;
      totals.connections += node.counts.connections;
    }
    return {
      name: decl.name.name,
      inputShape,
      nodes: this.nodes,
      output: output.id,
      span: decl.span,
      options: { rounding },
      totals,
      args: instanceArgs,
    };
  }

  /** Model-wide options, read before any layer so they apply to all of them. */
  private readOptions(body: readonly Statement[]): "exact" | "floor" {
    let rounding: "exact" | "floor" = "exact";
    for (const statement of body) {
      if (statement.kind !== "OptionStatement") continue;
      const name = statement.name.name;
      if (name !== "rounding") {
        const help = didYouMean(name, ["rounding"]);
        this.diagnostics.report(
          Diagnostics.UnknownOption,
          statement.name.span,
          [name],
          help === undefined ? {} : { help },
        );
        continue;
      }
      const value = evaluate(statement.value, {
        scope: new Scope(),
        inShape: undefined,
        diagnostics: this.diagnostics,
      });
      if (value === undefined) continue;
      const text =
        value.type === "symbol" ? value.name : value.type === "string" ? value.value : undefined;
      if (text === "exact" || text === "floor") rounding = text;
      else
        this.diagnostics.report(Diagnostics.InvalidOperation, statement.value.span, [
          `option rounding must be exact or floor, found ${showValue(value)}`,
        ]);
    }
    return rounding;
  }

  /**
   * Bind a model's or block's parameters: given arguments (evaluated by the caller),
   * then defaults, evaluated in order in the new scope (a default may use earlier ones).
   */
  private bindParameters(
    callee: string,
    params: readonly Parameter[],
    args: readonly CallArgument[],
    calleeSpan: Span,
    scope: Scope,
    inShape: Shape | undefined,
  ): boolean {
    const seen = new Map<string, Span>();
    for (const param of params) {
      const first = seen.get(param.name.name);
      if (first !== undefined)
        this.diagnostics.report(
          Diagnostics.DuplicateDefinition,
          param.name.span,
          [param.name.name],
          {
            labels: [{ span: first, message: "first defined here" }],
            help: "rename one of the two parameters",
          },
        );
      else seen.set(param.name.name, param.name.span);
    }
    const specs = params.map((p) => ({
      name: p.name.name,
      doc: "a parameter",
      ...(p.default !== undefined ? { default: null } : {}),
    }));
    const bound = bindArguments(args, specs, {
      callee,
      calleeSpan,
      scope,
      diagnostics: this.diagnostics,
    });
    for (const param of params) {
      const given = bound.raw.get(param.name.name);
      if (given !== undefined) {
        scope.define(param.name.name, given);
        continue;
      }
      if (param.default === undefined) {
        scope.definePoisoned(param.name.name);
        continue;
      }
      const value = evaluate(param.default, { scope, inShape, diagnostics: this.diagnostics });
      if (value === undefined) scope.definePoisoned(param.name.name);
      else scope.define(param.name.name, value);
    }
    return bound.ok;
  }

  private evaluateShape(
    expr: Expression,
    scope: Scope,
    inShape: Shape | undefined,
  ): number[] | undefined {
    const value = evaluate(expr, { scope, inShape, diagnostics: this.diagnostics });
    if (value === undefined) return undefined;
    const list =
      value.type === "in"
        ? value.shape.map((v) => ({ type: "int" as const, value: v }))
        : value.type === "list"
          ? value.items
          : undefined;
    if (
      list === undefined ||
      list.length === 0 ||
      !list.every((v) => v.type === "int" && v.value > 0)
    ) {
      this.diagnostics.report(
        Diagnostics.InvalidShape,
        expr.span,
        [showValue(value), "a shape is a list of positive integers"],
        {
          help: "write it as a list of sizes, each at least 1, e.g. [1, 28, 28]",
        },
      );
      return undefined;
    }
    return list.map((v) => (v as { value: number }).value);
  }

  private expandStatements(
    statements: readonly Statement[],
    scope: Scope,
    flow: Flow | undefined,
    frame: Frame,
    inModel: boolean,
  ): Flow | undefined {
    let current = flow;
    for (const statement of statements) {
      switch (statement.kind) {
        case "LetStatement": {
          const name = statement.name.name;
          if (scope.hasOwn(name)) {
            this.diagnostics.report(Diagnostics.DuplicateDefinition, statement.name.span, [name], {
              help: `constants cannot be reassigned; choose another name, e.g. ${name}2`,
            });
            break;
          }
          const value = evaluate(statement.value, {
            scope,
            inShape: current?.shape,
            diagnostics: this.diagnostics,
          });
          if (value === undefined) scope.definePoisoned(name);
          else scope.define(name, value);
          break;
        }
        case "OptionStatement":
          if (!inModel)
            this.diagnostics.report(
              Diagnostics.InvalidOperation,
              statement.span,
              ["options are model-wide: write `option` in the model, not in a block"],
              {
                help: "move this line into the body of each model that uses the block",
              },
            );
          break;
        case "InputStatement":
          if (!inModel)
            this.diagnostics.report(
              Diagnostics.InvalidOperation,
              statement.span,
              ["`input` belongs in a model, not in a block or residual"],
              {
                help: "remove it: a block's input is whatever flows into it; `in` gives its shape",
              },
            );
          break;
        case "ChainStatement": {
          const inShape = current?.shape;
          for (const item of statement.items)
            current = this.expandItem(item, scope, current, inShape, frame);
          break;
        }
      }
    }
    return current;
  }

  /** One chain item with its `* n` repetition and `: shape` assertion. */
  private expandItem(
    item: ChainItem,
    scope: Scope,
    flow: Flow | undefined,
    inShape: Shape | undefined,
    frame: Frame,
  ): Flow | undefined {
    let times = 1;
    if (item.repeat !== undefined) {
      const value = evaluate(item.repeat, { scope, inShape, diagnostics: this.diagnostics });
      if (value === undefined) return undefined;
      if (value.type !== "int" || value.value < 1) {
        this.diagnostics.report(Diagnostics.InvalidRepeat, item.repeat.span, [showValue(value)], {
          help:
            value.type === "int"
              ? "to leave the layer out, delete it (or make the count at least 1)"
              : "write a whole number of repetitions, e.g. `basic(64) * 2`",
        });
        return undefined;
      }
      times = value.value;
    }
    const expandOnce = (from: Flow | undefined) =>
      item.kind === "LayerCall"
        ? this.expandCall(item, scope, from, inShape, frame)
        : this.expandResidual(item, scope, from, frame);
    const before = this.budget.used;
    let current = expandOnce(flow);
    // The size of the whole repetition is known after one expansion: check it before the
    // others. Without a shape, repeating only repeats the same argument errors; with no
    // layers made, the flow is unchanged and so is every further repetition.
    const perRepetition = this.budget.used - before;
    if (times > 1 && current !== undefined && perRepetition > 0) {
      const total = before + times * perRepetition;
      if (total > MAX_EXPANDED_LAYERS) {
        this.reportTooManyLayers(item, times, before, perRepetition, total);
        return undefined;
      }
      for (let i = 1; i < times && current !== undefined; i++) current = expandOnce(current);
    }
    if (item.assertion !== undefined && current !== undefined) {
      const expected = this.evaluateShape(item.assertion, scope, inShape);
      if (expected !== undefined && showShape(expected) !== showShape(current.shape)) {
        const found = showShape(current.shape);
        this.diagnostics.report(
          Diagnostics.ShapeAssertion,
          item.assertion.span,
          [showShape(expected), found],
          {
            help: `if the layers are right, assert : ${found}; otherwise change the layers before it`,
            fix: {
              description: `assert ${found}`,
              edits: [{ span: item.assertion.span, newText: found }],
            },
          },
        );
      }
    }
    return current;
  }

  private expandCall(
    call: LayerCall,
    scope: Scope,
    flow: Flow | undefined,
    inShape: Shape | undefined,
    frame: Frame,
  ): Flow | undefined {
    const name = call.callee.name;
    const args = evaluateArguments(call.args, scope, inShape, this.diagnostics);
    const block = this.program.blocks.get(name);
    if (block !== undefined) return this.expandBlock(block, call, args, flow, frame);
    if (!isCallableLayerName(name)) {
      const help = didYouMean(name, [...callableLayerNames(), ...this.program.blocks.keys()]);
      const extras = help === undefined ? {} : { help };
      if (this.program.models.has(name))
        this.diagnostics.report(Diagnostics.UnknownLayer, call.callee.span, [name], {
          notes: ["a model cannot be used as a layer; define a block instead"],
        });
      else this.diagnostics.report(Diagnostics.UnknownLayer, call.callee.span, [name], extras);
      return undefined;
    }
    const kind = resolveLayerCall(name, flow?.shape.length ?? -1)!;
    const bound = bindArguments(args, callSpecs(kind), {
      callee: name,
      calleeSpan: call.callee.span,
      positional: kind.params.length,
      scope,
      diagnostics: this.diagnostics,
    });
    if (!bound.ok || flow === undefined) return undefined;

    const input = flow.shape;
    // A rank-generic name (`maxpool`) accepts the ranks of all its variants.
    const ranks =
      kind.generic === name
        ? layerDefinitions.filter((k) => k.generic === name).flatMap((k) => k.inputRanks ?? [])
        : kind.inputRanks;
    if (ranks !== undefined && !ranks.includes(input.length)) {
      const expected = ranks.join(" or ");
      const forms = ranks.map((r) => rankNames[r] ?? `rank ${r}`).join(" or ");
      this.diagnostics.report(
        Diagnostics.WrongRank,
        call.callee.span,
        [name, expected, forms, showShape(input)],
        {
          help: wrongRankHelp(ranks, input),
        },
      );
      return undefined;
    }
    const layerArgs: Record<string, AttrValue> = {};
    for (const key in bound.values) if (!optionNames.has(key)) layerArgs[key] = bound.values[key]!;
    return this.addNode(kind, layerArgs, bound.values, [flow], frame, {
      what: name,
      span: call.span,
      argSpan: (arg) => bound.spans.get(arg) ?? call.callee.span,
      given: (arg) => bound.spans.has(arg),
      requestedId: bound.values.name,
      requestedIdSpan: bound.spans.get("name"),
    });
  }

  /**
   * Builds a node of `kind` on `inputs` as every kind's nodes are built, the residual
   * join's included: the definition's shape rule (undefined after it reports), the size
   * limits, its tensors with the layer options applied, its counts and its resolved
   * attributes. `call.what` is how messages name it: the name as called, or "residual".
   */
  private addNode(
    kind: AnyLayerDefinition,
    args: Attrs,
    options: Attrs,
    inputs: readonly Flow[],
    frame: Frame,
    call: {
      what: string;
      span: Span;
      argSpan(name: string): Span;
      given(name: string): boolean;
      requestedId?: AttrValue | undefined;
      requestedIdSpan?: Span | undefined;
    },
  ): Flow | undefined {
    const name = call.what;
    const input = inputs[0]!.shape;
    let reported = false;
    const ctx: ShapeContext = {
      kind: kind.name,
      args,
      input,
      inputs: inputs.map((i) => i.shape),
      rounding: frame.rounding,
      span: call.span,
      argSpan: call.argSpan,
      given: call.given,
      report: (definition, span, messageArgs, extras) => {
        reported = true;
        this.diagnostics.report(definition, span, messageArgs, extras);
      },
    };
    const output = kind.inferShape(ctx);
    if (output === undefined || reported) return undefined;
    const smaller = () => ({
      help: `make it smaller: fewer units or filters, or less input to this ${name}`,
    });
    if (this.tooLarge(() => `${name}'s output ${showShape(output)}`, output, call.span, smaller))
      return undefined;

    const params: ParamTensor[] =
      kind.parameters !== undefined
        ? applyParameterOptions(kind.parameters(args, input, output), options)
        : [];
    for (const param of params)
      if (
        this.tooLarge(
          () => `${name}'s ${param.name} ${showShape(param.shape)}`,
          param.shape,
          call.span,
          smaller,
        )
      )
        return undefined;
    if (!this.takeLayer(name, call.span)) return undefined;
    const paramCount = params.reduce((sum, p) => sum + count(p.shape), 0);
    const resolved = kind.resolve?.(args, input, output);
    const node: LayerNode = {
      id: this.allocateId(kind.name, call.requestedId, call.requestedIdSpan),
      kind: kind.name,
      // args is this node's own object; Object.assign, because object spread with a second
      // source is several times slower in V8 and this runs once per layer.
      attrs: resolved === undefined ? args : Object.assign({}, args, resolved),
      inputs: inputs.map((i) => i.id),
      inputShapes: ctx.inputs,
      outputShape: output,
      params,
      buffers: kind.buffers?.(args, input, output) ?? [],
      counts: {
        params: paramCount,
        trainableParams: params
          .filter((p) => p.trainable)
          .reduce((sum, p) => sum + count(p.shape), 0),
        macs: kind.macs(args, input, output),
        connections: kind.connections(args, input, output),
      },
      span: call.span,
      // Frames never change their call stack (an inner frame gets a new array), so nodes share it.
      callStack: frame.callStack,
    };
    this.nodes.push(node);
    return { id: node.id, shape: output };
  }

  private expandBlock(
    block: BlockDeclaration,
    call: LayerCall,
    args: CallArgument[],
    flow: Flow | undefined,
    frame: Frame,
  ): Flow | undefined {
    const name = block.name.name;
    this.calledBlocks.add(name);
    const cycleStart = frame.callStack.findIndex((entry) => entry.block === name);
    if (cycleStart >= 0) {
      const path = [...frame.callStack.slice(cycleStart).map((e) => e.block), name].join(" → ");
      this.diagnostics.report(Diagnostics.RecursiveBlock, call.callee.span, [name], {
        notes: [`the calls go ${path}`],
        help: "blocks are expanded where they are called, so they cannot recurse; repeat a block with `* n` instead",
        labels: [{ span: block.name.span, message: "defined here" }],
      });
      return undefined;
    }
    if (this.tooDeep(frame, call.callee.span)) return undefined;
    const scope = new Scope();
    const ok = this.bindParameters(
      `block '${name}'`,
      block.params,
      args,
      call.callee.span,
      scope,
      flow?.shape,
    );
    if (!ok || flow === undefined) return undefined;
    const inner: Frame = {
      ...frame,
      callStack: [...frame.callStack, { block: name, span: call.span }],
      depth: frame.depth + 1,
    };
    return this.expandStatements(block.body, scope, flow, inner, false);
  }

  private expandResidual(
    item: ResidualItem,
    scope: Scope,
    flow: Flow | undefined,
    outer: Frame,
  ): Flow | undefined {
    if (this.tooDeep(outer, item.keywordSpan)) return undefined;
    const frame: Frame = { ...outer, depth: outer.depth + 1 };
    if (flow === undefined) {
      // Still check names and arguments inside, without shapes.
      this.expandStatements(item.body, new Scope(scope), undefined, frame, false);
      if (item.shortcut !== undefined)
        this.expandStatements(item.shortcut.body, new Scope(scope), undefined, frame, false);
      return undefined;
    }
    const body = this.expandStatements(item.body, new Scope(scope), flow, frame, false);
    let shortcut: Flow | undefined = flow;
    let shortcutSpan: Span | undefined;
    if (item.shortcut !== undefined) {
      let active = true;
      if (item.shortcut.condition !== undefined) {
        const condition = evaluate(item.shortcut.condition, {
          scope,
          inShape: flow.shape,
          diagnostics: this.diagnostics,
        });
        if (condition === undefined) return undefined;
        if (condition.type !== "bool") {
          this.diagnostics.report(
            Diagnostics.InvalidOperation,
            item.shortcut.condition.span,
            [`a shortcut condition must be true or false, found ${showValue(condition)}`],
            {
              help: "write a comparison, e.g. `shortcut if stride != 1 or in.channels != out`",
            },
          );
          return undefined;
        }
        active = condition.value;
        const conditionSpan = item.shortcut.condition.span;
        const key = `${conditionSpan.file}:${conditionSpan.start}`;
        const seen = this.conditionalShortcuts.get(key) ?? { span: conditionSpan, taken: false };
        seen.taken ||= active;
        this.conditionalShortcuts.set(key, seen);
      }
      if (active) {
        shortcut = this.expandStatements(item.shortcut.body, new Scope(scope), flow, frame, false);
        shortcutSpan = item.shortcut.span;
      }
    }
    if (body === undefined || shortcut === undefined) return undefined;
    if (showShape(body.shape) !== showShape(shortcut.shape)) {
      this.reportResidualMismatch(item, flow.shape, body.shape, shortcut.shape, shortcutSpan);
      return undefined;
    }
    return this.addNode(definitions.add, {}, {}, [body, shortcut], frame, {
      what: "residual",
      span: item.keywordSpan,
      argSpan: () => item.keywordSpan,
      given: () => false,
    });
  }

  private reportResidualMismatch(
    item: ResidualItem,
    entry: Shape,
    body: Shape,
    shortcut: Shape,
    shortcutSpan: Span | undefined,
  ): void {
    const labels = [{ span: item.keywordSpan, message: `the body gives ${showShape(body)}` }];
    if (shortcutSpan !== undefined)
      labels.push({ span: shortcutSpan, message: `the shortcut gives ${showShape(shortcut)}` });
    let projection: string;
    if (body.length === 3 && entry.length === 3) {
      const stride = entry[1]! % body[1]! === 0 ? entry[1]! / body[1]! : 1;
      projection = `conv2d(${body[0]}, 1${stride !== 1 ? `, stride=${stride}` : ""})`;
    } else if (body.length === 2 && entry.length === 2) {
      const stride = entry[1]! % body[1]! === 0 ? entry[1]! / body[1]! : 1;
      projection = `conv1d(${body[0]}, 1${stride !== 1 ? `, stride=${stride}` : ""})`;
    } else {
      projection = `flatten -> dense(${count(body)})`;
    }
    const shortcutText = `shortcut { ${projection} }`;
    const extras: Parameters<DiagnosticBag["report"]>[3] = {
      labels,
      help:
        shortcutSpan === undefined
          ? `add a projection shortcut: \`${shortcutText}\``
          : `make the shortcut produce ${showShape(body)}, e.g. \`${projection}\``,
    };
    if (item.shortcut === undefined) {
      const end = item.span;
      extras.fix = {
        description: `add \`${shortcutText}\``,
        edits: [
          {
            span: { ...end, start: end.end, line: end.endLine, column: end.endColumn },
            newText: ` ${shortcutText}`,
          },
        ],
      };
    }
    this.diagnostics.report(
      Diagnostics.ResidualMismatch,
      item.keywordSpan,
      [showShape(body), showShape(shortcut)],
      extras,
    );
  }

  /** NET0221 when a block call or residual at `frame` would nest one level too many. */
  private tooDeep(frame: Frame, span: Span): boolean {
    if (frame.depth < MAX_EXPANSION_DEPTH) return false;
    const blocks = frame.callStack.map((entry) => entry.block);
    const path =
      blocks.length <= 8
        ? blocks.join(" → ")
        : [...blocks.slice(0, 4), "…", ...blocks.slice(-4)].join(" → ");
    // What the cut expansion would have called is unknown: report no block as unused.
    for (const block of this.program.blocks.keys()) this.calledBlocks.add(block);
    this.diagnostics.report(Diagnostics.NestingTooDeepToExpand, span, [MAX_EXPANSION_DEPTH], {
      help: "call blocks one after another rather than one inside another",
      notes: blocks.length > 0 ? [`the block calls go ${path}`] : [],
    });
    return true;
  }

  /** NET0313 when `shape` holds more elements than one Float32Array can; true when reported. */
  private tooLarge(
    what: () => string,
    shape: Shape,
    span: Span,
    extras: () => Parameters<DiagnosticBag["report"]>[3],
  ): boolean {
    const elements = count(shape);
    if (elements <= MAX_TENSOR_ELEMENTS) return false;
    this.diagnostics.report(
      Diagnostics.TensorTooLarge,
      span,
      [what(), showCount(elements), MAX_TENSOR_ELEMENTS],
      extras(),
    );
    return true;
  }

  /**
   * Take one layer from the program's budget; false (after reporting once per program)
   * when it is spent. Repetitions are checked ahead (expandItem); this catches the rest:
   * long bodies, and repetitions whose later rounds make more layers than the first.
   */
  private takeLayer(what: string, span: Span): boolean {
    if (this.budget.used < MAX_EXPANDED_LAYERS) {
      this.budget.used++;
      return true;
    }
    if (!this.budget.reported) {
      this.budget.reported = true;
      this.diagnostics.report(
        Diagnostics.TooManyLayers,
        span,
        [
          `this ${what} would be layer ${MAX_EXPANDED_LAYERS + 1} of the program`,
          MAX_EXPANDED_LAYERS,
        ],
        {
          help: "split the program into several files, or make the network shallower",
          notes: ["layers after this one are not checked"],
        },
      );
    }
    return false;
  }

  private reportTooManyLayers(
    item: ChainItem,
    times: number,
    before: number,
    perRepetition: number,
    total: number,
  ): void {
    const what = item.kind === "LayerCall" ? item.callee.name : "this residual";
    const sum = `${before > 0 ? `${before} + ` : ""}${showCount(times)} × ${perRepetition} = ${showCount(total)}`;
    const notes = [`one repetition makes ${perRepetition} layer(s)`];
    if (before > 0) notes.push(`the program has ${before} layer(s) before it`);
    this.diagnostics.report(
      Diagnostics.TooManyLayers,
      item.repeat!.span,
      [`repeating ${what} ${showCount(times)} times makes ${sum} layers`, MAX_EXPANDED_LAYERS],
      {
        notes,
        help: `repeat it at most ${Math.max(1, Math.floor((MAX_EXPANDED_LAYERS - before) / perRepetition))} times`,
      },
    );
  }

  /** `name = "c1"` if given (and unique), else the kind and a per-kind counter: conv2d_1, conv2d_2, … */
  private allocateId(
    kind: string,
    requested: AttrValue | undefined,
    span: Span | undefined,
  ): string {
    if (typeof requested === "string") {
      if (!this.usedIds.has(requested)) {
        this.usedIds.add(requested);
        return requested;
      }
      if (span !== undefined)
        this.diagnostics.report(Diagnostics.DuplicateDefinition, span, [requested], {
          notes: ["layer names must be unique within a model"],
          help: `give one of the two layers another name (or leave \`name\` out for an automatic ${kind}_N)`,
        });
    }
    let n = this.counters.get(kind) ?? 0;
    let id: string;
    do {
      n++;
      id = `${kind}_${n}`;
    } while (this.usedIds.has(id));
    this.counters.set(kind, n);
    this.usedIds.add(id);
    return id;
  }
}

export type { Value };

/** What to put before a layer that received the wrong rank. */
function wrongRankHelp(ranks: readonly number[], input: Shape): string {
  const elements = input.reduce((a, b) => a * b, 1);
  if (ranks.includes(1)) return "insert `flatten` before it";
  if (ranks.includes(3) && input.length === 1) {
    const side = Math.round(Math.sqrt(elements));
    if (side * side === elements)
      return `insert \`reshape([1, ${side}, ${side}])\` before it, or start the model with \`input [1, ${side}, ${side}]\``;
  }
  if (ranks.includes(2) && input.length === 1)
    return `insert \`reshape([1, ${elements}])\` before it`;
  return `insert \`reshape(…)\` before it to give the input ${ranks.map((r) => rankNames[r] ?? `rank ${r}`).join(" or ")}`;
}
