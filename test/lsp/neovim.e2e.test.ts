import { execFile, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { externalTool } from "../external-tools.js";

/**
 * End to end through a real editor: Neovim (0.7+, headless) runs the init.lua recipe from
 * editors/nvim/README.md (the first ```lua block, with /path/to/netc replaced by this
 * repository), opens a .net file with a shape error, and test/lsp/neovim/probe.lua records
 * what Neovim's own LSP client received. Skipped when `nvim` is not on PATH
 * (Debian/Ubuntu: `apt-get install -y neovim`), except in CI, where that fails.
 */

const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");
const fixtures = fileURLToPath(new URL("./neovim/", import.meta.url));
const nvimVersion = spawnSync("nvim", ["--version"], { encoding: "utf8" });
const nvim = externalTool(
  "test/lsp/neovim.e2e.test.ts needs Neovim",
  nvimVersion.error !== undefined || nvimVersion.status !== 0 ? "`nvim` is not on PATH" : undefined,
  "apt-get install -y neovim",
);

interface ProbeDiagnostic {
  code: string;
  severity: number;
  message: string;
  lnum: number;
  col: number;
  end_lnum: number;
  end_col: number;
}

interface ProbeReport {
  error?: string;
  filetype: string;
  clients: number;
  opened: boolean;
  diagnostics: ProbeDiagnostic[];
  k_mapped: boolean;
  conv_hover: { value?: string; error?: string };
  cleared: boolean;
  diagnostics_after_fix: ProbeDiagnostic[];
  dense_hover: { value?: string; error?: string };
}

/** The README's recipe, pointed at this checkout. */
function readmeInitLua(root: string): string {
  const readme = readFileSync(join(root, "editors/nvim/README.md"), "utf8");
  const block = /```lua\n([\s\S]*?)```/.exec(readme);
  if (block === null) throw new Error("editors/nvim/README.md has no ```lua block");
  return block[1]!.replaceAll("/path/to/netc", root);
}

describe.skipIf(nvim.skip)(
  `Neovim (${nvimVersion.stdout?.split("\n")[0] ?? "missing"}) with the README's init.lua`,
  () => {
    let dir: string;
    let report: ProbeReport;

    beforeAll(async () => {
      nvim.require();
      if (!existsSync(join(repositoryRoot, "dist/cli/main.js")))
        throw new Error("dist/ is missing: run `npm run build`");
      dir = mkdtempSync(join(tmpdir(), "netc-nvim-"));
      writeFileSync(join(dir, "init.lua"), readmeInitLua(repositoryRoot));
      copyFileSync(join(fixtures, "shape-error.net"), join(dir, "shape-error.net"));
      const out = join(dir, "report.json");
      // Isolated from the user's Neovim config, data, swap and shada files.
      const env = {
        ...process.env,
        NETC_PROBE_OUT: out,
        XDG_CONFIG_HOME: dir,
        XDG_DATA_HOME: dir,
        XDG_STATE_HOME: dir,
        XDG_CACHE_HOME: dir,
      };
      const args = [
        "--headless",
        "-n",
        "-i",
        "NONE",
        "-u",
        join(dir, "init.lua"),
        "shape-error.net",
        "-c",
        `luafile ${join(fixtures, "probe.lua")}`,
      ];
      try {
        await promisify(execFile)("nvim", args, { cwd: dir, env, timeout: 90_000 });
      } catch (error) {
        throw new Error(`nvim failed: ${String(error)}`);
      }
      report = JSON.parse(readFileSync(out, "utf8")) as ProbeReport;
    });

    afterAll(() => {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    });

    it("starts one netc client for the .net buffer and runs the README's on_attach", () => {
      expect(report.error).toBeUndefined();
      expect(report.filetype).toBe("netc");
      expect(report.clients).toBe(1);
      expect(report.k_mapped).toBe(true);
    });

    it("receives the shape error with its code, range and help", () => {
      expect(report.opened).toBe(true);
      expect(report.diagnostics).toHaveLength(1);
      const [dense] = report.diagnostics;
      expect({
        code: dense!.code,
        severity: dense!.severity,
        start: [dense!.lnum, dense!.col],
        end: [dense!.end_lnum, dense!.end_col],
      }).toEqual({
        code: "NET0303",
        severity: 1,
        start: [4, 2],
        end: [4, 12],
      });
      expect(dense!.message).toContain("dense expects a flat input, found [6, 14, 14]");
      expect(dense!.message).toContain(
        "help: insert `flatten` before dense to turn [6, 14, 14] into [1176]",
      );
    });

    it("hovers a convolution with its output shape and size formula", () => {
      expect(report.conv_hover.error).toBeUndefined();
      expect(report.conv_hover.value).toContain("`[1, 28, 28]` → `[6, 28, 28]`");
      expect(report.conv_hover.value).toContain("width: (28 − 5 + 2·2)/1 + 1 = 28");
    });

    it("clears the diagnostics after the buffer is fixed, and hover sees the new shapes", () => {
      expect(report.cleared).toBe(true);
      expect(report.diagnostics_after_fix).toEqual([]);
      expect(report.dense_hover.error).toBeUndefined();
      expect(report.dense_hover.value).toContain("`[1176]` → `[120]`");
    });
  },
);
