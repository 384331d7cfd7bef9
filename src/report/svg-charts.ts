/**
 * Charts as inline SVG, for the audit report's HTML: it must open anywhere (a regulator's laptop,
 * offline, printed) without scripts, so its charts are drawn on the server. The console draws the
 * same data with Chart.js.
 */
import { html, type Html } from '../web/html.js';

export const PALETTE = ['#0b5cad', '#d9480f', '#2b8a3e', '#862e9c', '#c92a2a', '#e67700', '#1098ad', '#5c940d', '#364fc7', '#a61e4d', '#495057', '#087f5b', '#f08c00'];

export interface ChartSeries {
  label: string;
  data: number[];
}

interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const FRAME: Frame = { width: 760, height: 270, left: 56, right: 16, top: 16, bottom: 56 };

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  const n = v / p;
  return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * p;
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

function axes(f: Frame, labels: string[], max: number, unit: string): Html {
  const plotH = f.height - f.top - f.bottom;
  const plotW = f.width - f.left - f.right;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((r) => {
    const y = f.top + plotH * (1 - r);
    return html`<line x1="${f.left}" x2="${f.width - f.right}" y1="${y}" y2="${y}" stroke="#e3e8ee"/><text x="${f.left - 6}" y="${y + 4}" text-anchor="end" font-size="11" fill="#56606d">${fmt(max * r)}${unit}</text>`;
  });
  const step = Math.max(1, Math.ceil(labels.length / 14));
  const xs = labels.map((l, i) => {
    if (i % step !== 0) return html``;
    const x = f.left + (plotW * (i + 0.5)) / labels.length;
    return html`<text x="${x}" y="${f.height - f.bottom + 14}" font-size="11" fill="#56606d" text-anchor="end" transform="rotate(-35 ${x} ${f.height - f.bottom + 14})">${l}</text>`;
  });
  return html`${ticks}${xs}`;
}

/** The legend as HTML below the chart (it wraps); swatches are SVG so no inline style is needed. */
function legend(series: ChartSeries[]): Html {
  return html`<ul class="legend">${series.map((s, i) => html`<li><svg width="10" height="10" aria-hidden="true"><rect width="10" height="10" fill="${PALETTE[i % PALETTE.length]!}"/></svg> ${s.label}</li>`)}</ul>`;
}

export function lineChart(title: string, labels: string[], series: ChartSeries[], unit = ''): Html {
  const f = FRAME;
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.data)));
  const plotH = f.height - f.top - f.bottom;
  const plotW = f.width - f.left - f.right;
  const lines = series.map((s, si) => {
    const pts = s.data.map((v, i) => `${(f.left + (plotW * (i + 0.5)) / labels.length).toFixed(1)},${(f.top + plotH * (1 - v / max)).toFixed(1)}`).join(' ');
    return html`<polyline fill="none" stroke="${PALETTE[si % PALETTE.length]!}" stroke-width="2" points="${pts}"/>`;
  });
  return html`<figure class="chart"><svg viewBox="0 0 ${f.width} ${f.height}" role="img" aria-label="${title}" xmlns="http://www.w3.org/2000/svg">${axes(f, labels, max, unit)}${lines}</svg>${legend(series)}<figcaption>${title}</figcaption></figure>`;
}

export function stackedBarChart(title: string, labels: string[], series: ChartSeries[], unit = ''): Html {
  const f = FRAME;
  const totals = labels.map((_, i) => series.reduce((a, s) => a + (s.data[i] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const plotH = f.height - f.top - f.bottom;
  const plotW = f.width - f.left - f.right;
  const bw = Math.max(4, Math.min(48, (plotW / Math.max(1, labels.length)) * 0.6));
  const bars = labels.map((_, i) => {
    let y = f.top + plotH;
    const x = f.left + (plotW * (i + 0.5)) / labels.length - bw / 2;
    return series.map((s, si) => {
      const h = (plotH * (s.data[i] ?? 0)) / max;
      y -= h;
      return h > 0 ? html`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${bw.toFixed(1)}" height="${h.toFixed(1)}" fill="${PALETTE[si % PALETTE.length]!}"><title>${s.label}: ${s.data[i] ?? 0}</title></rect>` : html``;
    });
  });
  return html`<figure class="chart"><svg viewBox="0 0 ${f.width} ${f.height}" role="img" aria-label="${title}" xmlns="http://www.w3.org/2000/svg">${axes(f, labels, max, unit)}${bars}</svg>${legend(series)}<figcaption>${title}</figcaption></figure>`;
}
