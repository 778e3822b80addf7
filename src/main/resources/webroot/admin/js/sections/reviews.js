// The review moderation queue: pending reviews, approved or rejected with an optional note.
import { h, errorLine, act, table, date } from '../dom.js';

export async function reviewQueue(main, ctx) {
  const error = errorLine();
  main.append(error);
  const found = await ctx.api('/api/v1/moderation/reviews?status=pending&limit=50', { signal: ctx.signal });
  main.append(table([
    { title: 'Rating', value: r => '★'.repeat(r.rating) },
    { title: 'Review', value: r => h('div', null, h('strong', null, r.title || ''), h('div', null, r.body || '')) },
    { title: 'Product', value: r => h('a', { href: '#/catalog/' + r.product_id }, r.product_id.slice(0, 8)) },
    { title: 'Written', value: r => date(r.created_at) },
    { title: 'Decision', value: r => {
      const note = h('input', { maxlength: 500, 'aria-label': 'Note for review ' + r.id, placeholder: 'note (optional)' });
      const decide = (verb, button) => act(button, error, async () => {
        await ctx.api('/api/v1/moderation/reviews/' + r.id + '/' + verb, { method: 'POST',
          body: note.value.trim() ? { note: note.value.trim() } : {} });
        ctx.refresh();
      });
      const approve = h('button', { type: 'button' }, 'Approve');
      const reject = h('button', { type: 'button', class: 'danger' }, 'Reject');
      approve.addEventListener('click', () => decide('approve', approve));
      reject.addEventListener('click', () => decide('reject', reject));
      return h('div', { class: 'row' }, note, approve, reject);
    } },
  ], found.items, 'No reviews waiting.'));
}
