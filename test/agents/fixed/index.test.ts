import { describe, expect, it } from 'vitest';
import { FIXED_POLICIES, FIXED_POLICY_NAMES, isFixedPolicyName, makeFixedPolicy } from '../../../agents/fixed/index.js';
import { assertAgent } from '../../../src/rl/agent.js';
import { AgentError, ConfigError } from '../../../src/util/errors.js';

describe('the fixed-policy registry', () => {
  it('lists the nine policies in report order, each registered under its own name', () => {
    expect(FIXED_POLICY_NAMES).toEqual([
      'never-store',
      'random',
      'fifo',
      'lru',
      'lfu',
      'decay',
      'relevance',
      'key-count',
      'soft-write',
      'oracle',
    ]);
    for (const name of FIXED_POLICY_NAMES) {
      expect(FIXED_POLICIES[name].name).toBe(name);
      expect(FIXED_POLICIES[name].description.length).toBeGreaterThan(10);
      expect(isFixedPolicyName(name)).toBe(true);
    }
    expect(isFixedPolicyName('ppo')).toBe(false);
    expect(isFixedPolicyName('toString')).toBe(false);
  });

  it('builds agents that implement the Agent interface, with default params', () => {
    for (const name of FIXED_POLICY_NAMES) {
      const agent = makeFixedPolicy(name);
      assertAgent(agent, name);
      expect(agent.name).toBe(name);
    }
    expect(makeFixedPolicy('decay').params).toEqual({ lambda: 0.8, threshold: 0.05, refresh: false });
    expect(makeFixedPolicy('relevance').params).toEqual({ alpha: 1 / 3, beta: 1 / 3, gamma: 1 / 3, recency: 'inverse', tau: 10 });
    expect(makeFixedPolicy('random').params).toEqual({ seed: 0 });
    expect(makeFixedPolicy('fifo').params).toEqual({});
  });

  it('declares the env options a policy needs', () => {
    const needs = Object.fromEntries(FIXED_POLICY_NAMES.map((n) => [n, makeFixedPolicy(n).requiredEnvOptions]));
    expect(needs).toEqual({
      'never-store': {},
      random: {},
      fifo: {},
      lru: {},
      lfu: {},
      'key-count': {},
      decay: {},
      relevance: {},
      'soft-write': { writeMode: 'soft' },
      oracle: { privileged: true },
    });
  });

  it('rejects an unknown name with AgentError, suggesting the closest', () => {
    expect(() => makeFixedPolicy('lruu')).toThrow(AgentError);
    expect(() => makeFixedPolicy('lruu')).toThrow(/unknown fixed policy "lruu"; did you mean "lru"\?/);
    expect(() => makeFixedPolicy('softwrite')).toThrow(/did you mean "soft-write"\?/);
    expect(() => makeFixedPolicy('Oracle')).toThrow(/did you mean "oracle"\?/);
    let message = '';
    try {
      makeFixedPolicy('zzzzzzzzzz');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).not.toMatch(/did you mean/);
    expect(message).toContain('expected one of never-store, random, fifo, lru, lfu, decay, relevance, key-count, soft-write, oracle');
  });

  it('rejects bad and unknown params with ConfigError', () => {
    expect(() => makeFixedPolicy('decay', { lambda: 2 })).toThrow(ConfigError);
    expect(() => makeFixedPolicy('decay', { lambda: 2 })).toThrow('config decay.lambda: expected a number in [0, 1], got 2');
    expect(() => makeFixedPolicy('decay', { threshold: 0 })).toThrow(/decay\.threshold: expected a number in \(0, 1\]/);
    expect(() => makeFixedPolicy('decay', { lamda: 0.5 })).toThrow(/decay\.lamda: unknown key "lamda"; did you mean "lambda"\?/);
    expect(() => makeFixedPolicy('decay', { refresh: 'yes' })).toThrow(ConfigError);
    expect(() => makeFixedPolicy('fifo', { k: 1 })).toThrow(/fifo\.k: unknown key "k"/);
    expect(() => makeFixedPolicy('random', { seed: 1.5 })).toThrow(/random\.seed: expected an integer/);
    expect(() => makeFixedPolicy('relevance', { recency: 'exp' })).toThrow(/relevance\.recency: expected one of "inverse", "exponential"/);
    expect(() => makeFixedPolicy('relevance', { tau: 0 })).toThrow(ConfigError);
    expect(() => makeFixedPolicy('relevance', { alpha: '1' })).toThrow(/relevance\.alpha: expected a number, got string "1"/);
  });

  it('names an agent by its policy and non-default params', () => {
    expect(makeFixedPolicy('decay', { lambda: 0.5 }).name).toBe('decay(lambda=0.5)');
    expect(makeFixedPolicy('decay', { lambda: 0.8 }).name).toBe('decay');
    expect(makeFixedPolicy('decay', { refresh: true, lambda: 0.5 }).name).toBe('decay(lambda=0.5,refresh=true)');
    expect(makeFixedPolicy('decay', { episodeLength: 200 }).name).toBe('decay');
    expect(makeFixedPolicy('relevance', { alpha: 1, beta: 0, gamma: 0 }).name).toBe('relevance(alpha=1,beta=0,gamma=0)');
    expect(makeFixedPolicy('relevance', { recency: 'exponential' }).name).toBe('relevance(recency=exponential)');
    expect(makeFixedPolicy('random', { seed: 3 }).name).toBe('random');
  });
});
