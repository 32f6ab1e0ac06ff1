import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { actBatch, assertAgent, loadAgentModule, type Agent } from '../../src/rl/agent.js';
import { AgentError } from '../../src/util/errors.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

describe('loadAgentModule', () => {
  it('instantiates a class default export with the options and names it after the class', async () => {
    const agent = await loadAgentModule(join(fixtures, 'class-agent.ts'), { options: { k: 1 } });
    expect(agent.name).toBe('AlwaysNoop');
    expect(agent.act({}, {})).toBe(0);
    expect((agent as unknown as { options: unknown }).options).toEqual({ k: 1 });
  });

  it('calls an async factory, resolves relative paths against cwd, and reads named exports', async () => {
    const agent = await loadAgentModule('factory-agent.ts', { cwd: fixtures, options: { action: 3 } });
    expect(agent.name).toBe('factory');
    expect(agent.act(null, {})).toBe(3);
    const ready = await loadAgentModule(join(fixtures, 'factory-agent.ts'), { exportName: 'ready' });
    expect(ready.act(null, {})).toBe(2);
  });

  it('says which method is missing', async () => {
    await expect(loadAgentModule(join(fixtures, 'no-act-agent.ts'))).rejects.toThrow(AgentError);
    await expect(loadAgentModule(join(fixtures, 'no-act-agent.ts'))).rejects.toThrow(/missing method act\(observation, info\)/);
    await expect(loadAgentModule(join(fixtures, 'bad-save-agent.ts'))).rejects.toThrow(/save must be a method, got "nope"/);
  });

  it('reports a missing export with the exports it found', async () => {
    await expect(loadAgentModule(join(fixtures, 'named-only-agent.ts'))).rejects.toThrow(
      /expected an export "default".*got exports: agent/,
    );
  });

  it('reports a module that cannot be imported', async () => {
    await expect(loadAgentModule(join(fixtures, 'does-not-exist.ts'))).rejects.toThrow(/cannot import agent module/);
    await expect(loadAgentModule('')).rejects.toThrow(AgentError);
  });
});

describe('assertAgent / actBatch', () => {
  it('checks the name', () => {
    expect(() => assertAgent({ act: () => 0 })).toThrow(/missing property name/);
    expect(() => assertAgent(42)).toThrow(/expected an object implementing Agent, got 42/);
  });

  it('falls back to act per observation', () => {
    const agent: Agent<number> = { name: 'double', act: (o) => o * 2 };
    expect(Array.from(actBatch(agent, [1, 2, 3], [{}, {}, {}]))).toEqual([2, 4, 6]);
    const batched: Agent<number> = { ...agent, actBatch: (obs) => Int32Array.from(obs, () => 7) };
    expect(Array.from(actBatch(batched, [1, 2], [{}, {}]))).toEqual([7, 7]);
  });
});
