// Lint rules that keep the layers apart and the imports honest (npm run lint; part of npm test).
import tseslint from "typescript-eslint";
import { importX } from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";

const NODE_BUILTINS = [
  "assert",
  "buffer",
  "child_process",
  "cluster",
  "crypto",
  "dgram",
  "dns",
  "events",
  "fs",
  "fs/promises",
  "http",
  "http2",
  "https",
  "module",
  "net",
  "os",
  "path",
  "perf_hooks",
  "process",
  "readline",
  "stream",
  "tls",
  "url",
  "util",
  "v8",
  "vm",
  "worker_threads",
  "zlib",
];

/**
 * The browser bundle must never reach the database, Prisma or Node's own modules.
 * @type {import("eslint").Linter.RulesRecord}
 */
const browserSafe = {
  "no-restricted-imports": [
    "error",
    {
      paths: NODE_BUILTINS.map((name) => ({ name, message: "Client code runs in the browser: no Node built-ins." })),
      patterns: [
        { group: ["node:*"], message: "Client code runs in the browser: no Node built-ins." },
        {
          group: ["@/lib/db", "@/lib/db-*", "@/lib/generated/*", "@prisma/*"],
          message: "Client code never touches the database; call a hook in lib/hooks.",
        },
      ],
    },
  ],
};

export default tseslint.config(
  { ignores: ["node_modules/**", ".next/**", "lib/generated/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  {
    files: ["**/*.{ts,tsx,mts,mjs}"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@typescript-eslint": tseslint.plugin, "import-x": importX },
    settings: {
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
      "import-x/extensions": [".ts", ".tsx", ".mts", ".mjs", ".js"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".tsx", ".mts"] },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/consistent-type-imports": ["error", { prefer: "type-imports", fixStyle: "separate-type-imports" }],
      "@typescript-eslint/no-import-type-side-effects": "error",
      "@typescript-eslint/no-floating-promises": ["error", { ignoreVoid: true }],
      "@typescript-eslint/await-thenable": "error",
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "import-x/no-self-import": "error",
      "import-x/no-duplicates": "error",
    },
  },
  { files: ["components/**/*.{ts,tsx}", "lib/hooks/**/*.{ts,tsx}"], rules: browserSafe },
);
