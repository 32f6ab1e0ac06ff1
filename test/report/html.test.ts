import { describe, expect, it } from 'vitest';
import { escapeHtml, htmlReport, htmlTable } from '../../src/report/html.js';
import { linePlot } from '../../src/report/svg.js';
import { wellFormednessProblems } from './xml-check.js';

describe('escapeHtml', () => {
  it('escapes markup characters and drops XML-illegal control characters', () => {
    expect(escapeHtml(`<script>alert("x") & 'y'</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;');
    expect(escapeHtml('tab\tnewline\nbell\u0007')).toBe('tab\tnewline\nbell');
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });
});

describe('htmlTable', () => {
  it('escapes headers and cells, formats numbers and marks highlights', () => {
    const html = htmlTable({
      columns: ['agent', 'acc <mean>'],
      rows: [
        ['ppo & co', 0.91234],
        ['lru', 7],
        ['never', NaN],
      ],
      highlight: (r, c) => r === 0 && c === 1,
      caption: 'seed "0"',
    });
    expect(wellFormednessProblems(html)).toEqual([]);
    expect(html).toContain('<th scope="col">acc &lt;mean&gt;</th>');
    expect(html).toContain('<td>ppo &amp; co</td>');
    expect(html).toContain('<td class="num hl">0.912</td>');
    expect(html).toContain('<td class="num">7</td>');
    expect(html).toContain('<td class="num">n/a</td>');
    expect(html).toContain('<caption>seed &quot;0&quot;</caption>');
  });

  it('pads short rows', () => {
    const html = htmlTable({ columns: ['a', 'b'], rows: [['only']] });
    expect(html.match(/<td/g)).toHaveLength(2);
  });
});

describe('htmlReport', () => {
  it('is a self-contained, well-formed page with escaped headings and raw section HTML', () => {
    const svg = linePlot({
      title: 'curve',
      xLabel: 'x',
      yLabel: 'y',
      series: [
        {
          name: 's',
          points: [
            { x: 0, y: 1 },
            { x: 1, y: 2 },
          ],
        },
      ],
    });
    const page = htmlReport({
      title: 'Report <1>',
      subtitle: 'a & b',
      meta: { seed: 3, config: 'configs/<x>.json' },
      sections: [
        { heading: 'Curves & bars', html: svg },
        { heading: 'Table', html: htmlTable({ columns: ['a'], rows: [[1]] }) },
      ],
    });
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('<meta charset="utf-8">');
    expect(wellFormednessProblems(page, { html: true })).toEqual([]);
    expect(page).toContain('<title>Report &lt;1&gt;</title>');
    expect(page).toContain('<h2>Curves &amp; bars</h2>');
    expect(page).toContain('configs/&lt;x&gt;.json');
    expect(page).toContain(svg);
    expect(page).toMatch(/<style>[^<]+<\/style>/);
    expect(page).not.toMatch(/<script|<link|src=|href=|@import|url\(http/);
  });
});
