import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The real command line, as a user runs it: `node bin/netc.js …` on the compiled dist/
 * (which `npm test` builds in its pretest step). Exit codes, output shapes and the
 * promises of `--help`.
 */

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = path.join(root, "bin/netc.js");
const fixture = (name: string) => path.join(root, "test/fixtures/diagnostics", name);

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function netc(args: string[], env: Record<string, string> = {}, cwd = root): Result {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "", ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let work: string;

beforeAll(() => {
  // `npx vitest run test/cli` without `npm test` may find no dist/ or an old one.
  const main = path.join(root, "dist/cli/main.js");
  if (
    !existsSync(main) ||
    statSync(main).mtimeMs < statSync(path.join(root, "src/cli/main.ts")).mtimeMs
  ) {
    spawnSync(
      process.execPath,
      [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
      { cwd: root },
    );
  }
  work = mkdtempSync(path.join(tmpdir(), "netc-cli-"));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("netc --help and --version", () => {
  it("lists every command with an example", () => {
    const r = netc(["--help"]);
    expect(r.code).toBe(0);
    for (const command of ["check", "summary", "fmt"])
      expect(r.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, "m"));
    expect(r.stdout).toContain("$ netc check models/lenet5.net");
    expect(r.stdout).toContain("Exit status: 0 ok, 1 errors in the input, 2 usage or I/O error.");
  });

  it("explains each command with an example", () => {
    for (const [command, example] of [
      ["check", "$ netc check models/lenet5.net"],
      ["summary", "$ netc summary models/lenet5.net"],
      ["fmt", "$ netc fmt --check models/"],
    ] as const) {
      const r = netc([command, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: netc ${command}`);
      expect(r.stdout).toContain(example);
    }
    expect(netc(["check", "--help"]).stdout).toContain("--format <format>");
  });

  it("prints the package version", () => {
    const { version } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
      version: string;
    };
    const r = netc(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });
});

describe("usage errors exit with 2 and suggest the right spelling", () => {
  it("unknown command", () => {
    const r = netc(["chek", "models/lenet5.net"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("netc: error: unknown command 'chek'");
    expect(r.stderr).toContain("(Did you mean check?)");
  });

  it("unknown option", () => {
    const r = netc(["check", "--fromat", "json", "models/lenet5.net"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--fromat'");
    expect(r.stderr).toContain("(Did you mean --format?)");
  });

  it("bad option value and missing argument", () => {
    expect(netc(["check", "--format", "xml", "models/lenet5.net"]).code).toBe(2);
    const r = netc(["check"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("missing required argument 'files'");
  });

  it("no command at all prints the help to stderr", () => {
    const r = netc([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Usage: netc");
  });
});

describe("netc check", () => {
  it("exits 0 on a correct model", () => {
    const r = netc(["check", "models/lenet5.net"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("netc: 1 file checked, no problems found\n");
  });

  it("exits 1 and shows all three mistakes with carets, help and a summary line", () => {
    const r = netc(["check", "test/fixtures/diagnostics/three-mistakes.net"]);
    expect(r.code).toBe(1);
    expect(r.stdout.match(/^error\[NET\d{4}\]/gm)).toEqual([
      "error[NET0301]",
      "error[NET0201]",
      "error[NET0202]",
    ]);
    expect(r.stdout).toContain(" --> test/fixtures/diagnostics/three-mistakes.net:4:23");
    expect(r.stdout).toContain("4 |   conv2d(6, 5, stride=2) -> relu\n  |                       ^");
    expect(r.stdout).toContain("= help:");
    expect(r.stdout.trimEnd().endsWith("error: 3 errors emitted")).toBe(true);
    expect(r.stdout).not.toContain("\u001b[");
  });

  it("colours when FORCE_COLOR is set and never with NO_COLOR", () => {
    const args = ["check", "test/fixtures/diagnostics/three-mistakes.net"];
    expect(netc(args, { NO_COLOR: "", FORCE_COLOR: "1" }).stdout).toContain("\u001b[31m");
    expect(netc(args, { NO_COLOR: "1", FORCE_COLOR: "1" }).stdout).not.toContain("\u001b[");
  });

  it("prints the JSON document with 1-based positions", () => {
    const r = netc(["check", "--format", "json", "test/fixtures/diagnostics/three-mistakes.net"]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { diagnostics: Record<string, unknown>[] };
    expect(doc.diagnostics.map((d) => d.code)).toEqual(["NET0301", "NET0201", "NET0202"]);
    expect(doc.diagnostics[0]).toMatchObject({
      severity: "error",
      message: "conv2d: output height (28 − 5 + 2·0)/2 + 1 = 12.5 is not a whole number",
      file: "test/fixtures/diagnostics/three-mistakes.net",
      line: 4,
      column: 23,
      endLine: 4,
      endColumn: 24,
    });
    for (const d of doc.diagnostics) {
      expect(Object.keys(d)).toEqual(
        expect.arrayContaining([
          "code",
          "severity",
          "message",
          "file",
          "line",
          "column",
          "endLine",
          "endColumn",
        ]),
      );
    }
  });

  it("prints an empty diagnostics list in JSON for a correct model", () => {
    const r = netc(["check", "--format", "json", "models/lenet5.net"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ diagnostics: [] });
  });

  it("exits 2 naming the file and the reason when a file cannot be read, and still checks the others", () => {
    const r = netc(["check", "nope.net", "test/fixtures/diagnostics/three-mistakes.net"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("netc: error: cannot read 'nope.net': no such file or directory\n");
    expect(r.stdout).toContain("error: 3 errors emitted");
  });
});

describe("netc summary", () => {
  it("prints the LeNet-5 table with its shapes and 61,706 parameters", () => {
    const r = netc(["summary", "models/lenet5.net"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Total params:\s+61,706$/m);
    expect(r.stdout).toMatch(/^Trainable params:\s+61,706$/m);
    expect(r.stdout).toMatch(/^Non-trainable params:\s+0$/m);
    expect(r.stdout).toMatch(/^Layer .* Trainable  Init$/m);
    expect(r.stdout).toMatch(
      /^dense_1 .* yes +weight: uniform\(±0\.05\), bias: uniform\(±0\.05\)$/m,
    );
    const shapes = [...r.stdout.matchAll(/(\[\d+(?:, \d+)*\])/g)].map((m) => m[1]);
    expect(shapes).toEqual(
      expect.arrayContaining([
        "[6, 28, 28]",
        "[6, 14, 14]",
        "[16, 10, 10]",
        "[16, 5, 5]",
        "[400]",
        "[120]",
        "[84]",
        "[10]",
      ]),
    );
  });

  it("prints JSON with the layers and totals", () => {
    const r = netc(["summary", "models/lenet5.net", "--format", "json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      model: string;
      layers: {
        name: string;
        kind: string;
        outputShape: number[];
        params: number;
        macs: number;
        connections: number;
        trainable: boolean;
        init?: string;
      }[];
      totals: { params: number; trainableParams: number; macs: number; connections: number };
    };
    expect(doc.model).toBe("LeNet5");
    expect(doc.totals.params).toBe(61706);
    expect(doc.totals.trainableParams).toBe(61706);
    expect(doc.layers.reduce((sum, l) => sum + l.params, 0)).toBe(61706);
    const withParams = doc.layers
      .filter((l) => l.params > 0)
      .map((l) => [l.kind, l.outputShape, l.params]);
    expect(withParams).toEqual([
      ["conv2d", [6, 28, 28], 156],
      ["conv2d", [16, 10, 10], 2416],
      ["dense", [120], 48120],
      ["dense", [84], 10164],
      ["dense", [10], 850],
    ]);
    // PyTorch's default initializer, uniform ±1/√fan_in: fan_in = 1·5·5 = 25 for the first conv
    expect(doc.layers[0]!.init).toBe("weight: uniform(±0.2), bias: uniform(±0.2)");
    expect(doc.layers.find((l) => l.kind === "relu")!).not.toHaveProperty("init");
  });

  it("says which models exist when --model names none", () => {
    const r = netc(["summary", "models/lenet5.net", "--model", "LeNet6"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "netc: error: no model named 'LeNet6' in 'models/lenet5.net' (did you mean 'LeNet5'?); it defines LeNet5\n",
    );
  });

  it("exits 1 with the diagnostics on stderr and no table for a file with errors", () => {
    const r = netc(["summary", "test/fixtures/diagnostics/three-mistakes.net"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("error: 3 errors emitted");
  });
});

describe("netc fmt", () => {
  const messy = "model M{\n   input [4]\n  dense( 10 )->relu\n}\n";

  it("--check lists a file that would change, exits 1 and writes nothing; fmt then rewrites it", () => {
    const file = path.join(work, "messy.net");
    writeFileSync(file, messy);
    const check = netc(["fmt", "--check", file]);
    expect(check.code).toBe(1);
    expect(check.stdout).toBe(`would reformat ${file}\n`);
    expect(readFileSync(file, "utf8")).toBe(messy);

    const format = netc(["fmt", file]);
    expect(format.code).toBe(0);
    expect(format.stdout).toBe(`formatted ${file}\n`);
    const formatted = readFileSync(file, "utf8");
    expect(formatted).not.toBe(messy);

    // Formatting is idempotent: the result passes --check and the checker still accepts it.
    expect(netc(["fmt", "--check", file])).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(netc(["check", file]).code).toBe(0);
  });

  it("leaves a file with syntax errors untouched and exits 1", () => {
    const file = path.join(work, "broken.net");
    const broken = "model M {\n  input [4]\n  dense(10 20)\n}\n";
    writeFileSync(file, broken);
    const r = netc(["fmt", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[NET0102]");
    expect(r.stderr).toContain("netc: files with syntax errors were not formatted");
    expect(readFileSync(file, "utf8")).toBe(broken);
  });

  it("keeps the meaning and the comments of a model file", () => {
    const file = path.join(work, "lenet5.net");
    copyFileSync(path.join(root, "models/lenet5.net"), file);
    expect(netc(["fmt", file]).code).toBe(0);
    expect(netc(["fmt", "--check", file]).code).toBe(0);
    const comments = (text: string) =>
      text
        .split("\n")
        .flatMap((line) => line.match(/#.*$/) ?? [])
        .map((c) => c.trim());
    expect(comments(readFileSync(file, "utf8"))).toEqual(
      comments(readFileSync(path.join(root, "models/lenet5.net"), "utf8")),
    );
    const summary = JSON.parse(netc(["summary", file, "--format", "json"]).stdout) as {
      totals: { params: number };
    };
    expect(summary.totals.params).toBe(61706);
  });

  it("exits 2 for a missing file", () => {
    const r = netc(["fmt", path.join(work, "absent.net")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no such file or directory");
  });
});
