/**
 * Reading a JSON config file: a missing or unreadable file, or malformed JSON (with line, column and the
 * parser's message), is a `ConfigError`.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from './errors.js';

/** The parsed JSON of `file` (a leading BOM is ignored); `ConfigError` when it cannot be read or parsed. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message;
    throw new ConfigError('', `cannot read config file ${file}: ${reason}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const pos = jsonErrorPosition(text, message);
    const where = pos === undefined ? '' : ` at line ${lineCol(text, pos).line} column ${lineCol(text, pos).column} (position ${pos})`;
    throw new ConfigError('', `malformed JSON in ${file}${where}: ${message}`);
  }
}

/** The parser's character offset of a JSON error; located by bisection when the message lacks it. */
function jsonErrorPosition(text: string, message: string): number | undefined {
  const m = /at position (\d+)/.exec(message);
  if (m) return Number(m[1]);
  if (message.startsWith('Unexpected end')) return text.length;
  if (!message.startsWith('Unexpected token')) return undefined;
  // The smallest prefix that already fails with "Unexpected token" ends just after the bad character.
  const failsOnToken = (len: number): boolean => {
    try {
      JSON.parse(text.slice(0, len));
      return false;
    } catch (e) {
      return (e as Error).message.startsWith('Unexpected token');
    }
  };
  let lo = 1;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (failsOnToken(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo - 1;
}

function lineCol(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: pos - start + 1 };
}
