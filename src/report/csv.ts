/**
 * CSV (RFC 4180) and JSON-lines output. The appenders write each row with `appendFileSync` as soon as it
 * is finished, so an interrupted run keeps every completed row on disk.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ReportError, describeValue } from '../util/errors.js';

/** A CSV cell: `null` and `undefined` become empty fields. */
export type CsvValue = string | number | boolean | null | undefined;

/** One CSV row, keyed by column name. */
export type CsvRow = Readonly<Record<string, CsvValue>>;

/** Line terminator: RFC 4180 says CRLF; every reader we care about also accepts it. */
const EOL = '\r\n';

/**
 * One field, quoted when it holds a comma, a double quote, CR or LF, or leading/trailing whitespace
 * (which some readers would trim); quotes inside are doubled. Numbers use `String(n)` (`NaN`, `Infinity`
 * included), booleans `true`/`false`.
 */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'string' ? value : String(value);
  if (/[",\r\n]/.test(s) || /^\s|\s$/.test(s)) return `"${s.replace(/"/g, '""')}"`;
  return s;
}

/** One CSV record (no terminator). */
function csvLine(cells: readonly CsvValue[]): string {
  return cells.map(csvField).join(',');
}

/** Column names in first-seen order over all rows. */
function inferColumns(rows: readonly CsvRow[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

function checkCell(column: string, value: unknown): void {
  const t = typeof value;
  if (value === null || value === undefined || t === 'string' || t === 'number' || t === 'boolean') return;
  throw new ReportError(`expected a string, number, boolean or null in CSV column "${column}", got ${describeValue(value)}`);
}

/**
 * A CSV document with a header line and one record per row, each line ending in CRLF.
 * `columns` defaults to every key of every row in first-seen order; missing cells are empty.
 */
export function toCsv(rows: readonly CsvRow[], columns?: readonly string[]): string {
  const cols = columns ?? inferColumns(rows);
  let out = csvLine(cols) + EOL;
  for (const row of rows) {
    out +=
      csvLine(
        cols.map((c) => {
          const v = row[c];
          checkCell(c, v);
          return v;
        }),
      ) + EOL;
  }
  return out;
}

/**
 * Parses RFC 4180 text into records of fields (CRLF or LF line ends; a final line end is optional).
 * Used to read back what {@link toCsv} / {@link CsvAppender} wrote.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let fieldStarted = false;
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      fieldStarted = true;
    } else if (ch === ',') {
      record.push(field);
      field = '';
      fieldStarted = true;
    } else if (ch === '\r' || ch === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      fieldStarted = false;
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else {
      field += ch;
      fieldStarted = true;
    }
    i++;
  }
  if (quoted) throw new ReportError('expected a closing double quote in CSV text, got end of input');
  if (fieldStarted || field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** Options for {@link CsvAppender} and {@link JsonlAppender}. */
export interface AppenderOptions {
  /**
   * Keep an existing file and append to it (resuming an interrupted run). For CSV the existing header
   * must equal `columns`, else `ReportError`. Default false: the file is truncated.
   */
  resume?: boolean;
}

function ensureDir(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
}

/**
 * Writes a CSV file row by row: the header goes out on construction (or with the first row when
 * `columns` is omitted, which then takes that row's keys), each `append` goes straight to disk.
 */
export class CsvAppender {
  /** The file being written. */
  readonly path: string;
  private cols: string[] | undefined;
  private count = 0;

  constructor(path: string, columns?: readonly string[], opts: AppenderOptions = {}) {
    this.path = path;
    this.cols = columns ? [...columns] : undefined;
    if (columns && new Set(columns).size !== columns.length) {
      throw new ReportError(`expected distinct CSV column names, got ${columns.join(', ')}`);
    }
    ensureDir(path);
    if (opts.resume && existsSync(path)) {
      const existing = readCompleteCsv(path);
      const header = existing[0];
      if (header) {
        if (this.cols && header.join('\u0000') !== this.cols.join('\u0000')) {
          throw new ReportError(`expected the existing CSV header of ${path} to be [${this.cols.join(', ')}], got [${header.join(', ')}]`);
        }
        this.cols = header;
        this.count = existing.length - 1;
        return;
      }
    }
    writeFileSync(path, this.cols ? csvLine(this.cols) + EOL : '');
  }

  /** The header (undefined until known). */
  get columns(): readonly string[] | undefined {
    return this.cols;
  }

  /** Rows in the file, including those found when resuming. */
  get rowCount(): number {
    return this.count;
  }

  /** Appends one row. Throws `ReportError` for a key that is not a column or a non-scalar cell. */
  append(row: CsvRow): void {
    this.appendAll([row]);
  }

  /** Appends several rows in one write (all are checked before anything is written). */
  appendAll(rows: readonly CsvRow[]): void {
    const first = rows[0];
    if (!first) return;
    let out = '';
    if (!this.cols) {
      this.cols = Object.keys(first);
      out += csvLine(this.cols) + EOL;
    }
    const cols = this.cols;
    for (const row of rows) {
      for (const key of Object.keys(row)) {
        if (!cols.includes(key)) {
          throw new ReportError(`expected a row with columns among [${cols.join(', ')}], got unknown column "${key}"`);
        }
      }
      const cells = cols.map((c) => {
        const v = row[c];
        checkCell(c, v);
        return v;
      });
      out += csvLine(cells) + EOL;
    }
    appendFileSync(this.path, out);
    this.count += rows.length;
  }
}

/**
 * Cuts an incomplete last line (left by an interrupted write) from `path` and returns the text kept.
 * `isComplete` says whether a prefix ending in a line break parses.
 */
function truncateIncompleteTail(path: string, isComplete: (text: string) => boolean): string {
  const text = readFileSync(path, 'utf8');
  let end = text.length;
  while (end > 0 && !(text[end - 1] === '\n' && isComplete(text.slice(0, end)))) {
    end = text.lastIndexOf('\n', end - 2) + 1;
  }
  if (end !== text.length) writeFileSync(path, text.slice(0, end));
  return text.slice(0, end);
}

function csvParses(text: string): boolean {
  try {
    parseCsv(text);
    return true;
  } catch {
    return false;
  }
}

/** Records of a CSV file after dropping an incomplete last record. */
function readCompleteCsv(path: string): string[][] {
  return parseCsv(truncateIncompleteTail(path, csvParses));
}

/** JSON replacer: typed arrays become plain arrays, non-finite numbers become null (JSON's own rule). */
function jsonReplacer(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number>);
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** Writes JSON lines (one JSON value per line), each `append` straight to disk. */
export class JsonlAppender {
  /** The file being written. */
  readonly path: string;
  private count = 0;

  constructor(path: string, opts: AppenderOptions = {}) {
    this.path = path;
    ensureDir(path);
    if (opts.resume && existsSync(path)) {
      truncateIncompleteTail(path, () => true);
      this.count = readJsonl(path).length;
    } else {
      writeFileSync(path, '');
    }
  }

  /** Records in the file, including those found when resuming. */
  get rowCount(): number {
    return this.count;
  }

  /** Appends one record. Typed arrays are written as arrays; NaN and ±Infinity as null. */
  append(record: unknown): void {
    const line = JSON.stringify(record, jsonReplacer);
    if (line === undefined) throw new ReportError(`expected a JSON-serialisable record, got ${describeValue(record)}`);
    appendFileSync(this.path, line + '\n');
    this.count++;
  }
}

/**
 * Reads a JSON-lines file. A last line cut short by an interruption is skipped; any other malformed
 * line throws `ReportError`.
 */
export function readJsonl(path: string): unknown[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const out: unknown[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      const isLast = lines.slice(i + 1).every((l) => l.trim() === '');
      if (isLast) break;
      throw new ReportError(`expected valid JSON on line ${i + 1} of ${path}, got ${JSON.stringify(line.slice(0, 40))}`);
    }
  }
  return out;
}
