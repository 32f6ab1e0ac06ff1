import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  baselineItems,
  type BaselineReport,
  type BaselineRow,
  formatBaselineReport,
  withOneProcessRatios,
} from '../../src/bench/baseline.js';
import { loadBenchConfig, settingsFor } from '../../src/bench/config.js';
import { suitePlan } from '../../src/bench/suite.js';
import { PACKAGE_ROOT } from '../../src/util/package-root.js';

const tiny = loadBenchConfig(join(PACKAGE_ROOT, 'configs', 'bench-tiny.json'));

describe('bench --baseline items', () => {
  it('one item per suite-plan entry, each config running only that entry', () => {
    const learners = {
      ...tiny,
      ppo: { ...tiny.ppo, parallelBatch: 4, rolloutWorkers: 3, overlapBatch: 4, overlapWorkers: 1, recurrentBatch: 2 },
    };
    expect(suitePlan(settingsFor(learners, 'wasm'))).toContain('ppo B=4 W=3');
    expect(suitePlan(settingsFor(learners, 'wasm'))).toContain('ppo B=4 W=1 overlapped');
    for (const [config, backend] of [
      [tiny, 'wasm'],
      [tiny, 'cpu'],
      [learners, 'wasm'],
    ] as const) {
      const items = baselineItems(config, backend);
      expect(items.map((i) => i.label)).toEqual(suitePlan(settingsFor(config, backend)));
      for (const item of items) {
        expect(item.config.backends).toEqual([backend]);
        expect(suitePlan(settingsFor(item.config, backend))).toEqual([item.label]);
      }
    }
  });
});

describe('bench --baseline report', () => {
  const report: BaselineReport = {
    backend: 'wasm',
    baselineRef: 'abc',
    baselineCommit: '0123456789abcdef',
    rounds: 1,
    rows: [
      {
        id: 'ppo.B8.T32',
        label: 'PPO training B=8 T=32',
        unit: 'steps/s',
        baseline: 1000,
        current: 2500,
        ratio: 2.5,
        rounds: [{ baseline: 1000, current: 2500 }],
      },
      {
        id: 'policy.forward.B32',
        label: 'policy forward B=32',
        unit: 'obs/s',
        baseline: null,
        current: 9000,
        ratio: null,
        rounds: [{ baseline: null, current: 9000 }],
      },
      {
        id: 'policy.forward.B32.kernels',
        label: 'policy forward B=32',
        unit: 'kernels',
        baseline: null,
        current: 61,
        ratio: null,
        rounds: [{ baseline: null, current: 61 }],
      },
    ],
    failures: [],
    interrupted: false,
  };

  it('prints both trees and the ratio, n/a where the baseline lacks a row', () => {
    const lines = formatBaselineReport(report);
    expect(lines[0]).toMatch(/--baseline abc \(0123456789ab\) on wasm/);
    const text = lines.join('\n');
    expect(text).toMatch(/bench\s+unit\s+baseline abc\s+current\s+current\/baseline/);
    expect(text).toMatch(/PPO training B=8 T=32\s+steps\/s\s+1000\s+2500\s+2\.50×/);
    expect(text).toMatch(/policy forward B=32\s+obs\/s\s+n\/a\s+9000\s+n\/a/);
    expect(text).toMatch(/policy forward B=32\s+kernels\s+n\/a\s+61\s+n\/a/);
  });
});

describe('bench --baseline report over several rounds', () => {
  it('adds each round’s ratio, a dash where a round lacks a value', () => {
    const report: BaselineReport = {
      backend: 'wasm',
      baselineRef: 'abc',
      baselineCommit: '0123456789abcdef',
      rounds: 3,
      rows: [
        {
          id: 'ppo.B32.T32',
          label: 'PPO training B=32 T=32',
          unit: 'steps/s',
          baseline: 1000,
          current: 2000,
          ratio: 2,
          rounds: [
            { baseline: 1000, current: 2000 },
            { baseline: 1000, current: 1900 },
            { baseline: null, current: 2100 },
          ],
        },
        {
          id: 'ppo.B32.T32.W2',
          label: 'PPO training B=32 T=32, 2 rollout processes',
          unit: 'steps/s',
          baseline: null,
          current: 2500,
          ratio: null,
          rounds: [
            { baseline: null, current: 2500 },
            { baseline: null, current: 2400 },
            { baseline: null, current: 2600 },
          ],
        },
      ],
      failures: [],
      interrupted: false,
    };
    const text = formatBaselineReport(report).join('\n');
    expect(text).toMatch(/current\/baseline\s+per round/);
    expect(text).toMatch(/PPO training B=32 T=32\s+steps\/s\s+1000\s+2000\s+2\.00?×\s+2\.00 1\.90 –/);
    expect(text).toMatch(/2 rollout processes\s+steps\/s\s+n\/a\s+2500\s+n\/a\s*$/m);
  });
});

describe('withOneProcessRatios', () => {
  it('divides worker PPO rows by the baseline’s one-process PPO of the same round', () => {
    const row = (id: string, rounds: { baseline: number | null; current: number | null }[], ratio: number | null): BaselineRow => ({
      id,
      label: id,
      unit: 'steps/s',
      baseline: null,
      current: null,
      ratio,
      rounds,
    });
    const rows = withOneProcessRatios([
      row(
        'ppo.B32.T32',
        [
          { baseline: 1000, current: 2000 },
          { baseline: 800, current: 1800 },
        ],
        2,
      ),
      row(
        'ppo.B32.T32.W1.overlap',
        [
          { baseline: null, current: 3000 },
          { baseline: null, current: 2400 },
        ],
        null,
      ),
      row(
        'ppo.B32.T32.W2.rollout',
        [
          { baseline: null, current: 9000 },
          { baseline: null, current: 9000 },
        ],
        null,
      ),
    ]);
    expect(rows[1]?.versusOneProcess).toEqual({ ratio: 3, rounds: [3, 3] });
    expect(rows[0]?.versusOneProcess).toBeUndefined();
    expect(rows[2]?.versusOneProcess).toBeUndefined();
  });
});
