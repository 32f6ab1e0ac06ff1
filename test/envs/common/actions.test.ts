import { describe, expect, it } from 'vitest';
import { ActionLayout, numActions } from '../../../envs/common/actions.js';
import { InvalidActionError } from '../../../src/util/errors.js';

describe('ActionLayout', () => {
  const layout = new ActionLayout(4);

  it('has 3 + 2S + 2 actions in the documented order', () => {
    expect(numActions(4)).toBe(13);
    expect(layout.n).toBe(13);
    const names = Array.from({ length: 13 }, (_, i) => layout.name(i));
    expect(names).toEqual([
      'NOOP',
      'RETRIEVE',
      'STORE_AUTO',
      'STORE_0',
      'STORE_1',
      'STORE_2',
      'STORE_3',
      'FORGET_0',
      'FORGET_1',
      'FORGET_2',
      'FORGET_3',
      'GROW',
      'SHRINK',
    ]);
  });

  it('encode and decode are inverse', () => {
    for (let i = 0; i < layout.n; i++) expect(layout.encode(layout.decode(i))).toBe(i);
  });

  it('rejects out-of-range indices and slots with a clear message', () => {
    expect(() => layout.decode(14)).toThrow(InvalidActionError);
    expect(() => layout.decode(14)).toThrow('expected an integer in [0, 13), got 14');
    expect(() => layout.decode(1.5)).toThrow(InvalidActionError);
    expect(() => layout.encode({ op: 'STORE', slot: 4 })).toThrow('expected an integer in [0, 4), got 4');
    expect(() => layout.encode({ op: 'FORGET' })).toThrow(InvalidActionError);
  });
});
