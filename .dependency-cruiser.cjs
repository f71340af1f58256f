// The intended import direction (npm run lint:deps, part of npm run lint and so of npm test).
// "Ours" is everything in this repository; npm packages and Node's own modules are not.
// Tests may import any module they test; the layering rules below are about the product code.
const OURS = '^(src|audits|scenarios|reports|bench|generated|sites|test)/';
const PRODUCT = '^(src|audits|scenarios|reports|bench)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'No import cycles: a cycle means two modules cannot be understood, tested or changed one without the other.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'findings-import-nothing-of-ours',
      severity: 'error',
      comment: 'src/findings (Finding, levels, results.json types) is the vocabulary every stage shares: it depends on nothing of ours.',
      from: { path: '^src/findings/' },
      to: { path: OURS, pathNot: '^src/findings/' },
    },
    {
      name: 'text-helpers-import-nothing-of-ours',
      severity: 'error',
      comment: 'The text helpers (money, plural, lists) are leaves: they depend on nothing of ours.',
      from: { path: '^src/text/' },
      to: { path: OURS, pathNot: '^src/text/' },
    },
    {
      name: 'only-solidus-imports-generated',
      severity: 'error',
      comment: 'generated/ (the OpenAPI types) is reached only through src/solidus, the one API client.',
      from: { path: PRODUCT, pathNot: '^src/solidus/' },
      to: { path: '^generated/' },
    },
    {
      name: 'only-the-pipeline-imports-the-audit-registry',
      severity: 'error',
      comment: 'The pipeline runs the audits; nothing else reaches for the registry.',
      from: { path: PRODUCT, pathNot: '^src/pipeline/' },
      to: { path: '^audits/index\\.ts$' },
    },
    {
      name: 'only-the-pipeline-imports-the-report-renderer',
      severity: 'error',
      comment: "Rendering the run folder is the pipeline's last stage; nothing else calls the renderer.",
      from: { path: PRODUCT, pathNot: '^(src/pipeline|reports)/' },
      to: { path: '^reports/render\\.ts$' },
    },
    {
      name: 'src-imports-reports-only-through-the-pipeline',
      severity: 'error',
      comment: "src/ reaches reports/ only through the pipeline's last stage.",
      from: { path: '^src/', pathNot: '^src/pipeline/' },
      to: { path: '^reports/' },
    },
    {
      name: 'src-imports-no-single-audit',
      severity: 'error',
      comment: 'Adding an audit is a file in audits/ and a line in audits/index.ts: src/ never names an audit.',
      from: { path: '^src/' },
      to: { path: '^audits/', pathNot: '^audits/index\\.ts$' },
    },
    {
      name: 'no-unresolvable-imports',
      severity: 'error',
      comment: 'An import that does not resolve is a typo or a missing dependency.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // generated/ is shown as a node (so the rule above sees who imports it) but not followed.
    doNotFollow: { path: ['node_modules', '^generated/'] },
    exclude: { path: '^(sandbox|extension)/' },
    // Type-only imports count too: they are part of the direction a reader follows.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
