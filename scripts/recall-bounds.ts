/**
 * How much of the oracle's lead a policy that cannot see the future can take on the recall presets.
 *
 * Simulates memory management directly on generator episodes with the ideal reader's rule (a query is
 * correct iff its support fact is in the working context — at most `contextLen` items back — or in one
 * of the N slots; every policy retrieves at queries), for four policies:
 *
 * - `fifo`: store every non-query item, overwrite the oldest (the env's FIFO);
 * - `oracle`: the env's Belady oracle (sees each item's next use; skips items never used);
 * - `informed`: knows the generator's law and the episode's hidden key types and popularities, but not
 *   its draws: keeps the facts with the most expected memory hits over the next H steps, from the
 *   query and rewrite hazards of each key given the past (ages, queries already asked);
 * - `key-count`: only what the item stream shows, with an unbounded side table: a fact's score is the
 *   number of earlier queries of its key per fact written for it ((queries + ½) / (writes + 1)); stale
 *   facts (their key rewritten since) are overwritten first.
 *   The env's `key-count` fixed policy (agents/fixed/key-count.ts) is the same rule on the observation's
 *   key history; run through the env it scores what this simulation does, up to the env's tie-breaks.
 *
 * The oracle here reproduces the env's oracle score (the README's tables) to ±0.015, which checks the
 * simulation. Usage: `node --import tsx scripts/recall-bounds.ts [--episodes N] [--seed S]`.
 */
import { type RecallEpisode, RecallGenerator } from '../envs/recall/generator.js';
import { RECALL_KEY_TYPES, type RecallKeyType, type RecallKeyTypeSpec, type RecallParams } from '../envs/recall/params.js';
import { RECALL_PRESETS } from '../envs/recall/presets.js';
import { DEFAULT_CONTEXT_LEN } from '../envs/common/episode.js';
import { Rng } from '../src/util/rng.js';

/** The generator's default key types (envs/recall/generator.ts), which a preset's `typeSpecs` override. */
const DEFAULT_TYPES: Record<string, RecallKeyTypeSpec> = {
  hot: { writeWeight: 1, queryWeight: 4, delayMin: 0, delayScale: 6, queriesPerFact: 0 },
  steady: { writeWeight: 0.25, queryWeight: 1, delayMin: 0, delayScale: 0, queriesPerFact: 0 },
  cold: { writeWeight: 1, queryWeight: 3, delayMin: 40, delayScale: 0, queriesPerFact: 1 },
  volatile: { writeWeight: 5, queryWeight: 1.5, delayMin: 0, delayScale: 0, queriesPerFact: 0 },
};

/** What a policy may read at step t of an episode (the oracle also reads `nextUse`). */
interface Step {
  ep: RecallEpisode;
  params: RecallParams;
  t: number;
  /** Item index held by each occupied slot. */
  memory: readonly number[];
  slots: number;
  /** Per key: the step of its current fact (−1: unwritten), queries and facts so far. */
  lastWrite: Int32Array;
  askedSinceWrite: Int32Array;
  queries: Int32Array;
  writes: Int32Array;
  /** The next query ≥ from that needs item i, −1 if none (the oracle only). */
  nextUse: (item: number, from: number) => number;
}

/** A policy's choice for a non-query item: the slot to store it into (memory.length = a new slot), or −1. */
type Policy = (s: Step) => number;

const W = DEFAULT_CONTEXT_LEN;

function fifo(s: Step): number {
  if (s.memory.length < s.slots) return s.memory.length;
  let oldest = 0;
  for (let i = 1; i < s.memory.length; i++) if ((s.memory[i] as number) < (s.memory[oldest] as number)) oldest = i;
  return oldest;
}

function oracle(s: Step): number {
  const next = s.nextUse(s.t, s.t + 1);
  if (next < 0) return -1;
  const horizon = (i: number): number => {
    const use = s.nextUse(s.memory[i] as number, s.t);
    return use < 0 ? Infinity : use;
  };
  for (let i = 0; i < s.memory.length; i++) if (horizon(i) === Infinity) return i;
  if (s.memory.length < s.slots) return s.memory.length;
  let far = 0;
  for (let i = 1; i < s.memory.length; i++) if (horizon(i) > horizon(far)) far = i;
  return horizon(far) > next ? far : -1;
}

/** Store over a dead slot, else a free one, else over the lowest-valued slot if `fresh` is worth more. */
function keepMostValuable(s: Step, fresh: number, values: readonly number[]): number {
  const dead = values.indexOf(-1);
  if (dead >= 0) return dead;
  if (s.memory.length < s.slots) return s.memory.length;
  let low = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] as number) < (values[low] as number)) low = i;
  return (values[low] as number) < fresh ? low : -1;
}

/** The value of each slot: −1 when its fact is stale (its key written since) or it holds no fact. */
function slotValues(s: Step, value: (key: number, written: number) => number): number[] {
  return s.memory.map((item) => {
    const key = s.ep.keyOf[item] as number;
    return key < 0 || s.lastWrite[key] !== item ? -1 : value(key, item);
  });
}

function informed(horizonSteps: number): Policy {
  return (s) => {
    if (s.ep.kinds[s.t] !== 0) return -1; // noise is never queried
    const p = s.params;
    const K = s.lastWrite.length;
    const spec = (k: number): RecallKeyTypeSpec => {
      const name = RECALL_KEY_TYPES[s.ep.keyType[k] as number] as RecallKeyType;
      return { ...(DEFAULT_TYPES[name] as RecallKeyTypeSpec), ...p.typeSpecs?.[name] };
    };
    const specs = Array.from({ length: K }, (_, k) => spec(k));
    const pop = Array.from(s.ep.keyRank, (r) => 1 / (r + 1) ** p.zipf);
    const key = s.ep.keyOf[s.t] as number;
    const lastWrite = Int32Array.from(s.lastWrite);
    const asked = Int32Array.from(s.askedSinceWrite);
    lastWrite[key] = s.t;
    asked[key] = 0;
    // A query picks an eligible key with weight popularity × queryWeight × kernel(age) (generator.ts).
    const weight = (k: number, step: number): number => {
      const sp = specs[k] as RecallKeyTypeSpec;
      if ((lastWrite[k] as number) < 0 || (sp.queriesPerFact > 0 && (asked[k] as number) >= sp.queriesPerFact)) return 0;
      const age = step - (lastWrite[k] as number);
      const minAge = Math.max(p.minQueryDelay, sp.delayMin, 1);
      if (age < minAge) return 0;
      return (pop[k] as number) * sp.queryWeight * (sp.delayScale > 0 ? Math.exp(-(age - minAge) / sp.delayScale) : 1);
    };
    let writeMass = 0;
    for (let k = 0; k < K; k++) if ((lastWrite[k] as number) >= 0) writeMass += (pop[k] as number) * (specs[k] as RecallKeyTypeSpec).writeWeight;
    const end = Math.min(s.ep.length - 1, s.t + horizonSteps);
    const totals = new Float64Array(end - s.t + 1);
    for (let step = s.t + 1; step <= end; step++) {
      let z = 0;
      for (let k = 0; k < K; k++) z += weight(k, step);
      totals[step - s.t] = z;
    }
    // Expected hits from memory: queries after the fact left the context, before a rewrite supersedes it.
    const value = (k: number, written: number): number => {
      const sp = specs[k] as RecallKeyTypeSpec;
      const rewrite = ((1 - p.queryRate - p.noiseRate) * p.updateRate * (pop[k] as number) * sp.writeWeight) / Math.max(writeMass, 1e-12);
      let alive = 1;
      let hits = 0;
      for (let step = s.t + 1; step <= end; step++) {
        const w = weight(k, step);
        if (w > 0) {
          const q = (p.queryRate * (1 - p.nearQueryRate) * w) / (totals[step - s.t] as number);
          if (step - written > W) hits += alive * q;
          if (sp.queriesPerFact > 0) alive *= 1 - q;
        }
        alive *= 1 - rewrite;
      }
      return hits;
    };
    const fresh = value(key, s.t);
    return fresh > 0 ? keepMostValuable(s, fresh, slotValues(s, value)) : -1;
  };
}

function keyCount(s: Step): number {
  if (s.ep.kinds[s.t] !== 0) return -1;
  const score = (k: number): number => ((s.queries[k] as number) + 0.5) / ((s.writes[k] as number) + 1);
  const key = s.ep.keyOf[s.t] as number;
  // The new fact supersedes its key's stored fact: that slot is dead.
  const values = slotValues(s, (k) => (k === key ? -1 : score(k)));
  return keepMostValuable(s, score(key) + 1e-9, values);
}

/** Mean accuracy over episodes and its 95% CI half-width (normal approximation). */
function evaluate(preset: keyof typeof RECALL_PRESETS, policy: Policy, episodes: number, seed: number): { mean: number; ci: number } {
  const pr = RECALL_PRESETS[preset];
  const gen = new RecallGenerator(pr.generator);
  const rng = new Rng(`recall-bounds:${preset}:${seed}`);
  const scores: number[] = [];
  for (let e = 0; e < episodes; e++) {
    const ep = gen.generate(pr.params as RecallParams, rng);
    const K = ep.keyType.length;
    const uses: number[][] = Array.from({ length: ep.length }, () => []);
    for (let q = 0; q < ep.length; q++) if (ep.isQuery[q] === 1) uses[ep.support[q] as number]?.push(q);
    const memory: number[] = [];
    const step: Step = {
      ep,
      params: pr.params as RecallParams,
      t: 0,
      memory,
      slots: pr.slots,
      lastWrite: new Int32Array(K).fill(-1),
      askedSinceWrite: new Int32Array(K),
      queries: new Int32Array(K),
      writes: new Int32Array(K),
      nextUse: (item, from) => uses[item]?.find((u) => u >= from) ?? -1,
    };
    let correct = 0;
    let queries = 0;
    for (let t = 0; t < ep.length; t++) {
      step.t = t;
      const key = ep.keyOf[t] as number;
      if (ep.isQuery[t] === 1) {
        const support = ep.support[t] as number;
        queries++;
        if (t - support <= W || memory.includes(support)) correct++;
        step.askedSinceWrite[key] = (step.askedSinceWrite[key] as number) + 1;
        step.queries[key] = (step.queries[key] as number) + 1;
        continue;
      }
      const slot = policy(step);
      if (slot >= 0) memory[slot] = t;
      if (ep.kinds[t] === 0) {
        step.lastWrite[key] = t;
        step.askedSinceWrite[key] = 0;
        step.writes[key] = (step.writes[key] as number) + 1;
      }
    }
    scores.push(queries > 0 ? correct / queries : 0);
  }
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const sd = Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, scores.length - 1));
  return { mean, ci: (1.96 * sd) / Math.sqrt(scores.length) };
}

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name}: expected a positive integer, got ${process.argv[i + 1]}`);
  return v;
};
const episodes = arg('episodes', 200);
const seed = arg('seed', 1);
const policies: [string, Policy][] = [
  ['fifo', fifo],
  ['key-count', keyCount],
  ['informed H=10', informed(10)],
  ['informed H=60', informed(60)],
  ['oracle', oracle],
];
console.log(`recall presets, ideal-reader rule, ${episodes} episodes per preset (seed ${seed}); mean accuracy ± 95% CI over episodes`);
console.log(['preset', ...policies.map(([name]) => name)].join(' | '));
for (const preset of ['easy', 'medium', 'hard'] as const) {
  const cells = policies.map(([, policy]) => {
    const { mean, ci } = evaluate(preset, policy, episodes, seed);
    return `${mean.toFixed(3)} ± ${ci.toFixed(3)}`;
  });
  console.log([`Recall-${preset[0]?.toUpperCase()}${preset.slice(1)}`, ...cells].join(' | '));
}
