import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../src/report/format.js';
import { formatMeanCi, formatTable } from '../../src/report/table.js';
import { ReportError } from '../../src/util/errors.js';

describe('formatTable', () => {
  it('aligns text left and numbers right, without trailing spaces', () => {
    const out = formatTable(
      ['agent', 'acc', 'episodes'],
      [
        ['ppo', 0.91234, 100],
        ['random-long', 0.2, 5],
      ],
    );
    expect(out).toBe(
      ['agent          acc  episodes', '-----------  -----  --------', 'ppo          0.912       100', 'random-long  0.200         5'].join(
        '\n',
      ),
    );
  });

  it('honours explicit alignment and flattens newlines', () => {
    const out = formatTable(['a', 'b'], [['x\ny', 'mid']], { align: ['right', 'center'] });
    expect(out.split('\n')[2]).toBe('x y  mid');
    expect(formatTable(['a', 'b'], [['1', '2345']], { align: ['left', 'center'] }).split('\n')[0]).toBe('a   b');
    expect(() => formatTable(['a'], [], { align: ['left', 'right'] })).toThrow(ReportError);
  });
});

describe('formatMeanCi', () => {
  it('prints mean ± half-width', () => {
    expect(formatMeanCi(0.5123, 0.0311, 3)).toBe('0.512 ± 0.031');
    expect(formatMeanCi(12, 1.5, 1)).toBe('12.0 ± 1.5');
    expect(formatMeanCi(0.5, NaN)).toBe('0.500 ± n/a');
    expect(formatMeanCi(NaN, 0.1)).toBe('n/a');
  });
});

describe('formatNumber', () => {
  it('formats integers, decimals, tiny values and non-finite values', () => {
    expect(formatNumber(42)).toBe('42');
    expect(formatNumber(0.12345)).toBe('0.123');
    expect(formatNumber(0.000015, 3)).toBe('1.50e-5');
    expect(formatNumber(NaN)).toBe('n/a');
    expect(formatNumber(-Infinity)).toBe('-∞');
  });
});
