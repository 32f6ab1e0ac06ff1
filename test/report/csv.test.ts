import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvAppender, JsonlAppender, csvField, parseCsv, readJsonl, toCsv } from '../../src/report/csv.js';
import { ReportError } from '../../src/util/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'memgym-report-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('csvField', () => {
  it('quotes only fields that need it (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField(0.25)).toBe('0.25');
    expect(csvField(NaN)).toBe('NaN');
    expect(csvField(true)).toBe('true');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });
});

describe('toCsv', () => {
  it('writes a header and CRLF-terminated records, columns in first-seen order', () => {
    const csv = toCsv([
      { agent: 'ppo', acc: 0.9 },
      { agent: 'lru, v2', acc: 0.5, note: 'x' },
    ]);
    expect(csv).toBe('agent,acc,note\r\nppo,0.9,\r\n"lru, v2",0.5,x\r\n');
  });

  it('uses the given columns and round-trips through parseCsv', () => {
    const rows = [
      { a: 'q"uote', b: 'multi\r\nline', c: 1 },
      { a: '', b: null, c: false },
    ];
    const csv = toCsv(rows, ['c', 'a', 'b']);
    expect(parseCsv(csv)).toEqual([
      ['c', 'a', 'b'],
      ['1', 'q"uote', 'multi\r\nline'],
      ['false', '', ''],
    ]);
  });

  it('rejects non-scalar cells', () => {
    const bad = [{ a: [1, 2] as unknown as number }];
    expect(() => toCsv(bad)).toThrow(ReportError);
  });

  it('parseCsv accepts LF endings and a missing final newline, and rejects an open quote', () => {
    expect(parseCsv('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsv('x,\n')).toEqual([['x', '']]);
    expect(() => parseCsv('a,"b\n')).toThrow(/closing double quote/);
  });
});

describe('CsvAppender', () => {
  it('writes the header at once and each row immediately', () => {
    const path = join(dir, 'nested', 'deep', 'metrics.csv');
    const out = new CsvAppender(path, ['step', 'reward', 'agent']);
    expect(readFileSync(path, 'utf8')).toBe('step,reward,agent\r\n');
    out.append({ step: 1, reward: 0.5, agent: 'ppo' });
    expect(parseCsv(readFileSync(path, 'utf8'))).toEqual([
      ['step', 'reward', 'agent'],
      ['1', '0.5', 'ppo'],
    ]);
    out.appendAll([
      { step: 2, agent: 'a,b' },
      { step: 3, reward: 1 },
    ]);
    expect(out.rowCount).toBe(3);
    expect(parseCsv(readFileSync(path, 'utf8'))[2]).toEqual(['2', '', 'a,b']);
  });

  it('rejects unknown columns without writing anything', () => {
    const path = join(dir, 'unknown.csv');
    const out = new CsvAppender(path, ['a']);
    expect(() => out.appendAll([{ a: 1 }, { b: 2 }])).toThrow(/unknown column "b"/);
    expect(readFileSync(path, 'utf8')).toBe('a\r\n');
  });

  it('infers the header from the first row when no columns are given', () => {
    const path = join(dir, 'inferred.csv');
    const out = new CsvAppender(path);
    expect(readFileSync(path, 'utf8')).toBe('');
    out.append({ x: 1, y: 'two' });
    expect(out.columns).toEqual(['x', 'y']);
    expect(readFileSync(path, 'utf8')).toBe('x,y\r\n1,two\r\n');
  });

  it('truncates by default and resumes on request, dropping a half-written last row', () => {
    const path = join(dir, 'resume.csv');
    new CsvAppender(path, ['a', 'b']).append({ a: 1, b: 2 });
    appendFileSync(path, '2,"unfinish'); // an interrupted write
    const resumed = new CsvAppender(path, ['a', 'b'], { resume: true });
    expect(resumed.rowCount).toBe(1);
    resumed.append({ a: 3, b: 4 });
    expect(readFileSync(path, 'utf8')).toBe('a,b\r\n1,2\r\n3,4\r\n');
    expect(() => new CsvAppender(path, ['a', 'c'], { resume: true })).toThrow(/existing CSV header/);
    new CsvAppender(path, ['a', 'b']);
    expect(readFileSync(path, 'utf8')).toBe('a,b\r\n');
  });
});

describe('JsonlAppender', () => {
  it('writes one JSON value per line, typed arrays as arrays and NaN as null', () => {
    const path = join(dir, 'log', 'episodes.jsonl');
    const out = new JsonlAppender(path);
    out.append({ episode: 0, acc: 0.5, obs: Float32Array.of(1, 2) });
    out.append({ episode: 1, acc: NaN });
    expect(readFileSync(path, 'utf8')).toBe('{"episode":0,"acc":0.5,"obs":[1,2]}\n{"episode":1,"acc":null}\n');
    expect(readJsonl(path)).toEqual([
      { episode: 0, acc: 0.5, obs: [1, 2] },
      { episode: 1, acc: null },
    ]);
    expect(() => out.append(undefined)).toThrow(ReportError);
  });

  it('resumes after an interruption, dropping the partial last line', () => {
    const path = join(dir, 'resume.jsonl');
    new JsonlAppender(path).append({ a: 1 });
    appendFileSync(path, '{"a":');
    expect(readJsonl(path)).toEqual([{ a: 1 }]);
    const resumed = new JsonlAppender(path, { resume: true });
    expect(resumed.rowCount).toBe(1);
    resumed.append({ a: 2 });
    expect(readJsonl(path)).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('readJsonl rejects a malformed line in the middle', () => {
    const path = join(dir, 'bad.jsonl');
    new JsonlAppender(path);
    appendFileSync(path, '{"a":1}\nnot json\n{"a":2}\n');
    expect(() => readJsonl(path)).toThrow(/valid JSON on line 2/);
  });
});
