import { existsSync } from "node:fs";
import type { Server } from "node:http";
import type { Browser, Page } from "playwright-core";
import { externalTool, type ExternalTool } from "../external-tools.js";

/** The tests that run pages in real headless Chromium (Debian's chromium package). */

const chromium = "/usr/bin/chromium";

/** Headless Chromium as an external tool: `what` says what needs it, for the skip or CI failure. */
export function chromiumTool(what: string): ExternalTool {
  return externalTool(
    what,
    existsSync(chromium) ? undefined : `${chromium} not found`,
    "apt-get install -y chromium",
  );
}

/** Starts headless Chromium with nothing a test does not need (no sandbox, GPU, background traffic or first-run setup). */
export async function launchChromium(): Promise<Browser> {
  const { chromium: playwright } = await import("playwright-core");
  return playwright.launch({
    executablePath: chromium,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** A new page at `server`'s root; `errors` collects the page's uncaught errors. */
export async function openServedPage(
  browser: Browser,
  server: Server,
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  await page.goto(`http://127.0.0.1:${port}/`);
  return { page, errors };
}
