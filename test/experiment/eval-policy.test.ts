/** A saved learned agent acts as the evaluation policy says: sampled by default, greedy on request. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PpoAgent } from '../../agents/ppo.js';
import { buildAgent } from '../../src/experiment/agents.js';
import { DEFAULT_EVAL_POLICY } from '../../src/experiment/evaluate.js';
import { make } from '../../src/core/registry.js';
import { registerAll } from '../../envs/index.js';

registerAll();
const dir = mkdtempSync(join(tmpdir(), 'memgym-eval-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('evaluation policy of saved agents', () => {
  it('defaults to sampling', () => {
    expect(DEFAULT_EVAL_POLICY).toBe('sample');
  });

  it('builds a saved agent that samples by default and acts greedily with evalPolicy greedy', async () => {
    const env = make('memgym/Recall-Easy-v0', { reader: 'ideal' });
    const agent = new PpoAgent({ hyperparameters: { seed: 3 } });
    const { observation, info } = env.reset({ seed: 5 });
    await agent.act(observation, info); // builds the network for this env
    await agent.save(join(dir, 'a'));
    agent.dispose();
    const sampled = await buildAgent({ type: 'checkpoint', checkpoint: join(dir, 'a') });
    const greedy = await buildAgent({ type: 'checkpoint', checkpoint: join(dir, 'a') }, 'agent', { evalPolicy: 'greedy' });
    expect((sampled.agent as PpoAgent).deterministic).toBe(false);
    expect((greedy.agent as PpoAgent).deterministic).toBe(true);
    // Greedy acting repeats itself on the same observation; sampling from a near-uniform start does not.
    const g = new Set<number>();
    const s = new Set<number>();
    for (let i = 0; i < 20; i++) {
      g.add(await greedy.agent.act(observation, info));
      s.add(await sampled.agent.act(observation, info));
    }
    expect(g.size).toBe(1);
    expect(s.size).toBeGreaterThan(1);
    sampled.agent.dispose?.();
    greedy.agent.dispose?.();
  });
});
