import type { ChartImage, Evidence } from '../reply.ts';
import { drawPng } from '../reports/chart.ts';

const WIDTH = 720;
const ROW = 30;
/** A chart with more bars than this is unreadable; the figures in words still cover every service. */
const MOST_SERVICES = 15;

/**
 * Per service, two stacked bars: incidents (in working hours, after hours) and deployments
 * (succeeded or unknown, failed or rolled back), drawn with the same server-side charting as
 * reports. The alt text says the same in words.
 */
export function evidenceChart(e: Evidence): ChartImage | undefined {
  const services = [...e.services]
    .sort((a, b) => b.incidents + b.deployments - (a.incidents + a.deployments))
    .slice(0, MOST_SERVICES);
  if (services.length === 0) return undefined;
  const afterHours = services.map((s) => Math.round((s.after_hours_share ?? 0) * s.incidents));
  const failed = services.map((s) => Math.round((s.change_failure_rate ?? 0) * s.deployments));
  const alt = services
    .map(
      (s, i) =>
        `${s.service}: ${s.incidents} incidents (${afterHours[i]} after hours), ${s.deployments} deployments (${failed[i]} failed)`,
    )
    .join('; ');
  const height = 90 + services.length * ROW * 2 + 70;
  const half = (height - 120) / 2;
  const names = services.map((s) => s.service);
  try {
    const png = drawPng(WIDTH, height, {
      title: [
        {
          text: `Incidents per service, ${e.window.from} to ${e.window.to}`,
          left: 16,
          top: 8,
          textStyle: { fontSize: 14, fontWeight: 'bold', color: '#1f2d3d' },
        },
        {
          text: 'Deployments per service',
          left: 16,
          top: 40 + half,
          textStyle: { fontSize: 14, fontWeight: 'bold', color: '#1f2d3d' },
        },
      ],
      legend: [
        { bottom: 6, left: 'center', data: ['working hours', 'after hours', 'succeeded', 'failed or rolled back'] },
      ],
      grid: [
        { left: 200, right: 40, top: 40, height: half - 30 },
        { left: 200, right: 40, top: 70 + half, height: half - 30 },
      ],
      xAxis: [
        { type: 'value', gridIndex: 0, minInterval: 1 },
        { type: 'value', gridIndex: 1, minInterval: 1 },
      ],
      yAxis: [0, 1].map((gridIndex) => ({
        type: 'category',
        gridIndex,
        inverse: true,
        data: names,
        axisLabel: { fontSize: 12, color: '#1f2d3d', width: 180, overflow: 'truncate' },
      })),
      series: [
        bar(
          'working hours',
          0,
          'incidents',
          '#2e86c1',
          services.map((s, i) => s.incidents - (afterHours[i] ?? 0)),
        ),
        bar('after hours', 0, 'incidents', '#1b2631', afterHours),
        bar(
          'succeeded',
          1,
          'deployments',
          '#229954',
          services.map((s, i) => s.deployments - (failed[i] ?? 0)),
        ),
        bar('failed or rolled back', 1, 'deployments', '#c0392b', failed),
      ],
    });
    return { png, alt };
  } catch {
    return { alt };
  }
}

function bar(name: string, axis: number, stack: string, color: string, data: number[]) {
  return { name, type: 'bar', stack, xAxisIndex: axis, yAxisIndex: axis, barWidth: 16, itemStyle: { color }, data };
}
