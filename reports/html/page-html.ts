// A page model as one self-contained HTML file: uPlot's script and stylesheet are read from
// node_modules when the report is written and inlined, the chart data is embedded as JSON, and
// nothing is fetched when the page opens (no network).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { clientScript } from './client-script.js';
import type { ChartSpec, PageModel, TableSpec } from './page-model.js';

/** Marks a report.html as ours: only a file carrying it is ever replaced. */
export const GENERATOR = 'k8sim report';

function uplotAsset(file: string): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('uplot/package.json');
  return readFileSync(join(dirname(pkg), 'dist', file), 'utf8');
}

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** JSON safe inside a <script> element. */
export function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function chartHtml(c: ChartSpec): string {
  return `<figure class="chart" id="${esc(c.id)}"><figcaption><a class="anchor" href="#${esc(c.id)}">${esc(c.title)}</a></figcaption><div class="plot"></div><p class="source">${esc(c.caption)}</p></figure>`;
}

function tableHtml(t: TableSpec): string {
  const attrs = `${t.filters ? ` data-filters="${esc(t.filters.join(','))}"` : ''}${t.search ? ' data-search' : ''}`;
  const head = t.columns.map((c) => `<th>${esc(c)}</th>`).join('');
  const body = t.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<div class="table" id="${esc(t.id)}"><h3>${esc(t.caption)}</h3><div class="scroll"><table${attrs}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div></div>`;
}

const CSS = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #222; background: #fafafa; }
header { background: #263238; color: #fff; padding: 14px 24px; }
header h1 { margin: 0; font-size: 20px; } header p { margin: 4px 0 0; opacity: .85; }
nav { position: sticky; top: 0; background: #eceff1; padding: 6px 24px; border-bottom: 1px solid #cfd8dc; z-index: 2; }
nav a { margin-right: 14px; color: #1f4e79; text-decoration: none; }
main { padding: 8px 24px 40px; max-width: 1400px; }
.headline { list-style: none; padding: 0; margin: 12px 0; }
.headline li { padding: 6px 10px; margin: 4px 0; border-left: 4px solid #90a4ae; background: #fff; }
.headline li.bad { border-color: #d62728; } .headline li.good { border-color: #2ca02c; }
section { margin-top: 26px; } h2 { border-bottom: 1px solid #cfd8dc; padding-bottom: 4px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(560px, 1fr)); gap: 14px; }
figure.chart { margin: 0; background: #fff; border: 1px solid #e0e0e0; padding: 8px; }
figcaption { font-weight: 600; margin-bottom: 4px; } figcaption a { color: inherit; text-decoration: none; }
p.source { color: #666; font-size: 12px; margin: 4px 0 0; }
.scroll { max-height: 420px; overflow: auto; border: 1px solid #e0e0e0; background: #fff; }
table { border-collapse: collapse; font-size: 12px; width: 100%; }
th, td { text-align: left; padding: 2px 8px; border-bottom: 1px solid #eee; vertical-align: top; white-space: pre-wrap; }
th { position: sticky; top: 0; background: #f5f5f5; }
.filters { margin: 6px 0; } .filters select, .filters input { margin-right: 8px; } .filters .count { color: #666; }
.notes { color: #444; font-size: 13px; }
`;

export function renderPage(page: PageModel): string {
  const charts = page.sections.flatMap((s) => s.charts);
  const ids = new Set([...page.sections.map((s) => s.id), ...charts.map((c) => c.id), ...page.sections.flatMap((s) => (s.tables ?? []).map((t) => t.id))]);
  // A headline item links only to what the page holds.
  const headline = page.headline
    .map((h) => {
      const text = esc(h.text);
      const link = h.href && ids.has(h.href.slice(1)) ? `<a href="${esc(h.href)}">${text}</a>` : text;
      return `<li class="${h.severity}">${link}</li>`;
    })
    .join('\n');
  const nav = page.sections.map((s) => `<a href="#${esc(s.id)}">${esc(s.title)}</a>`).join('');
  const sections = page.sections
    .map(
      (s) =>
        `<section id="${esc(s.id)}"><h2>${esc(s.title)}</h2>${(s.text ?? []).map((t) => `<p>${esc(t)}</p>`).join('')}` +
        (s.charts.length ? `<div class="charts">${s.charts.map(chartHtml).join('\n')}</div>` : '') +
        (s.tables ?? []).map(tableHtml).join('\n') +
        `</section>`,
    )
    .join('\n');
  const data = { markers: page.markers, charts };
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${GENERATOR}">
<title>${esc(page.title)}</title>
<style>${uplotAsset('uPlot.min.css')}</style>
<style>${CSS}</style>
</head>
<body>
<header><h1>${esc(page.title)}</h1><p>${esc(page.subtitle)}</p></header>
<nav>${nav}<a href="#about">How this page was made</a></nav>
<main>
<ul class="headline">
${headline}
</ul>
${sections}
<section id="about"><h2>How this page was made</h2><ul class="notes">${page.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></section>
</main>
<script id="k8sim-data" type="application/json">${scriptJson(data)}</script>
<script>${uplotAsset('uPlot.iife.min.js')}</script>
<script>${clientScript()}</script>
</body>
</html>
`;
}
