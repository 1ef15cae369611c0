import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { renderDiagnostics } from "../../src/diagnostics/render-terminal.js";
import { readDataFile } from "../../src/runtime/data-files.js";
import { SourceText } from "../../src/diagnostics/span.js";
import { checkProgram } from "../../src/semantics/index.js";
import {
  confinedSourceHost,
  MAX_SOURCE_BYTES,
  readSourceFile,
} from "../../src/semantics/source-files.js";
import { startSession, type LspSession } from "../lsp/client.js";
import { ensureBuilt, netc } from "./generated-code.js";

/**
 * Issue 10's third attack and issue 11's seventh item: a .net file names other files by
 * import, and netc read them and printed their first line in a diagnostic (/etc/passwd,
 * /proc/self/environ, a private key), or hung on a device (/dev/zero). Imports are now
 * confined (semantics/source-files.ts): only .net files, only regular files of at most
 * 1 MiB, only inside the project root once symbolic links are resolved; the command line
 * and the language server apply the same rules, and no refused file is read.
 */

const posix = process.platform !== "win32";
const passwd = posix && existsSync("/etc/passwd") ? readFileSync("/etc/passwd", "utf8") : "";
/** A line of /etc/passwd that no diagnostic could contain by chance. */
const passwdLine = passwd.split("\n").find((line) => line.includes(":x:")) ?? "";
/** Set in the environment of the netc processes these tests start: /proc/self/environ holds it. */
const secret = "NETC_TEST_SECRET=do-not-print-5f3c";
const model = "model M {\n  input [4]\n  dense(2)\n}\n";

let work: string;
beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(path.join(tmpdir(), "netc-imports-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const dir = path.join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

function check(args: string[]) {
  const [name, value] = secret.split("=") as [string, string];
  return netc(["check", ...args], { cwd: work, env: { [name]: value }, timeout: 60_000 });
}

describe.runIf(posix)("netc check: imports that name files outside the project", () => {
  it("../../../etc/passwd: NET0603 quoting the import, and no byte of the file", () => {
    const dir = project("passwd", {
      "main.net": `import "${"../".repeat(12)}etc/passwd"\n${model}`,
    });
    const r = check([path.join(dir, "main.net")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain(
      `error[NET0603]: cannot import '${"../".repeat(12)}etc/passwd': only .net files can be imported`,
    );
    expect(passwdLine).not.toBe("");
    expect(r.stdout + r.stderr).not.toContain(passwdLine);
  });

  it("/proc/self/environ (absolute and relative): refused, and the environment is not printed", () => {
    const dir = project("environ", {
      "main.net": `import "/proc/self/environ"\nimport "${"../".repeat(12)}proc/self/environ"\n${model}`,
    });
    const r = check([path.join(dir, "main.net")]);
    expect(r.code).toBe(1);
    expect(r.stdout.match(/error\[NET0603\]/g)).toHaveLength(2);
    expect(r.stdout + r.stderr).not.toContain("do-not-print-5f3c");
  });

  it("a .net name that is a symbolic link out of the project: NET0604, the target unread", () => {
    const dir = project("links", {
      "main.net": `import "passwd.net"\nimport "environ.net"\nimport "sub/up.net"\n${model}`,
    });
    symlinkSync("/etc/passwd", path.join(dir, "passwd.net"));
    symlinkSync("/proc/self/environ", path.join(dir, "environ.net"));
    mkdirSync(path.join(dir, "sub"));
    symlinkSync(work, path.join(dir, "sub", "up"));
    symlinkSync(path.join(work, "passwd", "main.net"), path.join(dir, "sub", "up.net"));
    const r = check([path.join(dir, "main.net")]);
    expect(r.code).toBe(1);
    expect(
      r.stdout.match(/error\[NET0604\]: cannot import '[a-z/]+\.net': it lies outside/g),
    ).toHaveLength(3);
    expect(r.stdout).toContain("symbolic link");
    expect(r.stdout + r.stderr).not.toContain(passwdLine);
    expect(r.stdout + r.stderr).not.toContain("do-not-print-5f3c");
  });

  it("../ out of the entry's folder is refused, and allowed inside a root named with --root", () => {
    const dir = project("rooted", {
      "lib.net": "block head(n) {\n  dense(n)\n}\n",
      "app/main.net": 'import "../lib.net"\nmodel M {\n  input [4]\n  head(2)\n}\n',
    });
    const refused = check([path.join(dir, "app", "main.net")]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(
      "error[NET0604]: cannot import '../lib.net': it lies outside the project root",
    );
    const allowed = check(["--root", dir, path.join(dir, "app", "main.net")]);
    expect(allowed).toMatchObject({ code: 0, stderr: "" });
    const outside = check(["--root", path.join(dir, "app"), path.join(dir, "lib.net")]);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain("it lies outside the project root");
  });
});

describe.runIf(posix)("devices, FIFOs and large files never block or get read", () => {
  it("netc check /dev/zero: one clear line, exit 2, and it returns", () => {
    for (const device of ["/dev/zero", "/dev/urandom"]) {
      const r = check([device]);
      expect(r.signal).toBe(null);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(
        `netc: error: cannot read '${device}': it is not a regular file (it is a character device)\n`,
      );
    }
  });

  it(
    "readSourceFile refuses devices and FIFOs from their status, without blocking",
    { timeout: 1000 },
    () => {
      const fifo = path.join(work, "pipe.net");
      execFileSync("mkfifo", [fifo]);
      expect(readSourceFile("/dev/zero")).toEqual({
        refused: "not-a-file",
        what: "a character device",
      });
      expect(readSourceFile("/dev/urandom")).toEqual({
        refused: "not-a-file",
        what: "a character device",
      });
      expect(readSourceFile(fifo)).toEqual({ refused: "not-a-file", what: "a FIFO" });
      expect(readSourceFile(work)).toEqual({ refused: "not-a-file", what: "a folder" });
    },
  );

  it(
    "training data: a data file that is a device or a FIFO is one line, not a hang",
    { timeout: 1000 },
    () => {
      const fifo = path.join(work, "train-images-idx3-ubyte");
      execFileSync("mkfifo", [fifo]);
      expect(() => readDataFile("/dev/zero")).toThrow("/dev/zero: not a regular file");
      expect(() => readDataFile(fifo)).toThrow(`${fifo}: not a regular file`);
      expect(() => readDataFile(work)).toThrow(`${work}: is a directory, expected a file`);
    },
  );

  it("imports of a device (through a link, with --root /), a FIFO and a folder: NET0605 at once", () => {
    const dir = project("devices", {
      "main.net": `import "zero.net"\nimport "fifo.net"\nimport "folder.net"\n${model}`,
    });
    symlinkSync("/dev/zero", path.join(dir, "zero.net"));
    execFileSync("mkfifo", [path.join(dir, "fifo.net")]);
    mkdirSync(path.join(dir, "folder.net"));
    const r = check(["--root", "/", path.join(dir, "main.net")]);
    expect(r.signal).toBe(null);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "error[NET0605]: cannot import 'zero.net': it is a character device, not a regular file",
    );
    expect(r.stdout).toContain(
      "error[NET0605]: cannot import 'fifo.net': it is a FIFO, not a regular file",
    );
    expect(r.stdout).toContain(
      "error[NET0605]: cannot import 'folder.net': it is a folder, not a regular file",
    );
  });

  it("1 MiB is read; one byte more is refused, as an import (NET0606) and as a file named on the command line", () => {
    const comment = (bytes: number) => `#${"-".repeat(bytes - 2)}\n`;
    const dir = project("sizes", {
      "exact.net": comment(MAX_SOURCE_BYTES),
      "over.net": comment(MAX_SOURCE_BYTES + 1),
      "main.net": `import "exact.net"\nimport "over.net"\n${model}`,
    });
    const r = check([path.join(dir, "main.net")]);
    expect(r.stdout.match(/error\[NET\d+\]/g)).toEqual(["error[NET0606]"]);
    expect(r.stdout).toContain(
      "cannot import 'over.net': it is larger than 1 MiB (1,048,576 bytes)",
    );
    const entry = check([path.join(dir, "over.net")]);
    expect(entry.code).toBe(2);
    expect(entry.stderr).toBe(
      `netc: error: cannot read '${path.join(dir, "over.net")}': it is larger than 1 MiB\n`,
    );
  });

  it("a file named on the command line must be a .net file", () => {
    const dir = project("named", { "notes.txt": "model M {\n  input [4]\n}\n" });
    const r = check([path.join(dir, "notes.txt")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `netc: error: cannot read '${path.join(dir, "notes.txt")}': netc reads only .net files\n`,
    );
  });
});

describe("diagnostics show snippets of .net sources only, and nothing a terminal would obey", () => {
  const span = (file: string, text: string) => new SourceText(file, text).span(0, 4);
  const diagnostic = (file: string, text: string): Diagnostic => ({
    code: "NET0101",
    severity: "error",
    message: "unexpected character '\u001b'",
    span: span(file, text),
    labels: [],
    notes: [],
  });

  it("a span in a file that is not .net is shown by position only", () => {
    const text = "root:x:0:0:root:/root:/bin/bash\n";
    const rendered = renderDiagnostics([diagnostic("/etc/passwd", text)], {
      color: false,
      sources: new Map([["/etc/passwd", new SourceText("/etc/passwd", text)]]),
    });
    expect(rendered).toContain("--> /etc/passwd:1:1");
    expect(rendered).not.toContain("root:x:0:0");
  });

  it("escape sequences in a .net line or a message reach the terminal as U+FFFD", () => {
    const text = 'model "\u001b]0;owned\u0007\u001b[2J" {\n';
    const rendered = renderDiagnostics([diagnostic("a.net", text)], {
      color: false,
      sources: new Map([["a.net", new SourceText("a.net", text)]]),
    });
    expect(rendered).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(rendered).toContain('1 | model "\ufffd]0;owned\ufffd\ufffd[2J" {');
  });
});

describe("the checker's rules, whatever reads the disk", () => {
  it("an import must be a .net file inside the root before the host is asked for it", () => {
    const asked: string[] = [];
    const result = checkProgram("/p/main.net", {
      readFile: (file) => {
        asked.push(file);
        return file === "/p/main.net"
          ? 'import "/etc/passwd"\nimport "../q/x.net"\nimport "C:/x.net"\nimport "ok.net"\n' +
              model
          : "";
      },
    });
    expect(asked).toEqual(["/p/main.net", "/p/ok.net"]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["NET0603", "NET0604", "NET0604"]);
  });

  it("confinedSourceHost resolves symbolic links before it compares with the root", () => {
    if (!posix) return;
    const dir = project("host", { "inside.net": model });
    symlinkSync("/etc/passwd", path.join(dir, "outside.net"));
    const host = confinedSourceHost(dir);
    expect(host.readFile(path.join(dir, "inside.net"))).toBe(model);
    expect(host.readFile(path.join(dir, "outside.net"))).toEqual({ refused: "outside-root" });
  });
});

describe.runIf(posix)("the language server reads under the same rules", () => {
  let session: LspSession;
  let dir: string;
  beforeAll(async () => {
    dir = project("lsp", { "lib/blocks.net": "block head(n) {\n  dense(n)\n}\n" });
    symlinkSync("/etc/passwd", path.join(dir, "passwd.net"));
    execFileSync("mkfifo", [path.join(dir, "fifo.net")]);
    session = await startSession({}, dir);
  });
  afterAll(async () => {
    await session?.close();
  });

  it("as soon as a document is opened: NET0603, NET0604 and NET0605, with nothing of the files", async () => {
    const uri = session.open(
      path.join(dir, "app", "main.net"),
      `import "${"../".repeat(12)}etc/passwd"\nimport "../passwd.net"\nimport "../fifo.net"\nimport "../lib/blocks.net"\nmodel M {\n  input [4]\n  head(2)\n}\n`,
    );
    const diagnostics = await session.diagnosticsFor(uri, 1);
    expect(diagnostics.map((d) => `${String(d.code)} ${d.range.start.line}`)).toEqual([
      "NET0603 0",
      "NET0604 1",
      "NET0605 2",
    ]);
    expect(JSON.stringify(diagnostics)).not.toContain(passwdLine);
    expect(session.logs()).toEqual([]);
  });
});
