import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "proof/**/*.test.ts"],
    pool: "forks",
    testTimeout: 20_000,
  },
});
