import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/runtime/errors.js";
import { type TrainFlagsSpec, parseTrainFlags, trainHelpText } from "../../src/runtime/flags.js";

const spec: TrainFlagsSpec = {
  program: "node train.js",
  model: "LeNet5",
  backend: "tfjs",
  defaults: { epochs: 8, batch: 64, lr: 0.01, seed: 42, checkpoint: "checkpoints/LeNet5.ckpt" },
};

function usageError(argv: string[], s: TrainFlagsSpec = spec): string {
  try {
    parseTrainFlags(argv, s);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error("expected a UsageError");
}

describe("train.ts flags", () => {
  it("fills defaults from the .net file and parses overrides", () => {
    expect(parseTrainFlags([], spec)).toEqual({
      epochs: 8,
      batch: 64,
      lr: 0.01,
      seed: 42,
      data: undefined,
      limit: undefined,
      device: undefined,
      checkpoint: "checkpoints/LeNet5.ckpt",
      resume: false,
      log: undefined,
      format: "text",
      quiet: false,
      help: false,
    });
    const flags = parseTrainFlags(
      [
        "--epochs",
        "3",
        "--batch=128",
        "--lr",
        "5e-4",
        "--seed",
        "0",
        "--data",
        "/d",
        "--limit",
        "1000",
        "--device",
        "wasm",
        "--checkpoint",
        "x.ckpt",
        "--resume",
        "--log",
        "m.jsonl",
        "--format",
        "json",
        "--quiet",
      ],
      spec,
    );
    expect(flags).toEqual({
      epochs: 3,
      batch: 128,
      lr: 0.0005,
      seed: 0,
      data: "/d",
      limit: 1000,
      device: "wasm",
      checkpoint: "x.ckpt",
      resume: true,
      log: "m.jsonl",
      format: "json",
      quiet: true,
      help: false,
    });
    expect(parseTrainFlags(["-h"], spec).help).toBe(true);
  });

  it("rejects bad flags with one clear line", () => {
    expect(usageError(["--epochs", "3x"])).toBe(
      '--epochs expects a positive whole number, got "3x"',
    );
    expect(usageError(["--epochs", "0"])).toBe('--epochs expects a positive whole number, got "0"');
    expect(usageError(["--lr=-1"])).toBe('--lr expects a positive number, got "-1"');
    expect(usageError(["--lr", "-1"])).toBe(
      "--lr needs a value; write a value that starts with a dash as --lr=VALUE",
    );
    expect(usageError(["--lr", "fast"])).toBe('--lr expects a positive number, got "fast"');
    expect(usageError(["--seed", "4294967296"])).toBe(
      '--seed expects a whole number from 0 to 4294967295, got "4294967296"',
    );
    expect(usageError(["--epoch", "3"])).toBe("unknown flag --epoch (did you mean --epochs?)");
    expect(usageError(["--batch"])).toBe("--batch needs a value");
    expect(usageError(["--resume=yes"])).toBe("--resume takes no value");
    expect(usageError(["lenet.net"])).toBe(
      'unexpected argument "lenet.net" (flags start with --; see --help)',
    );
    expect(usageError(["--device", "tpu"])).toBe(
      '--device expects one of gpu, wasm, cpu, got "tpu"',
    );
    expect(usageError(["--format", "yaml"])).toBe('--format expects one of text, json, got "yaml"');
    const loops = {
      ...spec,
      backend: "loops" as const,
      defaults: { epochs: 1, batch: 1, lr: 1, seed: 1 },
    };
    expect(usageError(["--device", "cpu"], loops)).toBe(
      "--device applies to the tfjs backend only; this script was compiled for the loops backend",
    );
    expect(usageError(["--resume"], loops)).toBe(
      "--resume needs a checkpoint: add --checkpoint PATH",
    );
  });

  it("bounds every number and path a run uses before anything is allocated", () => {
    const loops = { ...spec, backend: "loops" as const };
    expect(usageError(["--threads", "0"], loops)).toBe(
      '--threads expects a whole number from 1 to 256, got "0"',
    );
    // one worker thread (a V8 instance with its own copy of the model) per requested thread
    expect(usageError(["--threads", "1000"], loops)).toBe(
      '--threads expects a whole number from 1 to 256, got "1000"',
    );
    expect(parseTrainFlags(["--threads", "256"], loops).threads).toBe(256);
    for (const lr of ["NaN", "Infinity", "1e400", "0", "-0"]) {
      expect(usageError([`--lr=${lr}`])).toBe(`--lr expects a positive number, got "${lr}"`);
    }
    expect(usageError(["--seed=-1"])).toBe(
      '--seed expects a whole number from 0 to 4294967295, got "-1"',
    );
    expect(usageError(["--limit", "0"])).toBe('--limit expects a positive whole number, got "0"');
    expect(usageError(["--batch", "0"])).toBe('--batch expects a positive whole number, got "0"');
    // a long run is the user's to ask for (Ctrl-C stops it with a checkpoint)
    expect(parseTrainFlags(["--epochs", "99999999999"], spec).epochs).toBe(99_999_999_999);
    expect(usageError(["--epochs", "9007199254740993"])).toBe(
      '--epochs expects a positive whole number, got "9007199254740993"',
    );
    expect(usageError(["--log="])).toBe("--log needs a file path");
    expect(usageError(["--data="])).toBe("--data needs a folder path");
  });

  it("writes help with the defaults, and --device only for tfjs", () => {
    const help = trainHelpText(spec);
    expect(help.split("\n").slice(0, 3)).toEqual([
      "Usage: node train.js [flags]",
      "",
      "Trains LeNet5 (tfjs backend).",
    ]);
    expect(help).toContain("  --epochs N         number of epochs (default 8)\n");
    expect(help).toContain("--device D");
    expect(help).toContain("(default checkpoints/LeNet5.ckpt)");
    expect(trainHelpText({ ...spec, backend: "loops" })).not.toContain("--device");
  });
});
