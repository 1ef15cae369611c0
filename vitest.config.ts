import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Vitest's default in run mode is one worker fewer than the cores: one file at a time on
    // CI's 2 cores. Many files spend their time waiting on child processes (netc train,
    // Python, Chromium), so two at a time finishes the suite far sooner.
    maxWorkers: 2,
  },
});
