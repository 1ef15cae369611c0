import { defineConfig } from "vitest/config";

/** The suites that check the compiled backend's kernels, rerun with relaxed SIMD on. */
const compiledKernelSuites = [
  "test/wasm/models.test.ts",
  "test/wasm/gradient-check.test.ts",
  "test/wasm/parallel.test.ts",
  "test/wasm/packing.test.ts",
];

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Vitest's default in run mode is one worker fewer than the cores: one file at a time on
    // CI's 2 cores. Many files spend their time waiting on child processes (netc train,
    // Python, Chromium), so two at a time finishes the suite far sooner.
    maxWorkers: 2,
    projects: [
      // Node 20 keeps relaxed SIMD behind a flag: the compiled models load their plain build
      {
        extends: true,
        test: { name: "plain", include: ["test/**/*.test.ts"], provide: { wasmBuild: "plain" } },
      },
      // the relaxed build, which netc train and the bench load (fused multiply-add, other tiles)
      {
        extends: true,
        test: {
          name: "relaxed",
          include: compiledKernelSuites,
          setupFiles: ["test/wasm/relaxed-simd-setup.ts"],
          provide: { wasmBuild: "relaxed" },
        },
      },
    ],
  },
});
