/**
 * Rendering a comparison: the terminal table, `summary.json`, `summary.csv` and the self-contained
 * `report.html` (comparison bars with 95% CIs, learning curves, accuracy vs slot count).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toCsv } from '../report/csv.js';
import { escapeHtml, htmlReport, htmlTable, type ReportSection } from '../report/html.js';
import { barChart, linePlot } from '../report/svg.js';
import { formatMeanCi, formatTable } from '../report/table.js';
import { budgetLine, budgetWarning } from './compare-budget.js';
import type { CompareResult, CompareRow } from './compare.js';

const COLUMNS = ['agent', 'accuracy ± 95% CI', 'n', 'normalised', 'slots used', 'slot count N', 'retrievals/query', 'return', ''];

function fmt(x: number, digits = 3): string {
  return Number.isFinite(x) ? x.toFixed(digits) : 'n/a';
}

/** Best first; failed agents (and any without a finished seed) last. */
function sortedRows(rows: readonly CompareRow[]): CompareRow[] {
  const key = (r: CompareRow): number => (r.error === undefined && Number.isFinite(r.accuracy) ? r.accuracy : -Infinity);
  return [...rows].sort((a, b) => key(b) - key(a));
}

function note(r: CompareRow): string {
  if (r.error !== undefined) return `FAILED: ${r.error}`;
  return r.agent === 'oracle' ? '(upper bound)' : r.winner ? '← best' : '';
}

function tableRows(rows: readonly CompareRow[]): string[][] {
  return sortedRows(rows).map((r) => [
    r.agent,
    Number.isFinite(r.halfWidth) ? formatMeanCi(r.accuracy, r.halfWidth) : fmt(r.accuracy),
    String(r.seedAccuracies.length),
    fmt(r.normalisedScore, 2),
    fmt(r.slotsUsed, 2),
    fmt(r.slotCount, 2),
    fmt(r.retrievalsPerQuery, 2),
    fmt(r.return, 2),
    note(r),
  ]);
}

function envs(result: CompareResult): string[] {
  return [...new Set(result.rows.map((r) => r.env))];
}

function marginLines(result: CompareResult, env: string): string[] {
  return result.margins
    .filter((m) => m.env === env)
    .map((m) => {
      const verb = m.margin > 0 ? 'beats' : m.margin < 0 ? 'trails' : 'ties';
      return `${m.learner} ${verb} the best fixed policy (${m.bestFixed}) by ${fmt(Math.abs(m.margin))} accuracy`;
    });
}

/** The budget mode that ran on `env`, and a warning when the agents' slot counts differ. */
function budgetLines(result: CompareResult, env: string): string[] {
  const b = (result.budgets ?? []).find((x) => x.env === env);
  if (b === undefined) return [];
  const warning = budgetWarning(b);
  return warning === undefined ? [budgetLine(b)] : [budgetLine(b), warning];
}

/** The comparison as terminal text: one table per env, then its budget and the learned agents' margins. */
export function formatComparison(result: CompareResult): string {
  const out: string[] = [];
  for (const env of envs(result)) {
    out.push(`\n${env}`);
    out.push(formatTable(COLUMNS, tableRows(result.rows.filter((r) => r.env === env))));
    for (const line of budgetLines(result, env)) out.push(line);
    for (const line of marginLines(result, env)) out.push(line);
  }
  if (result.failures.length > 0) {
    out.push(`\n${result.failures.length} agent${result.failures.length === 1 ? '' : 's'} failed (the other results are complete):`);
    for (const f of result.failures) out.push(`  ${f.env}: ${f.agent} (seed ${f.seed}): ${f.error}`);
  }
  if (!result.complete) out.push('\n(incomplete: interrupted — the table covers the finished evaluations)');
  return out.join('\n');
}

function curvesSection(result: CompareResult, env: string): ReportSection | undefined {
  const curves = result.curves.filter((c) => c.env === env);
  if (curves.length === 0) return undefined;
  const rows = result.rows.filter((r) => r.env === env && r.kind === 'fixed');
  const xMax = Math.max(...curves.flatMap((c) => c.points.map((p) => p.x)));
  const refs = rows
    .filter((r) => ['oracle', 'random'].includes(r.agent) || r.winner)
    .map((r) => ({
      name: `${r.agent} (eval return)`,
      dashed: true,
      points: [
        { x: 0, y: r.return },
        { x: xMax, y: r.return },
      ],
    }));
  const series = [...curves.map((c) => ({ name: `${c.agent} seed ${c.seed}`, points: c.points })), ...refs];
  return {
    heading: `Learning curves — ${env}`,
    html: linePlot({
      title: `Training return — ${env}`,
      xLabel: 'env steps',
      yLabel: 'episodic return (training, sampled actions)',
      series,
    }),
  };
}

function sweepSection(result: CompareResult, env: string): ReportSection | undefined {
  const points = result.sweep.filter((p) => p.env === env);
  if (points.length === 0) return undefined;
  const agents = [...new Set(points.map((p) => p.agent))];
  const series = agents.map((a) => ({
    name: a,
    points: points.filter((p) => p.agent === a).map((p) => ({ x: p.slots, y: p.accuracy })),
  }));
  return {
    heading: `Accuracy vs slot count — ${env}`,
    html: linePlot({
      title: `Accuracy vs slot count N — ${env}`,
      xLabel: 'slots N',
      yLabel: 'accuracy',
      series,
      yRange: { min: 0, max: 1 },
    }),
  };
}

/** The self-contained HTML report. */
export function comparisonHtml(result: CompareResult, meta: Record<string, string | number>): string {
  const sections: ReportSection[] = [];
  for (const env of envs(result)) {
    const rows = result.rows.filter((r) => r.env === env);
    const sorted = sortedRows(rows);
    const body = tableRows(rows);
    const margins = [...budgetLines(result, env), ...marginLines(result, env)].map((l) => `<p>${escapeHtml(l)}</p>`).join('');
    sections.push({
      heading: env,
      html:
        htmlTable({ columns: COLUMNS, rows: body, highlight: (r) => sorted[r]?.winner === true }) +
        margins +
        barChart({
          title: `Accuracy (mean ± 95% CI over seeds) — ${env}`,
          yLabel: 'accuracy',
          yRange: { min: 0, max: 1 },
          showValues: true,
          groups: sorted
            .filter((r) => Number.isFinite(r.accuracy))
            .map((r) => ({
              label: r.agent,
              bars: [
                {
                  label: 'accuracy',
                  value: r.accuracy,
                  ...(Number.isFinite(r.halfWidth) ? { low: r.ciLow, high: r.ciHigh } : {}),
                  highlight: r.winner,
                },
              ],
            })),
        }),
    });
    const curves = curvesSection(result, env);
    if (curves) sections.push(curves);
    const sweep = sweepSection(result, env);
    if (sweep) sections.push(sweep);
  }
  sections.push({
    heading: 'How to read this',
    html:
      '<p>Accuracy is the fraction of queries the MAT answered correctly. Each seed trains every learner once and evaluates every ' +
      'agent on the same block of seeded episodes; the interval is a Student-t 95% CI over the per-seed means. Normalised score: ' +
      'random = 0, oracle = 1. The oracle sees future queries (Belady) and is an upper bound, not a competitor; the best of the ' +
      'others is highlighted. Slot count N is the mean number of slots an agent had (its memory budget); under the default ' +
      'fixed budget it is the same for every agent, and a table whose agents had different N says so under it.</p>',
  });
  return htmlReport({
    title: 'memgym comparison',
    subtitle: result.complete ? 'learned vs fixed memory policies' : 'INCOMPLETE (interrupted)',
    sections,
    meta,
  });
}

/** Writes summary.json, summary.csv and report.html; returns the report's path. */
export function writeComparison(dir: string, result: CompareResult, meta: Record<string, string | number>): string {
  writeFileSync(join(dir, 'summary.json'), `${JSON.stringify({ ...result, meta }, null, 2)}\n`);
  const csvRows = result.rows.map(({ seedAccuracies, error, ...r }) => ({ ...r, seeds: seedAccuracies.length, error: error ?? '' }));
  writeFileSync(join(dir, 'summary.csv'), toCsv(csvRows));
  const file = join(dir, 'report.html');
  writeFileSync(file, comparisonHtml(result, meta));
  return file;
}
