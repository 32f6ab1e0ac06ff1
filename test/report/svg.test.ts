import { describe, expect, it } from 'vitest';
import { barChart, linePlot, scatterPlot, type PlotSeries } from '../../src/report/svg.js';
import { attrValues, badCoordinates, tagNames, wellFormednessProblems } from './xml-check.js';

const EVIL = 'a < b & "c" \'d\' > e\u0001';

function expectValidSvg(svg: string): void {
  expect(wellFormednessProblems(svg)).toEqual([]);
  expect(badCoordinates(svg)).toEqual([]);
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  // Self-contained: no scripts, no external references, no global CSS.
  expect(svg).not.toMatch(/<script|<style|href=|<image/);
}

const curve: PlotSeries = {
  name: 'ppo',
  points: [1, 2, 3, 4, 5].map((x) => ({ x: x * 1000, y: 0.1 * x, low: 0.1 * x - 0.05, high: 0.1 * x + 0.05 })),
};

describe('the well-formedness checker', () => {
  it('catches unbalanced tags, raw text and stray ampersands', () => {
    expect(wellFormednessProblems('<svg><g></svg>')).not.toEqual([]);
    expect(wellFormednessProblems('<svg><text>a & b</text></svg>')).not.toEqual([]);
    expect(wellFormednessProblems('<svg><text>a &amp; b</text></svg>')).toEqual([]);
    expect(wellFormednessProblems('<svg x="1"/><svg/>')).not.toEqual([]);
  });
});

describe('linePlot', () => {
  it('is well formed with axes, a legend, a band and escaped text', () => {
    const svg = linePlot({
      title: EVIL,
      xLabel: 'steps <x>',
      yLabel: 'acc & more',
      series: [
        curve,
        {
          name: EVIL,
          points: [
            { x: 1000, y: 0.3 },
            { x: 5000, y: 0.2 },
          ],
          dashed: true,
        },
      ],
    });
    expectValidSvg(svg);
    expect(svg).toContain('a &lt; b &amp; &quot;c&quot; &#39;d&#39; &gt; e');
    expect(svg).not.toContain('\u0001');
    expect(svg).toContain('steps &lt;x&gt;');
    expect(tagNames(svg).filter((t) => t === 'polygon')).toHaveLength(1); // one CI band
    expect(tagNames(svg).filter((t) => t === 'path')).toHaveLength(2);
    expect(svg).toContain('stroke-dasharray');
    expect(svg).toContain('>5000<'); // x tick label
  });

  it('skips NaN and infinite values without emitting bad coordinates', () => {
    const svg = linePlot({
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      series: [
        {
          name: 's',
          points: [
            { x: 0, y: 1, low: NaN, high: 2 },
            { x: 1, y: NaN },
            { x: 2, y: 3, low: 2, high: Infinity },
            { x: 3, y: 2 },
            { x: Infinity, y: 4 },
          ],
        },
      ],
    });
    expectValidSvg(svg);
    // NaN at x = 1 splits the line: a lone dot, then a two-point path.
    expect(tagNames(svg).filter((t) => t === 'path')).toHaveLength(1);
    expect(tagNames(svg).filter((t) => t === 'circle')).toHaveLength(1);
    expect(svg).not.toContain('polygon');
  });

  it('draws log axes with power-of-ten ticks and drops non-positive points', () => {
    const svg = linePlot({
      title: 'log',
      xLabel: 'n',
      yLabel: 'loss',
      logX: true,
      logY: true,
      series: [
        {
          name: 'a',
          points: [
            { x: 0, y: 1 },
            { x: 10, y: 0.5 },
            { x: 100, y: 0.05 },
            { x: 1000, y: -1 },
            { x: 1e6, y: 0.02 },
          ],
        },
      ],
    });
    expectValidSvg(svg);
    for (const label of ['>10<', '>100<', '>1000<', '>0.01<', '>0.1<', '>1<']) expect(svg).toContain(label);
    expect(svg).toMatch(/>10<tspan[^>]*>6<\/tspan>/); // 10^6 as a superscript
    // (0, 1) and (1000, -1) break the line: a path 10 -> 100 and a lone dot at 1e6.
    const paths = attrValues(svg, 'd');
    expect(paths).toHaveLength(1);
    expect(paths[0]?.match(/[ML]/g)).toEqual(['M', 'L']);
    expect(tagNames(svg).filter((t) => t === 'circle')).toHaveLength(1);
  });

  it('handles empty input and is deterministic', () => {
    const empty = linePlot({ title: '', xLabel: '', yLabel: '', series: [] });
    expectValidSvg(empty);
    expect(empty).toContain('no data');
    const opts = { title: 'a', xLabel: 'x', yLabel: 'y', series: [curve] };
    expect(linePlot(opts)).toBe(linePlot(opts));
    const other = linePlot({ ...opts, title: 'b' });
    expect(attrValues(other, 'id')).not.toEqual(attrValues(linePlot(opts), 'id'));
  });

  it('respects width, height and a fixed y range', () => {
    const svg = linePlot({ title: 't', xLabel: 'x', yLabel: 'y', series: [curve], width: 300, height: 200, yRange: { min: 0, max: 1 } });
    expectValidSvg(svg);
    expect(svg).toContain('viewBox="0 0 300 200"');
    expect(svg).toContain('>1.0<');
  });
});

describe('barChart', () => {
  const groups = ['Recall-easy', 'Recall-hard'].map((label, g) => ({
    label,
    bars: [
      { label: 'ppo', value: 0.8 - g * 0.1, low: 0.7 - g * 0.1, high: 0.9 - g * 0.1, highlight: true },
      { label: 'lru <fixed>', value: 0.5 - g * 0.6, low: 0.4 - g * 0.6, high: 0.6 - g * 0.6 },
      { label: 'random', value: g === 0 ? NaN : 0 },
    ],
  }));

  it('draws grouped bars with whiskers, a legend, highlights and negative values', () => {
    const svg = barChart({ title: 'Compare & contrast', yLabel: 'score', groups, showValues: true });
    expectValidSvg(svg);
    expect(svg).toContain('Compare &amp; contrast');
    expect(svg).toContain('lru &lt;fixed&gt;');
    expect(tagNames(svg).filter((t) => t === 'rect').length).toBeGreaterThanOrEqual(5 + 3); // bars + legend boxes
    expect(svg.match(/stroke="#1d2330" stroke-width="2"/g)).toHaveLength(2); // highlighted bars
    expect(svg.match(/<path /g)).toHaveLength(4); // four whiskers
    expect(svg).toContain('>n/a<');
    expect(svg).toContain('>-0.100<'); // negative value printed
    expect(svg).toContain('>-0.2<'); // axis extends below 0
  });

  it('rotates long category labels and omits the legend for a single bar label', () => {
    const many = Array.from({ length: 8 }, (_, i) => ({
      label: `a rather long environment name ${i}`,
      bars: [{ label: 'acc', value: i / 10 }],
    }));
    const svg = barChart({ title: 't', yLabel: 'y', groups: many });
    expectValidSvg(svg);
    expect(svg).toContain('rotate(-35');
    expect(svg).not.toContain('>acc<');
  });

  it('copes with no data', () => {
    const svg = barChart({ title: 't', yLabel: 'y', groups: [] });
    expectValidSvg(svg);
    expect(svg).toContain('no data');
  });
});

describe('scatterPlot', () => {
  /** Distance in pixels from (x, y) to the line through the <line> element's end points. */
  function distanceToLine(line: string, x: number, y: number): number {
    const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = ['x1', 'y1', 'x2', 'y2'].map((a) => Number(attrValues(line, a)[0]));
    return Math.abs((y2 - y1) * x - (x2 - x1) * y + x2 * y1 - y2 * x1) / Math.hypot(x2 - x1, y2 - y1);
  }

  it('draws a log-log fit through points on the fitted power law, and reference lines', () => {
    const xs = [10, 100, 1000, 10000];
    const pts = xs.map((x) => ({ x, y: 2 * x ** 0.5 }));
    const svg = scatterPlot({
      title: 'capacity',
      xLabel: 'params',
      yLabel: 'capacity',
      logX: true,
      logY: true,
      series: [{ name: 'measured', points: pts }],
      fit: { slope: 0.5, intercept: Math.log10(2) },
      referenceLines: [{ slope: 1, label: 'linear <ref>' }],
    });
    expectValidSvg(svg);
    expect(svg).toContain('fit: slope 0.500');
    expect(svg).toContain('linear &lt;ref&gt;');
    const lines = [...svg.matchAll(/<line x1="[^"]*" y1="[^"]*" x2="[^"]*" y2="[^"]*"[^>]*>/g)].map((m) => m[0]);
    expect(lines).toHaveLength(2); // reference + fit
    const fitLine = lines.find((l) => l.includes('stroke-width="2"')) ?? '';
    const refLine = lines.find((l) => l.includes('stroke-dasharray')) ?? '';
    const cx = attrValues(svg, 'cx').map(Number);
    const cy = attrValues(svg, 'cy').map(Number);
    expect(cx).toHaveLength(5); // 4 points + the legend dot
    for (let i = 0; i < 4; i++) expect(distanceToLine(fitLine, cx[i] as number, cy[i] as number)).toBeLessThan(0.5);
    // The reference line has no intercept: it passes through the centroid of the points (axis space).
    const mx = cx.slice(0, 4).reduce((a, b) => a + b, 0) / 4;
    const my = cy.slice(0, 4).reduce((a, b) => a + b, 0) / 4;
    expect(distanceToLine(refLine, mx, my)).toBeLessThan(0.5);
  });

  it('skips undrawable fits and points, and draws whiskers', () => {
    const svg = scatterPlot({
      title: 's',
      xLabel: 'x',
      yLabel: 'y',
      logY: true,
      series: [
        {
          name: 'a',
          points: [
            { x: 1, y: 0 },
            { x: 2, y: 5, low: 4, high: 6 },
            { x: 3, y: NaN },
          ],
        },
      ],
      fit: { slope: NaN, intercept: 0 },
    });
    expectValidSvg(svg);
    expect(tagNames(svg).filter((t) => t === 'circle')).toHaveLength(2); // one point + legend dot
    expect(svg.match(/<line x1="[^"]*" x2/g)?.length ?? 0).toBeGreaterThan(0);
  });
});
