// Dashboard: orders and revenue per day, and what waits for the merchant (to ship, to answer, to moderate, to check,
// to restock). One call: the server aggregates (GET /api/v1/admin/dashboard), the browser only draws.
import { h, money, errorLine, table } from '../dom.js';
import { dailyChart } from '../chart.js';
import { orderRows } from './orders.js';

const DAYS = 30;

function tile(id, label, count, href) {
  return h('a', { class: 'tile' + (count ? ' attention' : ''), href, id },
    h('strong', null, count === null || count === undefined ? '–' : count), label);
}

/** Unix seconds of a UTC day ("2026-12-01"), as the chart's time axis takes them. */
function seconds(date) {
  return Date.parse(date + 'T00:00:00Z') / 1000;
}

function salesSummary(sales) {
  if (!sales.length) {
    return 'No paid orders in the last ' + DAYS + ' days.';
  }
  return sales.map(s => s.orders + (s.orders === 1 ? ' paid order, ' : ' paid orders, ') + money(s.revenue.amount, s.currency)).join(' · ')
    + ' (by UTC day placed, before refunds)';
}

function lowStockList(low) {
  if (!low.skus.length) {
    return h('p', { class: 'muted' }, 'No SKU is at or below ' + low.threshold + ' available units.');
  }
  return table([
    { title: 'SKU', value: s => h('a', { href: '#/catalog/' + s.product_id }, s.code) },
    { title: 'Product', value: s => s.product_title },
    { title: 'Available', value: s => String(s.available) },
    { title: 'On hand', value: s => String(s.on_hand) },
    { title: 'Reserved', value: s => String(s.reserved) },
  ], low.skus);
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
    const lowStock = h('div', { id: 'low-stock' });
    main.append(h('h1', null, 'Dashboard'), error, tiles, h('h2', null, 'Orders and revenue, last ' + DAYS + ' days'),
      chart, summary, h('h2', null, 'Waiting to ship'), waiting, h('h2', null, 'Low on stock'), lowStock);
    let board;
    try {
      board = await ctx.api('/api/v1/admin/dashboard?days=' + DAYS, { signal: ctx.signal });
    } catch (failure) {
      error.fail(failure);
      return undefined;
    }
    tiles.append(
      tile('tile-to-ship', 'orders waiting to ship', board.to_ship, '#/orders?status=paid'),
      tile('tile-returns', 'return requests', board.returns_requested, '#/orders?status=refund_requested'),
      tile('tile-tickets', 'open tickets', board.open_tickets, '#/support'),
      tile('tile-reviews', 'reviews to moderate', board.reviews_to_moderate, '#/support/reviews'),
      tile('tile-discrepancies', 'payment discrepancies', board.payment_discrepancies, '#/dashboard'),
      tile('tile-low-stock', 'SKUs low on stock (≤ ' + board.low_stock.threshold + ')', board.low_stock.count,
        '#/catalog?status=active&low_stock=true'));
    summary.textContent = salesSummary(board.sales);
    lowStock.append(lowStockList(board.low_stock));
    const toShip = await ctx.api('/api/v1/admin/orders?status=paid&limit=10', { signal: ctx.signal }).catch(() => null);
    waiting.append(toShip ? orderRows(toShip.items) : h('p', { class: 'muted' }, 'Not available.'));
    // the chart draws the currency that sold most orders; the summary names every currency
    const chosen = board.sales.slice().sort((a, b) => b.orders - a.orders)[0];
    const days = chosen ? chosen.per_day : [];
    const currency = chosen ? chosen.currency : 'EUR';
    const axis = days.length ? days.map(d => seconds(d.date))
      : Array.from({ length: board.days }, (_, i) => seconds(board.from) + i * 86400);
    return dailyChart(chart, axis, [
      { label: 'Orders', values: days.length ? days.map(d => d.orders) : axis.map(() => 0), color: '#0b5cad',
        fill: 'rgba(11,92,173,.12)' },
      { label: 'Revenue (' + currency + ')', values: days.length ? days.map(d => d.revenue) : axis.map(() => 0),
        color: '#1b6e35', format: v => money(v, currency) },
    ]);
  },
};
