/** Learner entries: the imitation learners and PPO's `init` (a bc/dagger learner or a saved agent). */
import { describe, expect, it } from 'vitest';
import { buildAgent, checkAgentSpec, LEARNER_TYPES, parseAgentSpec } from '../../src/experiment/agents.js';
import { ConfigError } from '../../src/util/errors.js';

describe('learner entries', () => {
  it('bc and dagger are learners, by name or object', async () => {
    expect(LEARNER_TYPES).toEqual(expect.arrayContaining(['bc', 'dagger']));
    expect(parseAgentSpec('bc')).toEqual({ type: 'bc' });
    expect(parseAgentSpec({ type: 'dagger', hyperparameters: { iterations: 4, betaDecay: 0.7 } })).toMatchObject({ type: 'dagger' });
    const built = await buildAgent({ type: 'dagger', hyperparameters: { iterations: 4 } });
    expect(built).toMatchObject({ label: 'dagger', learner: true, envKwargs: {} }); // evaluated on the plain env
    built.agent.dispose?.();
    await expect(checkAgentSpec({ type: 'bc', hyperparameters: { epochs: 0 } })).rejects.toThrow(
      'config agent.hyperparameters.epochs: expected a positive integer, got 0',
    );
  });

  it('rolloutWorkers: a positive integer, on policy-gradient learners only, passed to the learner', async () => {
    const spec = parseAgentSpec({ type: 'a2c', rolloutWorkers: 2 });
    expect(spec).toEqual({ type: 'a2c', rolloutWorkers: 2 });
    const built = await buildAgent(spec);
    expect(built.agent).toMatchObject({ rolloutWorkers: 2 });
    built.agent.dispose?.();
    expect(() => parseAgentSpec({ type: 'ppo', rolloutWorkers: 0 })).toThrow(ConfigError);
    expect(() => parseAgentSpec({ type: 'ppo', rolloutWorkers: 1.5 })).toThrow(/rolloutWorkers/);
    expect(() => parseAgentSpec({ type: 'dagger', rolloutWorkers: 2 })).toThrow(/rolloutWorkers only on a policy-gradient learner/);
  });

  it('rolloutOverlap: a boolean, on ppo only (a2c and reinforce have no importance ratio), passed to the learner', async () => {
    const spec = parseAgentSpec({ type: 'ppo', rolloutWorkers: 1, rolloutOverlap: true });
    expect(spec).toEqual({ type: 'ppo', rolloutWorkers: 1, rolloutOverlap: true });
    const built = await buildAgent(spec);
    expect(built.agent).toMatchObject({ rolloutWorkers: 1, rolloutOverlap: true });
    built.agent.dispose?.();
    expect(() => parseAgentSpec({ type: 'ppo', rolloutOverlap: 'yes' })).toThrow(/rolloutOverlap/);
    for (const type of ['a2c', 'reinforce']) {
      expect(() => parseAgentSpec({ type, rolloutOverlap: true })).toThrow(ConfigError);
      expect(() => parseAgentSpec({ type, rolloutOverlap: true })).toThrow(
        new RegExp(`rolloutOverlap only on ppo .*got type "${type}" \\(no importance ratio`),
      );
    }
    expect(() => parseAgentSpec({ type: 'bc', rolloutOverlap: true })).toThrow('expected rolloutOverlap only on ppo, got type "bc"');
  });

  it('init: an imitation learner or a saved agent, on policy-gradient learners only', async () => {
    expect(parseAgentSpec({ type: 'ppo', init: 'dagger', initTimesteps: 1024 })).toEqual({
      type: 'ppo',
      init: 'dagger',
      initTimesteps: 1024,
    });
    expect(parseAgentSpec({ type: 'ppo', init: 'runs/x/agent' }, 'agents[0]', '/base')).toEqual({
      type: 'ppo',
      init: '/base/runs/x/agent',
    });
    expect(() => parseAgentSpec({ type: 'dagger', init: 'bc' }, 'agents[1]')).toThrow(
      'config agents[1].init: expected init only on a policy-gradient learner',
    );
    expect(() => parseAgentSpec({ type: 'ppo', initTimesteps: 5 })).toThrow(ConfigError);
    expect(() => parseAgentSpec({ type: 'ppo', initHyperparameters: { expert: 'parrot' } })).toThrow(
      /initHyperparameters: expected it with init/,
    );
    expect(() => parseAgentSpec({ type: 'ppo', init: 'runs/x/agent', initHyperparameters: {} })).toThrow(/only with init "bc" or "dagger"/);
    expect(() => parseAgentSpec({ type: 'bc', initHyperparameters: {} })).toThrow(/initHyperparameters only on a policy-gradient/);
    await expect(
      checkAgentSpec({ type: 'ppo', init: 'dagger', initHyperparameters: { expert: 'parrot' } }, 'agents[0]'),
    ).resolves.toBeUndefined();
    await expect(checkAgentSpec({ type: 'ppo', init: 'dagger', initHyperparameters: { expert: 'belady' } }, 'agents[0]')).rejects.toThrow(
      /^config agents\[0\]\.initHyperparameters: expert: expected one of "oracle", "parrot", "key-count", got "belady"/,
    );
    expect(() => parseAgentSpec({ type: 'ppo', init: 'runs/x/agent', initTimesteps: 5 })).toThrow(/only with init "bc" or "dagger"/);
    await expect(checkAgentSpec({ type: 'ppo', init: '/nonexistent/agent' }, 'agents[0]')).rejects.toThrow(
      /^config agents\[0\]\.init: expected a readable agent checkpoint at \/nonexistent\/agent\/agent\.json/,
    );
  });
});
