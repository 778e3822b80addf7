// Charts with uPlot (served from its WebJar under the console's fingerprint: no CDN, works offline).
import uPlot from '../vendor/uplot/uPlot.esm.js';

function axis(series, options) {
  const labelled = Object.assign({ label: series && series.label }, options);
  if (series && series.format) {
    labelled.values = (u, splits) => splits.map(v => series.format(v));
    labelled.size = 80;
  }
  return labelled;
}

/** A bar-ish daily series chart: days (unix seconds) and one or two series, sized to its container. */
export function dailyChart(container, days, series) {
  const width = Math.max(280, container.clientWidth - 16);
  const opts = {
    width, height: 240,
    scales: { x: { time: true }, y2: { auto: true } },
    // a series with a format (money: minor units) labels its axis' ticks with it too, not with raw numbers
    axes: [{}, axis(series[0], { scale: 'y' }),
      axis(series[1], { side: 1, scale: 'y2', grid: { show: false } })],
    series: [{}].concat(series.map((s, i) => ({ label: s.label, stroke: s.color, fill: s.fill, width: 2,
      scale: i === 0 ? 'y' : 'y2', value: s.format ? (u, v) => (v === null ? '' : s.format(v)) : undefined }))),
  };
  const plot = new uPlot(opts, [days].concat(series.map(s => s.values)), container);
  const resize = () => plot.setSize({ width: Math.max(280, container.clientWidth - 16), height: 240 });
  window.addEventListener('resize', resize);
  return () => {
    window.removeEventListener('resize', resize);
    plot.destroy();
  };
}
