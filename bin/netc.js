#!/usr/bin/env node
// The installed entry point. The TypeScript sources are compiled to dist/ by the
// package's `prepare` script, which `npm ci` and `npm install` run, so users never
// have to remember a build step.
import { main } from "../dist/cli/main.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    // A bug in netc itself, never a user error: those are diagnostics.
    console.error("netc: internal error:", error instanceof Error ? error.stack : error);
    process.exitCode = 70;
  },
);
