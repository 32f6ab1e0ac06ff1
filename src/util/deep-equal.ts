/**
 * Structural equality for env outputs: numbers, strings, arrays, typed arrays, plain objects,
 * class instances (same prototype, same own enumerable fields), Maps and Sets.
 * Numbers compare with `===` except that NaN equals NaN (so a deterministic NaN is "the same").
 */

/** True when `a` and `b` are structurally equal (see module doc). */
export function deepEqual(a: unknown, b: unknown): boolean {
  return findDifference(a, b) === undefined;
}

/**
 * Where `a` and `b` first differ, as a readable path and values, e.g. `.slots[3]: 0.5 vs 0.25`;
 * `undefined` when they are equal. `path` prefixes the reported location.
 */
export function findDifference(a: unknown, b: unknown, path = ''): string | undefined {
  return diff(a, b, path, new WeakMap<object, WeakSet<object>>());
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (v === null || typeof v !== 'object') return String(v);
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${(v as unknown as ArrayLike<unknown>).length})`;
  if (Array.isArray(v)) return `array(${v.length})`;
  const name = (Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null)?.constructor?.name;
  return name && name !== 'Object' ? name : 'object';
}

function at(path: string): string {
  return path === '' ? '' : `${path}: `;
}

function sameNumber(x: number, y: number): boolean {
  return x === y || (Number.isNaN(x) && Number.isNaN(y));
}

function diff(a: unknown, b: unknown, path: string, seen: WeakMap<object, WeakSet<object>>): string | undefined {
  if (typeof a === 'number' && typeof b === 'number') {
    return sameNumber(a, b) ? undefined : `${at(path)}${show(a)} vs ${show(b)}`;
  }
  if (a === b) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return `${at(path)}${show(a)} vs ${show(b)}`;
  }
  // Cycle guard: a pair already under comparison is assumed equal.
  let partners = seen.get(a);
  if (partners?.has(b)) return undefined;
  if (!partners) {
    partners = new WeakSet<object>();
    seen.set(a, partners);
  }
  partners.add(b);

  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${at(path)}${show(a)} vs ${show(b)}`;

  if (ArrayBuffer.isView(a)) {
    const x = (a instanceof DataView ? new Uint8Array(a.buffer, a.byteOffset, a.byteLength) : a) as unknown as ArrayLike<number | bigint>;
    const y = (b instanceof DataView
      ? new Uint8Array((b as DataView).buffer, (b as DataView).byteOffset, (b as DataView).byteLength)
      : b) as unknown as ArrayLike<number | bigint>;
    if (x.length !== y.length) return `${at(path)}${show(a)} vs ${show(b)}`;
    for (let i = 0; i < x.length; i++) {
      const u = x[i];
      const v = y[i];
      const equal = typeof u === 'number' && typeof v === 'number' ? sameNumber(u, v) : u === v;
      if (!equal) return `${path}[${i}]: ${show(u)} vs ${show(v)}`;
    }
    return undefined;
  }
  if (a instanceof ArrayBuffer) {
    return diff(new Uint8Array(a), new Uint8Array(b as ArrayBuffer), path, seen);
  }
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return `${at(path)}array(${a.length}) vs array(${bb.length})`;
    for (let i = 0; i < a.length; i++) {
      const d = diff(a[i], bb[i], `${path}[${i}]`, seen);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (a instanceof Date) {
    return a.getTime() === (b as Date).getTime() ? undefined : `${at(path)}${a.toISOString()} vs ${(b as Date).toISOString()}`;
  }
  if (a instanceof Map) {
    const bm = b as Map<unknown, unknown>;
    if (a.size !== bm.size) return `${at(path)}Map(${a.size}) vs Map(${bm.size})`;
    for (const [k, v] of a) {
      if (!bm.has(k)) return `${at(path)}key ${show(k)} missing on the right`;
      const d = diff(v, bm.get(k), `${path}.get(${show(k)})`, seen);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (a instanceof Set) {
    const bs = b as Set<unknown>;
    if (a.size !== bs.size) return `${at(path)}Set(${a.size}) vs Set(${bs.size})`;
    for (const v of a) if (!bs.has(v)) return `${at(path)}element ${show(v)} missing on the right`;
    return undefined;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra);
  const kb = Object.keys(rb);
  for (const k of ka) if (!Object.prototype.hasOwnProperty.call(rb, k)) return `${path}.${k}: present vs missing`;
  for (const k of kb) if (!Object.prototype.hasOwnProperty.call(ra, k)) return `${path}.${k}: missing vs present`;
  for (const k of ka) {
    const d = diff(ra[k], rb[k], `${path}.${k}`, seen);
    if (d !== undefined) return d;
  }
  return undefined;
}
