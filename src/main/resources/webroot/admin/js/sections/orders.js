// Orders: filter by status, customer and date; the order page (#/orders/<id>) lives in order.js.
import { h, table, badge, money, date, field, values, errorLine, act } from '../dom.js';
import { orderPage } from './order.js';

export const STATUSES = ['pending_payment', 'paid', 'shipped', 'delivered', 'completed', 'cancelled',
  'refund_requested', 'refunded', 'partially_refunded'];

function filters(ctx) {
  const q = ctx.query;
  const status = h('select', { name: 'status', id: 'orders-status' }, h('option', { value: '' }, 'Any status'),
    STATUSES.map(s => h('option', { value: s, selected: q.get('status') === s }, s.replace(/_/g, ' '))));
  const customer = h('input', { name: 'customer', id: 'orders-customer', placeholder: 'customer id or email',
    value: q.get('customer') || '' });
  const from = h('input', { name: 'from', type: 'date', id: 'orders-from', value: q.get('from') || '' });
  const to = h('input', { name: 'to', type: 'date', id: 'orders-to', value: q.get('to') || '' });
  const form = h('form', { class: 'filters', role: 'search' }, field('Status', status), field('Customer', customer),
    field('From', from), field('To', to), h('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    ctx.navigate('#/orders?' + new URLSearchParams(values(form)));
  });
  return form;
}

/** The query the API takes: whole days in the merchant's time zone, as instants. */
function apiQuery(query, cursor) {
  const out = new URLSearchParams({ limit: '25' });
  ['status', 'customer'].forEach(k => query.get(k) && out.set(k, query.get(k)));
  if (query.get('from')) {
    out.set('from', new Date(query.get('from') + 'T00:00:00').toISOString());
  }
  if (query.get('to')) {
    out.set('to', new Date(query.get('to') + 'T23:59:59.999').toISOString());
  }
  if (cursor) {
    out.set('cursor', cursor);
  }
  return out;
}

export function orderRows(orders) {
  return table([
    { title: 'Order', value: o => h('a', { href: '#/orders/' + o.id }, o.id.slice(0, 8)) },
    { title: 'Placed', value: o => date(o.created_at) },
    { title: 'Status', value: o => badge(o.status.replace(/_/g, ' '), o.status) },
    { title: 'Items', value: o => o.item_count },
    { title: 'Total', value: o => money(o.total) },
    { title: 'Customer', value: o => h('a', { href: '#/customers/' + o.user_id }, o.user_id.slice(0, 8)) },
  ], orders, 'No orders match.');
}

async function list(main, ctx) {
  main.append(h('h1', null, 'Orders'), filters(ctx));
  const results = h('div', { id: 'orders-results' });
  const error = errorLine();
  const more = h('button', { type: 'button', class: 'secondary pager', hidden: true }, 'More orders');
  main.append(error, results, more);
  let cursor = null;
  async function load() {
    const page = await ctx.api('/api/v1/admin/orders?' + apiQuery(ctx.query, cursor), { signal: ctx.signal });
    results.append(orderRows(page.items));
    cursor = page.next_cursor;
    more.hidden = !cursor;
  }
  more.addEventListener('click', () => act(more, error, load));
  await act(null, error, load);
}

export default {
  id: 'orders',
  title: 'Orders',
  roles: ['admin'],
  render(main, ctx) {
    return ctx.params[0] ? orderPage(main, ctx, ctx.params[0]) : list(main, ctx);
  },
};
