/**
 * A tiny well-formedness checker for the SVG/HTML the report library emits: balanced tags (tag stack),
 * well-formed attributes, no raw `<` or stray `&` in text or attribute values.
 */

const VOID_HTML = new Set(['meta', 'link', 'br', 'hr', 'img', 'input']);

/** Tag names in document order (opening tags only). */
export function tagNames(doc: string): string[] {
  return [...doc.matchAll(/<([a-zA-Z][\w:-]*)/g)].map((m) => m[1] as string);
}

/** Every value of attribute `name` in `doc`. */
export function attrValues(doc: string, name: string): string[] {
  return [...doc.matchAll(new RegExp(`\\s${name}="([^"]*)"`, 'g'))].map((m) => m[1] as string);
}

const ENTITY = /&(?:amp|lt|gt|quot|#39|#\d+|#x[0-9a-fA-F]+);/g;

function checkText(text: string, where: string): string | undefined {
  const stripped = text.replace(ENTITY, '');
  if (stripped.includes('&')) return `stray & in ${where}: ${JSON.stringify(text.slice(0, 60))}`;
  if (stripped.includes('<')) return `raw < in ${where}`;
  return undefined;
}

/**
 * Problems found in `doc` (empty = well formed). `html` allows a leading doctype and void elements.
 */
export function wellFormednessProblems(doc: string, opts: { html?: boolean } = {}): string[] {
  const problems: string[] = [];
  let body = doc;
  if (opts.html) body = body.replace(/^<!DOCTYPE html>/i, '');
  // Contents of <style> are CSS, not markup.
  body = body.replace(/<style>[^<]*<\/style>/g, '<style></style>');
  const stack: string[] = [];
  const tagRe = /<[^<>]*>/g;
  let last = 0;
  let roots = 0;
  for (const m of body.matchAll(tagRe)) {
    const text = body.slice(last, m.index);
    const bad = checkText(text, 'text');
    if (bad) problems.push(bad);
    if (stack.length === 0 && text.trim() !== '') problems.push(`text outside the root: ${text.trim().slice(0, 40)}`);
    last = (m.index ?? 0) + m[0].length;
    const tag = m[0];
    const parsed = /^<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>$/.exec(tag);
    if (!parsed) {
      problems.push(`malformed tag ${tag.slice(0, 60)}`);
      continue;
    }
    const [, closing, name = '', attrs = '', selfClosing] = parsed;
    for (const a of attrs.matchAll(/="([^"]*)"/g)) {
      const badAttr = checkText(a[1] as string, `attribute of <${name}>`);
      if (badAttr) problems.push(badAttr);
    }
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}>`);
    } else if (!selfClosing && !(opts.html && VOID_HTML.has(name.toLowerCase()))) {
      if (stack.length === 0) roots++;
      stack.push(name);
    } else if (stack.length === 0) {
      roots++;
    }
  }
  const tail = body.slice(last);
  if (tail.trim() !== '') problems.push(`text after the root: ${tail.trim().slice(0, 40)}`);
  if (stack.length) problems.push(`unclosed: ${stack.join(' > ')}`);
  if (roots !== 1) problems.push(`expected exactly one root element, got ${roots}`);
  return problems;
}

/** Numeric geometry attributes that must never hold NaN or Infinity. */
const GEOMETRY = ['x', 'y', 'x1', 'x2', 'y1', 'y2', 'cx', 'cy', 'r', 'width', 'height', 'points', 'd', 'transform', 'viewBox'];

/** Geometry attribute values that contain NaN/Infinity/undefined. */
export function badCoordinates(svg: string): string[] {
  const bad: string[] = [];
  for (const name of GEOMETRY) {
    for (const v of attrValues(svg, name)) if (/NaN|Infinity|undefined/.test(v)) bad.push(`${name}="${v}"`);
  }
  return bad;
}
