/** The Parrot-style expert's decisions on hand-built states, and the `expert` hyperparameter. */
import { describe, expect, it } from 'vitest';
import { BcAgent } from '../../agents/bc.js';
import { DaggerAgent } from '../../agents/dagger.js';
import { oracleExpert } from '../../agents/oracle-imitation.js';
import { decideParrot } from '../../agents/parrot-expert.js';
import { ConfigError } from '../../src/util/errors.js';
import { actionName, buildObs, decisionNames, oracleInfoOf, type ObsSpec } from './fixed/build-obs.js';

const decide = decisionNames(decideParrot);

const full3: ObsSpec = { slots: [{ age: 1 }, { age: 2 }, { age: 3 }] };

describe('parrot expert decisions', () => {
  it('retrieves at a query outside the context and does nothing at one inside it', () => {
    expect(decide({ ...full3, isQuery: true }, { itemNextUse: -1, slotNextUse: [9, 12, 20], isQuery: true })).toBe('RETRIEVE');
    const inContext = { itemNextUse: -1, slotNextUse: [9, -1, 20], isQuery: true, supportInContext: true };
    expect(decide({ ...full3, isQuery: true }, inContext)).toBe('NOOP');
  });

  it('skips an item of a kind no query needs, but admits an unneeded item of a needed kind', () => {
    expect(decide(full3, { itemNextUse: -1, itemKindNeeded: false, slotNextUse: [9, 12, 20] })).toBe('NOOP');
    // The oracle would skip this never-queried fact; the parrot expert stores it over the farthest slot.
    expect(decide(full3, { itemNextUse: -1, slotNextUse: [9, 30, 20] })).toBe('STORE_1');
  });

  it('overwrites the dead slot most similar to the item (the fact it supersedes), then the least accessed', () => {
    const slots: ObsSpec = { slots: [{ sim: 0.1 }, { sim: 0.9 }, { sim: 0.2 }] };
    expect(decide(slots, { itemNextUse: 40, slotNextUse: [-1, -1, 30] })).toBe('STORE_1');
    const tied: ObsSpec = { slots: [{ count: 5 }, { count: 2 }, { count: 1 }] };
    expect(decide(tied, { itemNextUse: 40, slotNextUse: [-1, -1, 30] })).toBe('STORE_1');
  });

  it('fills a free slot when none is dead, else evicts the slot needed farthest ahead (ties: least accessed)', () => {
    expect(decide({ slots: [{ age: 4 }, null, null] }, { itemNextUse: 30, slotNextUse: [12, -1, -1] })).toBe('STORE_1');
    expect(decide(full3, { itemNextUse: 90, slotNextUse: [20, 50, 30] })).toBe('STORE_1');
    const tied: ObsSpec = { slots: [{ count: 3 }, { count: 3 }, { count: 1 }] };
    expect(decide(tied, { itemNextUse: 10, slotNextUse: [50, 20, 50] })).toBe('STORE_2');
  });
});

describe('the expert hyperparameter of bc and dagger', () => {
  it('defaults to the oracle and accepts "parrot"', () => {
    expect(new BcAgent().hyperparameters.expert).toBe('oracle');
    expect(new DaggerAgent({ hyperparameters: { expert: 'parrot' } }).hyperparameters.expert).toBe('parrot');
  });

  it('rejects an unknown expert with the allowed values', () => {
    expect(() => new DaggerAgent({ hyperparameters: { expert: 'belady' as 'oracle' } })).toThrow(ConfigError);
    expect(() => new DaggerAgent({ hyperparameters: { expert: 'belady' as 'oracle' } })).toThrow(/"oracle", "parrot".*belady/);
  });

  it('routes the labels to the chosen expert', () => {
    const obs = buildObs(full3);
    const info = oracleInfoOf({ itemNextUse: -1, slotNextUse: [9, 30, 20] });
    expect(actionName(obs, oracleExpert(obs, info, 'dagger'))).toBe('NOOP');
    expect(actionName(obs, oracleExpert(obs, info, 'dagger', 'parrot'))).toBe('STORE_1');
  });
});
