// Dashboard: orders and revenue per day, and what waits for the merchant (to ship, to answer, to moderate, to check).
import { h, money, errorLine } from '../dom.js';
import { dailyChart } from '../chart.js';
import { orderRows } from './orders.js';

const DAYS = 14;
const MAX_PAGES = 10;

/** Orders of the last DAYS days, read page by page (at most MAX_PAGES × 100; the chart says when it was cut). */
async function recentOrders(ctx, since) {
  const orders = [];
  let cursor = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const q = new URLSearchParams({ limit: '100', from: since.toISOString() });
    if (cursor) {
      q.set('cursor', cursor);
    }
    const found = await ctx.api('/api/v1/admin/orders?' + q, { signal: ctx.signal });
    orders.push(...found.items);
    cursor = found.next_cursor;
    if (!cursor) {
      return { orders, complete: true };
    }
  }
  return { orders, complete: false };
}

function perDay(orders, since) {
  const days = [];
  const counts = [];
  const revenue = [];
  const index = new Map();
  for (let i = 0; i <= DAYS; i++) {
    const day = new Date(since.getFullYear(), since.getMonth(), since.getDate() + i);
    index.set(day.toDateString(), i);
    days.push(day.getTime() / 1000);
    counts.push(0);
    revenue.push(0);
  }
  let currency = 'EUR';
  for (const order of orders) {
    const i = index.get(new Date(order.created_at).toDateString());
    if (i === undefined || order.status === 'cancelled' || order.status === 'pending_payment') {
      continue;
    }
    counts[i] += 1;
    revenue[i] += order.total.amount;
    currency = order.total.currency;
  }
  return { days, counts, revenue, currency };
}

function tile(id, label, count, href, attention) {
  return h('a', { class: 'tile' + (attention && count ? ' attention' : ''), href, id },
    h('strong', null, count === null ? '–' : count), label);
}

async function count(ctx, path) {
  try {
    const found = await ctx.api(path, { signal: ctx.signal });
    const n = found.items.length;
    return found.next_cursor ? n + '+' : n;
  } catch (error) {
    return null;
  }
}

export default {
  id: 'dashboard',
  title: 'Dashboard',
  roles: ['admin'],
  async render(main, ctx) {
    const error = errorLine();
    const tiles = h('div', { class: 'tiles', id: 'dashboard-tiles' });
    const chart = h('div', { class: 'chart', id: 'orders-chart', role: 'img', 'aria-label': 'Orders and revenue per day' });
    const summary = h('p', { class: 'muted', id: 'orders-summary' });
    const waiting = h('div');
    main.append(h('h1', null, 'Dashboard'), error, tiles, h('h2', null, 'Orders and revenue, last ' + DAYS + ' days'),
      chart, summary, h('h2', null, 'Waiting to ship'), waiting);
    const since = new Date();
    since.setHours(0, 0, 0, 0);
    since.setDate(since.getDate() - DAYS);
    const [toShip, tickets, reviews, discrepancies, returns] = await Promise.all([
      ctx.api('/api/v1/admin/orders?status=paid&limit=100', { signal: ctx.signal }).catch(() => null),
      count(ctx, '/api/v1/support/agent/tickets?status=open&limit=100'),
      count(ctx, '/api/v1/moderation/reviews?status=pending&limit=100'),
      ctx.api('/api/v1/admin/payments/discrepancies', { signal: ctx.signal }).catch(() => null),
      count(ctx, '/api/v1/admin/returns?status=requested&limit=100'),
    ]);
    tiles.append(
      tile('tile-to-ship', 'orders waiting to ship', toShip ? toShip.items.length + (toShip.next_cursor ? '+' : '') : null,
        '#/orders?status=paid', true),
      tile('tile-returns', 'return requests', returns, '#/orders?status=refund_requested', true),
      tile('tile-tickets', 'open tickets', tickets, '#/support', true),
      tile('tile-reviews', 'reviews to moderate', reviews, '#/support/reviews', true),
      tile('tile-discrepancies', 'payment discrepancies', discrepancies ? discrepancies.items.length : null,
        '#/dashboard', true));
    waiting.append(toShip ? orderRows(toShip.items.slice(0, 10)) : h('p', { class: 'muted' }, 'Not available.'));
    try {
      const { orders, complete } = await recentOrders(ctx, since);
      const data = perDay(orders, since);
      const total = data.revenue.reduce((a, b) => a + b, 0);
      summary.textContent = data.counts.reduce((a, b) => a + b, 0) + ' paid orders, ' + money(total, data.currency)
        + (complete ? '' : ' (the most recent ' + orders.length + ' orders only)');
      return dailyChart(chart, data.days, [
        { label: 'Orders', values: data.counts, color: '#0b5cad', fill: 'rgba(11,92,173,.12)' },
        { label: 'Revenue', values: data.revenue, color: '#1b6e35', format: v => money(v, data.currency) },
      ]);
    } catch (failure) {
      error.fail(failure);
      return undefined;
    }
  },
};
