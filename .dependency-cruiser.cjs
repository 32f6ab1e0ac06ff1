/**
 * Layer rules, checked in CI (`npm run lint:deps`, run by .ci/run):
 * cli → experiment/bench → agents → envs/rl/capacity → model/report/memory/core → util, with no arrow
 * running back up and no import cycle anywhere.
 */
const lower = '^src/(core|memory|model|rl)/';
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles that exist at run time (a cycle made only of `import type` edges vanishes when compiled).',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'lower-layers-stay-low',
      severity: 'error',
      comment: 'src/core, src/memory, src/model and src/rl never import envs/, agents/ or src/cli.',
      from: { path: lower },
      to: { path: '^(envs|agents)/|^src/cli/' },
    },
    {
      name: 'foundations-stay-below-rl',
      severity: 'error',
      comment: 'src/core, src/memory and src/model never import src/rl, src/experiment or src/bench.',
      from: { path: '^src/(core|memory|model)/' },
      to: { path: '^src/(rl|experiment|bench)/' },
    },
    {
      name: 'envs-below-experiment',
      severity: 'error',
      comment: 'envs/ never imports agents/, src/experiment, src/bench or src/cli.',
      from: { path: '^envs/' },
      to: { path: '^agents/|^src/(experiment|bench|cli)/' },
    },
    {
      name: 'util-is-a-leaf',
      severity: 'error',
      comment: 'src/util imports nothing of memgym outside src/util.',
      from: { path: '^src/util/' },
      to: { path: '^(src/(?!util/)|envs/|agents/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|test)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
