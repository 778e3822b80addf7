// The live monitor of one flash sale: the server's ticks (GET /api/v1/admin/flash-sales/{id}/live, Server-Sent
// Events, one a second, every server process's counters added up) as tiles and live uPlot charts.
import uPlot from '../../vendor/uplot/uPlot.esm.js';
import { h } from '../dom.js';

const WINDOW = 300; // seconds of history on the charts
const ANSWERS = [
  ['accepted', '#1b6e35'], ['sold_out', '#0b5cad'], ['limit', '#8a5a00'], ['rate_limited', '#7b3fa0'],
  ['replay', '#56606b'], ['closed', '#2a8c8c'], ['error', '#b3261e'],
];

function tile(id, label) {
  const value = h('strong', { id, 'aria-live': 'off' }, '–');
  return { node: h('div', { class: 'tile' }, h('span', { class: 'muted' }, label), value), value };
}

function chart(title, series, width) {
  const holder = h('div', { class: 'chart' }, h('h2', null, title));
  const opts = {
    width, height: 220,
    scales: { x: { time: true } },
    series: [{}, ...series.map(([label, stroke]) => ({ label, stroke, width: 2, spanGaps: true }))],
    axes: [{}, { size: 60 }],
  };
  const data = [[], ...series.map(() => [])];
  const plot = new uPlot(opts, data, holder);
  return { holder, plot, data };
}

export function monitor(main, ctx, saleId) {
  const heading = h('h1', null, 'Live monitor');
  const status = h('p', { class: 'muted', id: 'live-status', role: 'status' }, 'Connecting…');
  const tiles = {
    state: tile('live-state', 'State'),
    left: tile('live-units-left', 'Units left'),
    sold: tile('live-sold', 'Sold'),
    decisions: tile('live-decisions', 'Decisions / s'),
    accepted: tile('live-accepted', 'Accepted / s'),
    soldOut: tile('live-sold-out-at', 'Sold out at'),
  };
  const totals = h('tbody', { id: 'live-totals' });
  const width = Math.max(320, Math.min(1240, main.clientWidth || 960) - 30);
  const half = width >= 900 ? Math.floor(width / 2) - 20 : width;
  const units = chart('Units left', [['units left', '#0b5cad']], half);
  const rates = chart('Decisions and accepted purchases per second',
    [['decisions/s', '#13243a'], ['accepted/s', '#1b6e35']], half);
  const mix = chart('Answers per second', ANSWERS, half);
  const latency = chart('Purchase latency over the last minute (ms)',
    [['p50', '#1b6e35'], ['p90', '#8a5a00'], ['p99', '#b3261e'], ['max', '#56606b']], half);
  main.append(heading, status,
    h('div', { class: 'tiles' }, Object.values(tiles).map(t => t.node)),
    h('div', { class: 'cols even' }, units.holder, rates.holder, mix.holder, latency.holder),
    h('h2', null, 'Answers since the sale was loaded'),
    h('div', { class: 'table-wrap' }, h('table', null, h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, 'Answer'), h('th', { scope: 'col', class: 'num' }, 'Total'),
      h('th', { scope: 'col', class: 'num' }, 'Last second'))), totals)),
    h('p', null, h('a', { href: '#/flash-sales' }, 'Back to the flash sales')));

  function push(c, x, values) {
    c.data[0].push(x);
    values.forEach((v, i) => c.data[i + 1].push(v));
    if (c.data[0].length > WINDOW) {
      c.data.forEach(s => s.shift());
    }
    c.plot.setData(c.data);
  }

  function show(tick) {
    const x = Date.parse(tick.at) / 1000;
    heading.textContent = 'Live monitor · ' + tick.state.replace('_', ' ');
    tiles.state.value.textContent = tick.state.replace('_', ' ');
    tiles.left.value.textContent = tick.units_left + ' / ' + tick.quantity;
    tiles.sold.value.textContent = String(tick.sold);
    tiles.decisions.value.textContent = String(tick.per_second.decisions);
    tiles.accepted.value.textContent = String(tick.per_second.accepted);
    tiles.soldOut.value.textContent = tick.sold_out_at ? new Date(tick.sold_out_at).toLocaleTimeString() : '–';
    tiles.left.value.dataset.units = tick.units_left;
    tiles.left.node.classList.toggle('attention', tick.units_left === 0);
    push(units, x, [tick.units_left]);
    push(rates, x, [tick.per_second.decisions, tick.per_second.accepted]);
    push(mix, x, ANSWERS.map(([name]) => tick.per_second.answers[name]));
    const l = tick.latency_ms;
    push(latency, x, [l.p50, l.p90, l.p99, l.max]);
    totals.replaceChildren(...ANSWERS.map(([name]) => h('tr', { 'data-answer': name },
      h('td', null, name.replace('_', ' ')), h('td', { class: 'num' }, String(tick.totals.answers[name])),
      h('td', { class: 'num' }, String(tick.per_second.answers[name])))),
    h('tr', { 'data-answer': 'all' }, h('th', { scope: 'row' }, 'all decisions'),
      h('td', { class: 'num', id: 'live-total-decisions' }, String(tick.totals.decisions)),
      h('td', { class: 'num' }, String(tick.per_second.decisions))));
    main.dataset.ticks = String(Number(main.dataset.ticks || 0) + 1);
    status.textContent = 'Updated ' + new Date(tick.at).toLocaleTimeString() + ' · ' + tick.instances
      + ' server process' + (tick.instances === 1 ? '' : 'es') + ' reporting · latency p99 over the last minute: '
      + (l.p99 === null ? 'no presses' : l.p99 + ' ms');
  }

  // the charts follow the page's width (a phone, a resized window)
  const charts = [units, rates, mix, latency];
  const resize = () => charts.forEach(c => c.plot.setSize({ width: Math.max(280, c.holder.clientWidth - 20), height: 220 }));
  window.addEventListener('resize', resize);
  resize();

  let stopped = false;
  const controller = new AbortController();
  ctx.signal.addEventListener('abort', () => controller.abort());

  // The stream ends when the access token expires (session_ended): open it again with a fresh token.
  async function follow() {
    while (!stopped) {
      try {
        const response = await ctx.send('/api/v1/admin/flash-sales/' + encodeURIComponent(saleId) + '/live',
          { headers: { Accept: 'text/event-stream' }, signal: controller.signal });
        if (!response.ok) {
          status.textContent = response.status === 404 ? 'No such sale.' : 'The monitor is not available ('
            + response.status + ').';
          return;
        }
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) {
            break;
          }
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const event = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = event.split('\n').find(line => line.startsWith('data: '));
            if (event.startsWith('event: tick') && data) {
              show(JSON.parse(data.slice(6)));
            }
          }
        }
      } catch (error) {
        if (stopped) {
          return;
        }
        status.textContent = 'Connection lost; reconnecting…';
      }
      await new Promise(resolve => setTimeout(resolve, 1000));
    }
  }
  follow();
  return () => {
    window.removeEventListener('resize', resize);
    stopped = true;
    controller.abort();
  };
}
