/**
 * A sweep as one comparison: without env kwargs every agent runs on the base env; with `env.` names each
 * trial's agent runs on its own env, with that env's random and oracle (the normalised score's ends) —
 * cells whose keys cover the env's kwargs.
 */
import { describe, expect, it } from 'vitest';
import { parseAgentSpec, specField } from '../../src/experiment/agents.js';
import type { CodeVersion } from '../../src/experiment/cell-key.js';
import { planCells } from '../../src/experiment/compare-cells.js';
import type { ComparePlan } from '../../src/experiment/compare.js';
import { mergeKwargs, sweepComparison } from '../../src/experiment/sweep-plan.js';
import { expandSweep } from '../../src/experiment/sweep.js';

const base = { type: 'ppo', hyperparameters: { numSteps: 16 } };
const env = { name: 'recall', id: 'memgym/Recall-Easy-v0', kwargs: { reader: 'ideal', relevance: { alpha: 2, beta: 3 } } };
const CODE: CodeVersion = { memgym: '0.0.0', source: 'abc', tfjs: '4.22.0', node: '20.0.0' };

function plan(layout: ReturnType<typeof sweepComparison>): ComparePlan {
  return {
    envs: layout.envs,
    agents: layout.agents.map((a, i) => parseAgentSpec(a, `agents[${i}]`)),
    seeds: [1, 2],
    training: { numEnvs: 2, totalTimesteps: 64 },
    evaluation: { episodes: 2, seed: 1000, numEnvs: 2 },
    slotSweep: [],
    ...(layout.envAgents === undefined ? {} : { envAgents: layout.envAgents }),
  };
}

describe('sweepComparison', () => {
  it('without env kwargs: the base env, one agent per point, random and oracle, every agent on it', () => {
    const layout = sweepComparison(expandSweep({ base, grid: { learningRate: [1, 2] } }), env);
    expect(layout.envs).toEqual([env]);
    expect(layout.agents.map((a) => (typeof a === 'string' ? a : a.name))).toEqual([
      'ppo learningRate=1',
      'ppo learningRate=2',
      'random',
      'oracle',
    ]);
    expect(layout.envAgents).toBeUndefined();
    expect(layout.pointRows).toEqual([
      { env: 'recall', agent: 'ppo learningRate=1' },
      { env: 'recall', agent: 'ppo learningRate=2' },
    ]);
  });

  it('a grid over an env kwarg: one env per value, the agents shared, each env with its own random and oracle', () => {
    const points = expandSweep({ base, grid: { learningRate: [1, 2], 'env.relevance.alpha': [0.5, 4] } });
    expect(points[1]?.name).toBe('ppo learningRate=1 env.relevance.alpha=4');
    expect(points[1]?.agent.name).toBe('ppo learningRate=1');
    expect(points[1]?.envKwargs).toEqual({ relevance: { alpha: 4 } });
    const layout = sweepComparison(points, env);
    expect(layout.envs).toEqual([
      { name: 'recall relevance.alpha=0.5', id: env.id, kwargs: { reader: 'ideal', relevance: { alpha: 0.5, beta: 3 } } },
      { name: 'recall relevance.alpha=4', id: env.id, kwargs: { reader: 'ideal', relevance: { alpha: 4, beta: 3 } } },
    ]);
    expect(layout.agents).toHaveLength(4);
    expect(layout.envAgents).toEqual([
      [0, 1, 2, 3],
      [0, 1, 2, 3],
    ]);
    expect(layout.pointRows.map((r) => r.env)).toEqual([
      'recall relevance.alpha=0.5',
      'recall relevance.alpha=4',
      'recall relevance.alpha=0.5',
      'recall relevance.alpha=4',
    ]);
  });

  it('random draws over env kwargs and hyperparameters: each env runs only its own trials (and its references)', () => {
    const points = expandSweep({
      base,
      random: { samples: 3, seed: 1, space: { learningRate: { uniform: [1, 2] }, 'env.slotCost': { uniform: [0, 1] } } },
    });
    const layout = sweepComparison(points, env);
    expect(layout.envs).toHaveLength(3);
    expect(layout.agents).toHaveLength(5);
    expect(layout.envAgents).toEqual([
      [0, 3, 4],
      [1, 3, 4],
      [2, 3, 4],
    ]);
    const cells = planCells(plan(layout), { outDir: '/tmp/nowhere', backend: 'wasm', code: CODE });
    expect(cells).toHaveLength(3 * 2 * 3);
    // the random and oracle cells of each env have that env's kwargs, so each trial is normalised on its task
    layout.envs.forEach((e, i) => {
      const onEnv = cells.filter((c) => c.envIndex === i);
      expect(new Set(onEnv.map((c) => c.spec.name ?? specField(c.spec, 'policy')))).toEqual(
        new Set([String(points[i]?.agent.name), 'random', 'oracle']),
      );
      expect(e.kwargs.slotCost).toBe(points[i]?.envKwargs.slotCost);
      for (const c of onEnv) expect(c.env.kwargs.slotCost).toBe(e.kwargs.slotCost);
    });
    // and keys of their own: the same reference agent on another env is another cell
    const oracleKeys = cells.filter((c) => specField(c.spec, 'policy') === 'oracle').map((c) => c.key);
    expect(new Set(oracleKeys).size).toBe(oracleKeys.length);
  });

  it('tells entries apart by their values, not their rounded labels', () => {
    const points = expandSweep({ base, grid: { learningRate: [0.00123451, 0.00123452], 'env.slotCost': [0.0100001, 0.0100002] } });
    expect(new Set(points.map((p) => p.agent.name)).size).toBe(1); // the labels round alike
    const layout = sweepComparison(points, env);
    expect(layout.envs.map((e) => [e.name, e.kwargs.slotCost])).toEqual([
      ['recall slotCost=0.01', 0.0100001],
      ['recall slotCost=0.01 #2', 0.0100002],
    ]);
    expect(layout.agents.slice(0, 2)).toEqual([
      { ...base, name: 'ppo learningRate=0.001235', hyperparameters: { numSteps: 16, learningRate: 0.00123451 } },
      { ...base, name: 'ppo learningRate=0.001235 #2', hyperparameters: { numSteps: 16, learningRate: 0.00123452 } },
    ]);
    expect(layout.pointRows[3]).toEqual({ env: 'recall slotCost=0.01 #2', agent: 'ppo learningRate=0.001235 #2' });
  });

  it('keeps the cells of a sweep without env kwargs as they were (every agent on the env)', () => {
    const layout = sweepComparison(expandSweep({ base, grid: { learningRate: [1, 2] } }), env);
    expect(planCells(plan(layout), { outDir: '/tmp/nowhere', backend: 'wasm', code: CODE })).toHaveLength(2 * 4);
  });
});

describe('mergeKwargs', () => {
  it('merges nested objects key by key and replaces everything else', () => {
    expect(mergeKwargs({ a: 1, r: { x: 1, y: 2 }, l: [1] }, { r: { y: 3 }, l: [2], b: 2 })).toEqual({
      a: 1,
      r: { x: 1, y: 3 },
      l: [2],
      b: 2,
    });
  });
});
