/**
 * Every fixed policy on a few seeded episodes of each recall preset (IdealReader, built with the env
 * options the policy requires): no masked action is ever selected, and each policy uses only the ops its
 * documentation says. One file for all policies, so the env family is imported once.
 */
import { describe, expect, it } from 'vitest';
import { ActionLayout } from '../../../envs/common/actions.js';
import { buildTask } from '../../../envs/common/family.js';
import { PRESET_NAMES } from '../../../envs/common/preset.js';
import { MemoryEnv } from '../../../envs/common/memory-env.js';
import { argminRelevance } from '../../../src/memory/relevance.js';
import { RECALL_FAMILY } from '../../../envs/recall/index.js';
import { FIXED_POLICY_NAMES, makeFixedPolicy, type FixedPolicyName } from '../../../agents/fixed/index.js';
import { isQueryItem, firstFreeSlot } from '../../../agents/fixed/slots.js';

/** What {@link runPresets} saw. */
interface RunSummary {
  steps: number;
  /** Steps whose action the observation's mask forbade (must be 0). */
  masked: number;
  /** How often each op was chosen. */
  ops: Record<string, number>;
}

/**
 * Plays `seeds` episodes of every recall preset with the policy (fresh agent per preset; env kwargs
 * `{ reader: 'ideal', preset, ...agent.requiredEnvOptions }`, i.e. privileged for the oracle and
 * writeMode 'soft' for soft-write). The env also throws InvalidActionError on a masked action.
 */
function runPresets(name: FixedPolicyName, seeds: readonly number[] = [0, 1]): RunSummary {
  const summary: RunSummary = { steps: 0, masked: 0, ops: {} };
  for (const preset of PRESET_NAMES) {
    const agent = makeFixedPolicy(name);
    const env = new MemoryEnv(buildTask(RECALL_FAMILY, { reader: 'ideal', preset, ...agent.requiredEnvOptions }));
    const layout = new ActionLayout(env.task.mechanics.maxSlots);
    for (const seed of seeds) {
      let { observation, info } = env.reset({ seed });
      for (;;) {
        const action = agent.act(observation, info);
        summary.steps += 1;
        if (observation.actionMask[action] !== 1) summary.masked += 1;
        const op = layout.decode(action).op;
        summary.ops[op] = (summary.ops[op] ?? 0) + 1;
        const r = env.step(action);
        observation = r.observation;
        info = r.info;
        if (r.terminated || r.truncated) break;
      }
    }
  }
  return summary;
}

/** The ops each policy may use (by its documentation). */
const ALLOWED_OPS: Record<FixedPolicyName, readonly string[]> = {
  'never-store': ['NOOP'],
  random: ['NOOP', 'RETRIEVE', 'STORE_AUTO', 'STORE', 'FORGET', 'GROW', 'SHRINK'],
  fifo: ['RETRIEVE', 'STORE'],
  lru: ['RETRIEVE', 'STORE'],
  lfu: ['RETRIEVE', 'STORE'],
  decay: ['NOOP', 'RETRIEVE', 'STORE'],
  relevance: ['RETRIEVE', 'STORE'],
  'key-count': ['NOOP', 'RETRIEVE', 'STORE'],
  'soft-write': ['RETRIEVE', 'STORE_AUTO'],
  oracle: ['NOOP', 'RETRIEVE', 'STORE', 'FORGET'],
};

describe('fixed policies on the recall presets', () => {
  for (const name of FIXED_POLICY_NAMES) {
    it(`${name} never selects a masked action and uses only its documented ops`, () => {
      const run = runPresets(name);
      expect(run.steps).toBeGreaterThan(1000);
      expect(run.masked).toBe(0);
      for (const op of Object.keys(run.ops)) expect(ALLOWED_OPS[name]).toContain(op);
    });
  }

  it('random uses every kind of op, including GROW, SHRINK and FORGET', () => {
    const run = runPresets('random', [0]);
    expect(Object.keys(run.ops).sort()).toEqual([...ALLOWED_OPS.random].sort());
  });

  it("relevance with the env's weights evicts the same slot as the env's STORE_AUTO", () => {
    // The env's relevance is α = β = γ = 1 (proportional to the policy's default 1/3 each).
    const agent = makeFixedPolicy('relevance');
    const env = new MemoryEnv(buildTask(RECALL_FAMILY, { reader: 'ideal', preset: 'easy' }));
    let compared = 0;
    for (const seed of [0, 1]) {
      let { observation, info } = env.reset({ seed });
      for (;;) {
        const action = agent.act(observation, info);
        if (!isQueryItem(observation) && firstFreeSlot(observation) < 0) {
          const state = env.state;
          const d = state.bank.dim;
          const readKey = (state.enc as NonNullable<typeof state.enc>).readKeys.subarray(state.t * d, (state.t + 1) * d);
          const victim = argminRelevance(state.bank, readKey, env.task.mechanics.relevance);
          expect(state.layout.name(action)).toBe(`STORE_${victim}`);
          compared += 1;
        }
        const r = env.step(action);
        observation = r.observation;
        info = r.info;
        if (r.terminated) break;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});
