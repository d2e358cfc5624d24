// @ts-check
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "test/__generated__/"] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `import type` keeps decorator metadata honest under isolatedModules (TS1272).
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // Unused parameters are allowed when named `_x` (decorator type thunks, interface shapes).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
      ],
      // Template literals with numbers are how messages are built here.
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      // type-graphql classes are declared for their decorators; their bodies may be empty.
      "@typescript-eslint/no-extraneous-class": "off",
      curly: ["error", "all"],
    },
  },
  {
    files: ["**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: "readonly", console: "readonly" },
    },
  },
  {
    files: ["test/**/*.ts"],
    rules: {
      // node:test's describe/it return promises that the runner awaits itself.
      "@typescript-eslint/no-floating-promises": "off",
      // Tests read loosely typed JSON responses.
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  prettier,
);
