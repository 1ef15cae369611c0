import {
  CstParser,
  EOF,
  type CstNode,
  type IRecognitionException,
  type IToken,
  type TokenType,
} from "./chevrotain.js";
import * as T from "./tokens.js";
import { parserErrorMessages } from "./parse-errors.js";

/** Tokens that are a complete `primary` on their own (an Identifier followed by `(` is a call, excluded by ENDS_EXPRESSION). */
const SINGLE_TOKEN_OPERANDS = new Set<TokenType>([
  T.NumberLiteral,
  T.StringLiteral,
  T.True,
  T.False,
  T.In,
  T.Identifier,
]);
/** Tokens that can follow a complete expression but cannot continue one (no operator, `.`, `(`, `if` or `else`). */
const ENDS_EXPRESSION = new Set<TokenType>([
  T.Comma,
  T.RParen,
  T.RBracket,
  T.RBrace,
  T.Newline,
  T.Arrow,
  T.Colon,
  EOF,
]);

/**
 * The .net grammar as a Chevrotain CstParser.
 *
 * Why a CstParser and not an EmbeddedActionsParser: with error recovery on, embedded
 * actions run on partially matched rules and must cope with missing values inside the
 * grammar itself; a CST keeps the grammar free of semantic code, marks recovered nodes,
 * and lets one separate pass (cst-to-ast.ts) turn whatever was recognised into an AST
 * with exact spans. The CST costs little at the sizes .net files have.
 *
 * Layout is handled before parsing (lexer.ts): a Newline token here is always a
 * statement separator, never leading, trailing or doubled.
 */
export interface NetParserOptions {
  /** The single-token fast path of `expression` (default on; tests turn it off to compare). */
  singleTokenFastPath?: boolean;
  /**
   * Run Chevrotain's grammar validations (ambiguities, left recursion) while constructing.
   * They find mistakes in the grammar, not in the input, and take about half the
   * construction time, which every `netc` run pays: off by default, on in a test.
   */
  validateGrammar?: boolean;
}

/**
 * One parse records at most this many errors, then skips the rest of its input. Each
 * error costs Chevrotain some exceptions (about 0.2 ms), so a file of 200,000 broken lines
 * took a minute; only the first MAX_SYNTAX_ERRORS (parse.ts) are reported anyway, and
 * twice as many are kept so that sorting them by position still finds the first ones.
 */
export const MAX_PARSE_ERRORS = 100;

/** Chevrotain's internals that the error bounds wrap (not in its type declarations). */
interface RecoveryInternals {
  attemptInRepetitionRecovery: (...args: unknown[]) => void;
  SAVE_ERROR: (error: IRecognitionException) => IRecognitionException;
  moveToTerminatedState: () => void;
  RULE_STACK_IDX: number;
}

export class NetParser extends CstParser {
  private readonly singleTokenFastPath: boolean;

  constructor(options: NetParserOptions = {}) {
    super(T.parserTokens, {
      recoveryEnabled: true,
      maxLookahead: 3,
      nodeLocationTracking: "onlyOffset",
      errorMessageProvider: parserErrorMessages,
      skipValidations: options.validateGrammar !== true,
    });
    this.singleTokenFastPath = options.singleTokenFastPath ?? true;
    this.boundErrorRecovery();
    this.performSelfAnalysis();
  }

  /** Errors saved in the current parse; `stoppedEarly` when they reached MAX_PARSE_ERRORS. */
  private savedErrors = 0;
  stoppedEarly = false;

  override reset(): void {
    super.reset();
    this.savedErrors = 0;
    this.stoppedEarly = false;
  }

  /**
   * Two bounds on Chevrotain's error recovery, wrapped around its instance methods (it
   * installs `attemptInRepetitionRecovery` on the instance, where a prototype override
   * would be shadowed):
   *
   * - In-repetition recovery (skip stray tokens inside a MANY, then resume it) re-enters
   *   the repetition by recursion, one level per error it recovers from, and at the top
   *   level first scans to the end of the input for a token that may follow. Thousands of
   *   stray lines after a model overflowed the stack. It is not tried at the top level:
   *   there the repetition ends at the stray token and parseWithTokens restarts at the next
   *   declaration keyword. Below it the recursion is bounded by MAX_PARSE_ERRORS, since
   *   every level follows one saved error.
   * - At MAX_PARSE_ERRORS saved errors the parser is moved to the end of its input, so the
   *   open rules close (with errors at the end of the file, past the reported ones) and the
   *   tree recognised so far is kept.
   */
  private boundErrorRecovery(): void {
    const self = this as unknown as RecoveryInternals;
    const recoverInRepetition = self.attemptInRepetitionRecovery;
    const saveError = self.SAVE_ERROR;
    if (typeof recoverInRepetition !== "function" || typeof saveError !== "function")
      throw new Error("chevrotain's recovery methods changed; update NetParser.boundErrorRecovery");
    self.attemptInRepetitionRecovery = (...args: unknown[]) => {
      if (self.RULE_STACK_IDX > 0) recoverInRepetition.apply(this, args);
    };
    self.SAVE_ERROR = (error) => {
      const saved = saveError.call(this, error);
      if (++this.savedErrors >= MAX_PARSE_ERRORS && !this.stoppedEarly) {
        this.stoppedEarly = true;
        self.moveToTerminatedState();
      }
      return saved;
    };
  }

  // ── declarations ──────────────────────────────────────────────────────────

  sourceFile = this.RULE("sourceFile", () => {
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Newline) },
        { ALT: () => this.SUBRULE(this.declaration) },
      ]);
    });
  });

  declaration = this.RULE("declaration", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.importDeclaration) },
      { ALT: () => this.SUBRULE(this.modelDeclaration) },
      { ALT: () => this.SUBRULE(this.blockDeclaration) },
      { ALT: () => this.SUBRULE(this.trainDeclaration) },
    ]);
  });

  importDeclaration = this.RULE("importDeclaration", () => {
    this.CONSUME(T.Import);
    this.CONSUME(T.StringLiteral);
  });

  modelDeclaration = this.RULE("modelDeclaration", () => {
    this.CONSUME(T.Model);
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.parameterList));
    this.SUBRULE(this.body);
  });

  blockDeclaration = this.RULE("blockDeclaration", () => {
    this.CONSUME(T.Block);
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.parameterList));
    this.SUBRULE(this.body);
  });

  parameterList = this.RULE("parameterList", () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.parameter);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.parameter);
      });
      this.OPTION2(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RParen);
  });

  parameter = this.RULE("parameter", () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.expression);
    });
  });

  trainDeclaration = this.RULE("trainDeclaration", () => {
    this.CONSUME(T.Train);
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.argumentList));
    this.CONSUME(T.LBrace);
    this.OPTION2(() => {
      this.SUBRULE(this.trainSetting);
      this.MANY(() => {
        this.CONSUME(T.Newline);
        this.SUBRULE2(this.trainSetting);
      });
    });
    this.CONSUME(T.RBrace);
  });

  trainSetting = this.RULE("trainSetting", () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  // ── statements ────────────────────────────────────────────────────────────

  body = this.RULE("body", () => {
    this.CONSUME(T.LBrace);
    this.OPTION(() => {
      this.SUBRULE(this.statement);
      this.MANY(() => {
        this.CONSUME(T.Newline);
        this.SUBRULE2(this.statement);
      });
    });
    this.CONSUME(T.RBrace);
  });

  statement = this.RULE("statement", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.inputStatement) },
      { ALT: () => this.SUBRULE(this.letStatement) },
      { ALT: () => this.SUBRULE(this.optionStatement) },
      { ALT: () => this.SUBRULE(this.chain) },
    ]);
  });

  inputStatement = this.RULE("inputStatement", () => {
    this.CONSUME(T.Input);
    this.SUBRULE(this.expression);
  });

  letStatement = this.RULE("letStatement", () => {
    this.CONSUME(T.Let);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  optionStatement = this.RULE("optionStatement", () => {
    this.CONSUME(T.Option);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expression);
  });

  chain = this.RULE("chain", () => {
    this.SUBRULE(this.chainItem);
    this.MANY(() => {
      this.CONSUME(T.Arrow);
      this.SUBRULE2(this.chainItem);
    });
  });

  chainItem = this.RULE("chainItem", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.layerCall) },
      { ALT: () => this.SUBRULE(this.residual) },
    ]);
    this.OPTION(() => {
      this.CONSUME(T.Star);
      this.SUBRULE(this.expression, { LABEL: "repeat" });
    });
    this.OPTION2(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE2(this.expression, { LABEL: "assertion" });
    });
  });

  layerCall = this.RULE("layerCall", () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.argumentList));
  });

  residual = this.RULE("residual", () => {
    this.CONSUME(T.Residual);
    this.SUBRULE(this.body);
    this.OPTION(() => this.SUBRULE(this.shortcut));
  });

  shortcut = this.RULE("shortcut", () => {
    this.CONSUME(T.Shortcut);
    this.OPTION(() => {
      this.CONSUME(T.If);
      this.SUBRULE(this.expression);
    });
    this.SUBRULE(this.body);
  });

  argumentList = this.RULE("argumentList", () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.argument);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.argument);
      });
      this.OPTION2(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RParen);
  });

  argument = this.RULE("argument", () => {
    this.OPTION(() => {
      this.CONSUME(T.Identifier);
      this.CONSUME(T.Equals);
    });
    this.SUBRULE(this.expression);
  });

  // ── expressions, lowest precedence first ──────────────────────────────────

  /**
   * `a if c else b`, right-associative; written as a loop so long chains never recurse.
   *
   * Fast path (not part of the recorded grammar): most expressions in .net files are one
   * token (`64`, `relu`, `true`, `same`) followed by a token that cannot continue an
   * expression. For those, descending the nine precedence rules below costs nine rule
   * invocations and nine CST nodes to consume one token, which was most of the parse
   * time of a large file. Here the token is consumed directly instead, into the
   * `expression` node (cst-to-ast.ts reads it like a `primary`). This is exact, not a
   * heuristic: the full ladder would consume that one token and return, every loop and
   * option on the way declining at the following token; nothing in it can fail, so
   * diagnostics and error recovery are those of the full grammar. The grammar recorded
   * for lookahead, recovery and grammar/ is unchanged, since it is recorded with
   * RECORDING_PHASE set, when the fast path is off.
   */
  expression = this.RULE("expression", () => {
    if (this.singleTokenFastPath && !this.RECORDING_PHASE && this.atSingleTokenExpression()) {
      this.CONSUME(this.LA(1).tokenType);
      return;
    }
    this.SUBRULE(this.orExpression);
    this.MANY(() => {
      this.CONSUME(T.If);
      this.SUBRULE2(this.orExpression);
      this.CONSUME(T.Else);
      this.SUBRULE3(this.orExpression);
    });
  });

  orExpression = this.RULE("orExpression", () => {
    this.SUBRULE(this.andExpression);
    this.MANY(() => {
      this.CONSUME(T.Or, { LABEL: "operator" });
      this.SUBRULE2(this.andExpression);
    });
  });

  andExpression = this.RULE("andExpression", () => {
    this.SUBRULE(this.notExpression);
    this.MANY(() => {
      this.CONSUME(T.And, { LABEL: "operator" });
      this.SUBRULE2(this.notExpression);
    });
  });

  notExpression = this.RULE("notExpression", () => {
    this.MANY(() => this.CONSUME(T.Not, { LABEL: "operator" }));
    this.SUBRULE(this.comparison);
  });

  /** Non-associative: `a < b < c` is a syntax error. */
  comparison = this.RULE("comparison", () => {
    this.SUBRULE(this.additive);
    this.OPTION(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.EqEq, { LABEL: "operator" }) },
        { ALT: () => this.CONSUME(T.NotEq, { LABEL: "operator" }) },
        { ALT: () => this.CONSUME(T.LessEq, { LABEL: "operator" }) },
        { ALT: () => this.CONSUME(T.GreaterEq, { LABEL: "operator" }) },
        { ALT: () => this.CONSUME(T.Less, { LABEL: "operator" }) },
        { ALT: () => this.CONSUME(T.Greater, { LABEL: "operator" }) },
      ]);
      this.SUBRULE2(this.additive);
    });
  });

  additive = this.RULE("additive", () => {
    this.SUBRULE(this.multiplicative);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Plus, { LABEL: "operator" }) },
        { ALT: () => this.CONSUME(T.Minus, { LABEL: "operator" }) },
      ]);
      this.SUBRULE2(this.multiplicative);
    });
  });

  multiplicative = this.RULE("multiplicative", () => {
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Star, { LABEL: "operator" }) },
        { ALT: () => this.CONSUME(T.SlashSlash, { LABEL: "operator" }) },
        { ALT: () => this.CONSUME(T.Slash, { LABEL: "operator" }) },
        { ALT: () => this.CONSUME(T.Percent, { LABEL: "operator" }) },
      ]);
      this.SUBRULE2(this.unary);
    });
  });

  unary = this.RULE("unary", () => {
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Minus, { LABEL: "operator" }) },
        { ALT: () => this.CONSUME(T.Plus, { LABEL: "operator" }) },
      ]);
    });
    this.SUBRULE(this.postfix);
  });

  postfix = this.RULE("postfix", () => {
    this.SUBRULE(this.primary);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME(T.Identifier, { LABEL: "member" });
    });
  });

  primary = this.RULE("primary", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.In) },
      {
        ALT: () => {
          this.CONSUME(T.Identifier);
          this.OPTION(() => this.SUBRULE(this.argumentList));
        },
      },
      { ALT: () => this.SUBRULE(this.list) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expression);
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  /** See `expression`: LA(1) is a whole operand and LA(2) ends the expression. */
  private atSingleTokenExpression(): boolean {
    return (
      SINGLE_TOKEN_OPERANDS.has(this.LA(1).tokenType) && ENDS_EXPRESSION.has(this.LA(2).tokenType)
    );
  }

  list = this.RULE("list", () => {
    this.CONSUME(T.LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.expression);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.expression);
      });
      this.OPTION2(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RBracket);
  });
}

/** One parser instance for the process: building it (grammar analysis) is the slow part. */
let sharedParser: NetParser | undefined;
export function getParser(): NetParser {
  sharedParser ??= new NetParser();
  return sharedParser;
}

export interface CstParseResult {
  cst: CstNode;
  errors: IRecognitionException[];
}

export function parseTokens(tokens: IToken[]): CstParseResult {
  const parser = getParser();
  parser.input = tokens;
  const cst = parser.sourceFile();
  return { cst, errors: [...parser.errors] };
}

export { EOF };
export type { TokenType };
