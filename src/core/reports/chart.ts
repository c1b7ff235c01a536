import { createRequire } from 'node:module';
import type * as Echarts from 'echarts';
import type { ChartImage, DiagnosticReport } from '../reply.ts';

/**
 * ECharts and resvg together weigh about 50 MB in memory and are needed only when a report or
 * digest is drawn, so they are loaded then (synchronously, as CommonJS) rather than at start-up.
 */
const load = createRequire(import.meta.url);
const libraries = () => ({
  echarts: load('echarts') as typeof Echarts,
  Resvg: (load('@resvg/resvg-js') as typeof import('@resvg/resvg-js')).Resvg,
});

const WIDTH = 640;
const ROW = 34;
const COLOURS = ['#c0392b', '#e67e22', '#2e86c1', '#229954'];

/**
 * The profile distribution of each released report as a horizontal bar chart, rendered on the
 * server: ECharts draws SVG without a browser, resvg turns it into PNG. If rendering fails the
 * picture is still there in words (alt), which text adapters show anyway.
 */
export function profileChart(reports: readonly DiagnosticReport[]): ChartImage | undefined {
  const shown = reports.filter((r) => r.status === 'ok' && r.profiles && r.profiles.length > 0);
  if (shown.length === 0) return undefined;
  const alt = shown
    .map((r) => `${r.title}: ${(r.profiles ?? []).map((p) => `${p.name} ${p.share} %`).join(', ')}`)
    .join('. ');
  try {
    return { png: render(shown), alt };
  } catch {
    return { alt };
  }
}

function render(reports: readonly DiagnosticReport[]): Uint8Array {
  const heights = reports.map((r) => 56 + (r.profiles?.length ?? 0) * ROW);
  const height = heights.reduce((a, b) => a + b, 0) + 16;
  let top = 0;
  const grids = reports.map((_, i) => {
    const grid = { left: 190, right: 60, top: top + 40, height: (heights[i] ?? 0) - 56 };
    top += heights[i] ?? 0;
    return grid;
  });
  return drawPng(WIDTH, height, {
    title: reports.map((r, i) => ({
      text: `${r.title} (${r.respondents} people, ${r.window.from} to ${r.window.to})`,
      left: 16,
      top: (grids[i]?.top ?? 0) - 32,
      textStyle: { fontSize: 14, fontWeight: 'bold', color: '#1f2d3d' },
    })),
    grid: grids,
    xAxis: reports.map((_, i) => ({ type: 'value', max: 100, gridIndex: i, axisLabel: { formatter: '{value} %' } })),
    yAxis: reports.map((r, i) => ({
      type: 'category',
      gridIndex: i,
      inverse: true,
      data: (r.profiles ?? []).map((p) => p.name),
      axisLabel: { fontSize: 12, color: '#1f2d3d' },
    })),
    series: reports.map((r, i) => ({
      type: 'bar',
      xAxisIndex: i,
      yAxisIndex: i,
      barWidth: 18,
      data: (r.profiles ?? []).map((p, j) => ({ value: p.share, itemStyle: { color: COLOURS[j % COLOURS.length] } })),
      label: { show: true, position: 'right', formatter: '{c} %' },
    })),
  });
}

/**
 * Draws an ECharts option as a PNG on the server: ECharts renders SVG without a browser, resvg
 * turns it into pixels. Shared by every chart Opscoach draws; callers catch failures and fall
 * back to the picture in words.
 */
export function drawPng(width: number, height: number, option: Record<string, unknown>): Uint8Array {
  const { echarts, Resvg } = libraries();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ animation: false, backgroundColor: '#ffffff', ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
}
