// Bulk import: an NDJSON file of products, one result line streamed back per input line, shown as it arrives.
import { h, field, errorLine, act, eachLine } from '../dom.js';

export async function importPage(main, ctx) {
  const input = h('input', { type: 'file', accept: '.ndjson,.jsonl,application/x-ndjson', id: 'import-file', required: true });
  const button = h('button', { type: 'submit', id: 'import-button' }, 'Import');
  const error = errorLine();
  const progress = h('progress', { class: 'progress', id: 'import-progress', max: 1, value: 0 });
  const counts = h('p', { id: 'import-counts', role: 'status' });
  const log = h('ol', { class: 'log', id: 'import-log', 'aria-label': 'Result per line' });
  const form = h('form', { class: 'card stack' }, field('Products file (NDJSON, one product per line)', input), button, error);
  form.addEventListener('submit', event => {
    event.preventDefault();
    const file = input.files[0];
    if (!file) {
      return;
    }
    act(button, error, async () => {
      log.replaceChildren();
      const total = (await file.text()).split('\n').filter(line => line.trim()).length;
      progress.max = Math.max(total, 1);
      progress.value = 0;
      const tally = { created: 0, updated: 0, error: 0, skipped: 0 };
      const response = await ctx.send('/api/v1/admin/products:import', { method: 'POST', body: file,
        headers: { 'Content-Type': 'application/x-ndjson', Accept: 'application/x-ndjson' } });
      if (!response.ok) {
        const problem = await response.json().catch(() => null);
        throw Object.assign(new Error(problem && problem.detail || 'HTTP ' + response.status), { problem });
      }
      await eachLine(response.body, line => {
        const result = JSON.parse(line);
        if (result.summary) {
          counts.textContent = 'Done: ' + result.created + ' created, ' + result.updated + ' updated, ' + result.failed + ' failed.';
          return;
        }
        tally[result.status] = (tally[result.status] || 0) + 1;
        progress.value = Math.max(progress.value, result.line || 0);
        counts.textContent = progress.value + ' of ' + total + ' lines';
        const bad = result.status === 'error';
        log.append(h('li', { class: bad ? 'bad' : '' }, 'line ' + result.line + ': ' + result.status,
          result.slug ? ' ' + result.slug : '', bad ? ' — ' + [result.field, result.message || result.code].filter(Boolean).join(': ') : ''));
        log.scrollTop = log.scrollHeight;
      });
    });
  });
  main.append(h('p', null, h('a', { href: '#/catalog' }, '← Catalog')), h('h1', null, 'Bulk import'), form,
    progress, counts, log);
}
