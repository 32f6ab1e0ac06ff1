/** Test helper: the fenced code blocks of the README outside its "Results" section (tables of numbers). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ReadmeBlock {
  /** The fence's language (`ts`, `sh`, `json`, or '' for none). */
  lang: string;
  code: string;
  /** The `##`/`###` heading the block is under. */
  heading: string;
}

/** The README's code blocks, in order, except those of `## Results`. */
export function readmeBlocks(root: string): ReadmeBlock[] {
  const text = readFileSync(join(root, 'README.md'), 'utf8');
  const blocks: ReadmeBlock[] = [];
  let heading = '';
  let section = '';
  let open: { lang: string; lines: string[] } | undefined;
  for (const line of text.split('\n')) {
    if (open) {
      if (line.startsWith('```')) {
        if (section !== 'Results') blocks.push({ lang: open.lang, code: `${open.lines.join('\n')}\n`, heading });
        open = undefined;
      } else {
        open.lines.push(line);
      }
      continue;
    }
    const fence = /^```(\w*)/.exec(line);
    if (fence) {
      open = { lang: fence[1] ?? '', lines: [] };
    } else if (line.startsWith('## ')) {
      section = line.slice(3).trim();
      heading = section;
    } else if (line.startsWith('### ')) {
      heading = line.slice(4).trim();
    }
  }
  return blocks;
}

/** The one block whose code contains `marker`. */
export function readmeBlock(root: string, marker: string): ReadmeBlock {
  const found = readmeBlocks(root).filter((b) => b.code.includes(marker));
  if (found.length !== 1) throw new Error(`expected one README block containing ${JSON.stringify(marker)}, found ${found.length}`);
  return found[0] as ReadmeBlock;
}

/** `code` with each `[from, to]` replaced once; throws when a `from` is missing (the README changed). */
export function substitute(code: string, replacements: readonly (readonly [string, string])[]): string {
  let out = code;
  for (const [from, to] of replacements) {
    if (!out.includes(from)) throw new Error(`README example no longer contains ${JSON.stringify(from)}; update the test`);
    out = out.replace(from, to);
  }
  return out;
}
