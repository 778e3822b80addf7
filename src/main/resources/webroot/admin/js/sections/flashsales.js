// Flash sales: the list, scheduling and editing a sale (before it starts, with If-Match), cancelling, and the live
// monitor (flashlive.js) at #/flash-sales/<id>/live.
import { h, table, badge, money, date, field, errorLine, act, notice } from '../dom.js';
import { newKey } from '../api.js';
import { monitor } from './flashlive.js';

const STATES = { scheduled: 'pending', live: 'open', sold_out: 'shipped', ended: 'archived', cancelled: 'cancelled' };

export default {
  id: 'flash-sales',
  title: 'Flash sales',
  roles: ['admin'],
  render(main, ctx) {
    const [id, view] = ctx.params;
    if (id === 'new') {
      return form(main, ctx, null);
    }
    if (id && view === 'live') {
      return monitor(main, ctx, id);
    }
    if (id && view === 'edit') {
      return ctx.api('/api/v1/admin/flash-sales/' + encodeURIComponent(id)).then(sale => form(main, ctx, sale));
    }
    return list(main, ctx);
  },
};

async function list(main, ctx) {
  main.append(h('div', { class: 'row' }, h('h1', null, 'Flash sales'),
    h('a', { class: 'button', href: '#/flash-sales/new', id: 'schedule-sale' }, 'Schedule a sale')));
  const line = errorLine();
  main.append(line);
  const page = await ctx.api('/api/v1/admin/flash-sales?limit=100', { signal: ctx.signal });
  main.append(table([
    { title: 'Product', value: s => h('span', null, s.product ? s.product.title : s.sku_id,
      h('br'), h('small', { class: 'muted' }, s.product ? s.product.sku_code : '')) },
    { title: 'Price', value: s => money(s.sale_price) },
    { title: 'Sold', value: s => s.sold + ' / ' + s.quantity },
    { title: 'Limit', value: s => String(s.per_user_limit) },
    { title: 'Window', value: s => date(s.starts_at) + ' – ' + date(s.ends_at) },
    { title: 'State', value: s => badge(s.state.replace('_', ' '), STATES[s.state]) },
    { title: '', value: s => h('span', { class: 'row' },
      h('a', { href: '#/flash-sales/' + s.id + '/live', class: 'monitor-link' }, 'Monitor'),
      s.state === 'scheduled' ? h('a', { href: '#/flash-sales/' + s.id + '/edit' }, 'Edit') : null,
      s.state === 'scheduled' || s.state === 'live' || s.state === 'sold_out'
        ? h('button', { type: 'button', class: 'link', onclick: e => cancel(e.target, line, ctx, s) }, 'Cancel') : null) },
  ], page.items, 'No flash sales yet. Schedule one to start.'));
}

async function cancel(button, line, ctx, sale) {
  if (!confirm('Cancel this sale? Buyers are turned away from now on; orders already taken stay.')) {
    return;
  }
  await act(button, line, async () => {
    await ctx.api('/api/v1/admin/flash-sales/' + sale.id + '/cancel', { method: 'POST' });
    notice('The sale was cancelled; its unsold units are back on the SKU.');
    ctx.refresh();
  });
}

/** A local date-time input's value ("2026-12-02T10:00") for an ISO instant, and back. */
function local(iso) {
  const d = new Date(iso);
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

function iso(value) {
  return new Date(value).toISOString();
}

async function form(main, ctx, sale) {
  const editing = Boolean(sale);
  main.append(h('h1', null, editing ? 'Edit flash sale' : 'Schedule a flash sale'));
  const line = errorLine();
  const start = new Date(Date.now() + 3600_000);
  const skuSelect = h('select', { name: 'sku_id', required: true, id: 'sale-sku' },
    h('option', { value: '' }, editing ? (sale.product ? sale.product.sku_code : sale.sku_id) : 'Search for a product first'));
  const search = h('input', { type: 'search', id: 'sku-search', placeholder: 'Product name', autocomplete: 'off' });
  const price = h('input', { type: 'number', name: 'price', min: '0', step: '0.01', required: true, id: 'sale-price',
    value: editing ? (sale.sale_price.amount / 100).toFixed(2) : '' });
  const quantity = h('input', { type: 'number', name: 'quantity', min: '1', required: true, id: 'sale-quantity',
    value: editing ? sale.quantity : '' });
  const limit = h('input', { type: 'number', name: 'per_user_limit', min: '1', required: true, id: 'sale-limit',
    value: editing ? sale.per_user_limit : 1 });
  const starts = h('input', { type: 'datetime-local', name: 'starts_at', required: true, id: 'sale-starts',
    value: local(editing ? sale.starts_at : start.toISOString()) });
  const ends = h('input', { type: 'datetime-local', name: 'ends_at', required: true, id: 'sale-ends',
    value: local(editing ? sale.ends_at : new Date(start.getTime() + 3600_000).toISOString()) });
  const submit = h('button', { type: 'submit', id: 'sale-submit' }, editing ? 'Save changes' : 'Schedule');
  const found = h('p', { class: 'muted', role: 'status' });

  search.addEventListener('change', () => act(null, line, async () => {
    const q = search.value.trim();
    if (!q) {
      return;
    }
    const hits = await ctx.api('/api/v1/search?limit=10&q=' + encodeURIComponent(q), { signal: ctx.signal });
    const options = [];
    for (const hit of hits.items.slice(0, 5)) {
      const product = await ctx.api('/api/v1/admin/products/' + hit.id, { signal: ctx.signal });
      for (const sku of product.admin_skus || product.skus || []) {
        const free = sku.on_hand !== undefined ? sku.on_hand - (sku.reserved || 0) : undefined;
        options.push(h('option', { value: sku.id }, product.title + ' · ' + sku.code
          + (free !== undefined ? ' (' + free + ' free)' : '')));
      }
    }
    skuSelect.replaceChildren(...(options.length ? options : [h('option', { value: '' }, 'No SKU found')]));
    found.textContent = options.length + ' SKUs found';
  }));

  const body = h('form', { class: 'card stack', novalidate: false },
    editing ? null : h('div', { class: 'row' }, field('Find the product', search), field('SKU', skuSelect), found),
    h('div', { class: 'row' }, field('Sale price', price), field('Quantity', quantity, 'Reserved from the SKU at once'),
      field('Per customer', limit)),
    h('div', { class: 'row' }, field('Starts', starts), field('Ends', ends)),
    line, h('div', { class: 'row' }, submit, h('a', { href: '#/flash-sales' }, 'Back to the list')));
  body.addEventListener('submit', event => {
    event.preventDefault();
    act(submit, line, async () => {
      const payload = {
        sale_amount: Math.round(Number(price.value) * 100),
        quantity: Number(quantity.value),
        per_user_limit: Number(limit.value),
        starts_at: iso(starts.value),
        ends_at: iso(ends.value),
      };
      if (editing) {
        await ctx.api('/api/v1/admin/flash-sales/' + sale.id, { method: 'PATCH', body: payload,
          headers: { 'If-Match': '"' + sale.version + '"' } });
        notice('The sale was changed.');
      } else {
        payload.sku_id = skuSelect.value;
        payload.payment_window_minutes = 15;
        await ctx.api('/api/v1/admin/flash-sales', { method: 'POST', body: payload,
          headers: { 'Idempotency-Key': newKey() } });
        notice('The sale is scheduled.');
      }
      ctx.navigate('#/flash-sales');
    });
  });
  main.append(body);
}
