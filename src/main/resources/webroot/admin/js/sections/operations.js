// Operations: recommendation and prediction training status, outbox lag and dependency health
// (GET /api/v1/admin/operations), refreshed every 5 seconds while the page is open.
import { h, badge, date, errorLine, act } from '../dom.js';

const KIND = { UP: 'active', DEGRADED: 'pending', DOWN: 'failed', idle: 'active', running: 'pending' };

function row(label, value) {
  return h('tr', null, h('th', { scope: 'row' }, label), h('td', null, value === null || value === undefined ? '–' : value));
}

export default {
  id: 'operations',
  title: 'Operations',
  roles: ['admin'],
  async render(main, ctx) {
    const line = errorLine();
    const health = h('div', { id: 'ops-health' });
    const outbox = h('div', { id: 'ops-outbox' });
    const training = h('div', { id: 'ops-training' });
    const train = h('button', { type: 'button', class: 'secondary', id: 'ops-train' }, 'Train recommendations now');
    const predictions = h('div', { id: 'ops-predictions' });
    const trainPredictions = h('button', { type: 'button', class: 'secondary', id: 'ops-train-predictions' },
      'Train predictions now');
    main.append(h('h1', null, 'Operations'), line,
      h('div', { class: 'cols even' },
        h('section', { class: 'card' }, h('h2', null, 'Dependencies'), health),
        h('section', { class: 'card' }, h('h2', null, 'Outbox'), outbox)),
      h('section', { class: 'card' }, h('h2', null, 'Recommendation training'), training, train),
      h('section', { class: 'card' }, h('h2', null, 'Prediction training'), predictions, trainPredictions));

    async function load() {
      const [ops, recs, preds] = await Promise.all([
        ctx.api('/api/v1/admin/operations', { signal: ctx.signal }),
        ctx.api('/api/v1/admin/recommendations/status', { signal: ctx.signal }),
        ctx.api('/api/v1/admin/predictions/status', { signal: ctx.signal }),
      ]);
      health.replaceChildren(h('p', null, 'Overall: ', badge(ops.status, KIND[ops.status])),
        h('div', { class: 'table-wrap' }, h('table', null, h('tbody', null,
          Object.entries(ops.dependencies).map(([name, dep]) => row(name,
            h('span', null, badge(dep.status, KIND[dep.status]), dep.required ? '' : ' (optional)')))))),
        h('p', { class: 'muted' }, 'Checked ' + date(ops.checked_at)));
      outbox.replaceChildren(h('div', { class: 'table-wrap' }, h('table', null, h('tbody', null,
        row('Events waiting for Kafka', String(ops.outbox.pending)),
        row('Oldest waiting since', ops.outbox.oldest_pending_at ? date(ops.outbox.oldest_pending_at) : 'none waiting'),
        row('Lag', ops.outbox.lag_seconds.toFixed(1) + ' s'),
        row('Flash-sale purchases being written (this instance)', String(ops.flash_sale_writes_pending))))));
      training.replaceChildren(h('div', { class: 'table-wrap' }, h('table', null, h('tbody', null,
        row('State', badge(recs.state, KIND[recs.state])),
        row('Last trained', recs.trained_at ? date(recs.trained_at) : 'never'),
        row('Took', recs.duration_ms === null || recs.duration_ms === undefined ? null : recs.duration_ms + ' ms'),
        row('Customers / products', recs.users === null || recs.users === undefined ? null
          : recs.users + ' / ' + recs.products),
        row('Model memory', recs.memory_bytes ? Math.round(recs.memory_bytes / 1024) + ' KiB' : null),
        row('Last error', recs.last_error),
        row('Last offline evaluation', recs.evaluation ? JSON.stringify(recs.evaluation).slice(0, 200) : null)))));
      predictions.replaceChildren(h('p', null, 'State: ', badge(preds.state, KIND[preds.state]),
        preds.cutoff ? ' · learned from history before ' + preds.cutoff : ''),
      h('div', { class: 'table-wrap' }, h('table', null,
        h('thead', null, h('tr', null, ['Model', 'Finished', 'Took', 'Learned from', 'Error']
          .map(title => h('th', { scope: 'col' }, title)))),
        h('tbody', null, preds.models.length ? preds.models.map(m => h('tr', { 'data-model': m.model },
          h('td', null, m.model), h('td', null, m.finished_at ? date(m.finished_at) : m.started_at ? 'training…' : 'never'),
          h('td', null, m.duration_ms === null || m.duration_ms === undefined ? '–' : m.duration_ms + ' ms'),
          h('td', null, m.rows === null || m.rows === undefined ? '–' : m.rows + ' rows'),
          h('td', null, m.last_error || '')))
          : h('tr', null, h('td', { colspan: 5, class: 'muted' }, 'Never trained.'))))));
      main.dataset.loaded = 'true';
    }

    train.addEventListener('click', () => act(train, line, async () => {
      await ctx.api('/api/v1/admin/recommendations:train', { method: 'POST' });
      await load();
    }));
    trainPredictions.addEventListener('click', () => act(trainPredictions, line, async () => {
      await ctx.api('/api/v1/admin/predictions:train', { method: 'POST' });
      await load();
    }));
    await load();
    const timer = setInterval(() => load().catch(error => line.fail(error)), 5000);
    return () => clearInterval(timer);
  },
};
