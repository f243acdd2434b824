/**
 * The dependency rule (docs/architecture.md): the domain is pure, adapters know only the domain, and only
 * apps/http knows every package. Run by `pnpm deps:check`, part of `pnpm test`.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "domain-imports-only-its-libraries",
      comment: "The domain may import only neverthrow, luxon and libphonenumber-js (and node: built-ins in testing/).",
      severity: "error",
      from: { path: "^packages/domain/src" },
      to: {
        dependencyTypes: [
          "npm",
          "npm-dev",
          "npm-optional",
          "npm-peer",
          "npm-no-pkg",
          "npm-unknown",
          "aliased-workspace",
          "local",
        ],
        pathNot: ["^packages/domain/src/", "node_modules/(neverthrow|luxon|libphonenumber-js)/"],
      },
    },
    {
      name: "domain-product-code-no-node-builtins",
      comment: "Node built-ins are allowed only in the domain's testing/ twins.",
      severity: "error",
      from: { path: "^packages/domain/src", pathNot: "^packages/domain/src/testing/" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "domain-no-frameworks",
      comment: "The domain knows no adapter, no Hono, no Supabase, no Google.",
      severity: "error",
      from: { path: "^packages/domain/" },
      to: {
        path: "(^packages/adapter-|^apps/|node_modules/.*(hono|@supabase|googleapis|google-auth-library|pg|postgres|@electric-sql))",
      },
    },
    {
      name: "adapters-never-import-each-other",
      severity: "error",
      from: { path: "^packages/adapter-([^/]+)/" },
      to: { path: "^packages/adapter-", pathNot: "^packages/adapter-$1/" },
    },
    {
      name: "delivery-code-imports-no-adapter",
      comment:
        "In apps/http, routes, Vapi handling, administration, the worker and the CLIs know only the domain's ports; only the composition root (composition.ts, composition/) imports adapter packages.",
      severity: "error",
      from: { path: "^apps/http/src/", pathNot: "^apps/http/src/(composition\\.ts|composition/)" },
      to: { path: "(^packages/adapter-|node_modules/@voxanne/adapter-)" },
    },
    {
      name: "packages-never-import-apps",
      severity: "error",
      from: { path: "^packages/" },
      to: { path: "^apps/" },
    },
    {
      name: "no-unresolvable",
      comment: "An import that does not resolve is a package used but not declared (or a typo).",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(\\.turbo|dist)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.base.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
    },
    combinedDependencies: false,
  },
};
