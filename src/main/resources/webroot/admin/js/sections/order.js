// One order: lines, history timeline, payments and refunds, ship/deliver, and its return requests.
import { h, table, badge, money, date, field, errorLine, act } from '../dom.js';

function lines(order) {
  return table([
    { title: 'SKU', value: l => l.sku_code },
    { title: 'Product', value: l => h('a', { href: '#/catalog/' + l.product_id }, l.title) },
    { title: 'Options', value: l => Object.entries(l.options || {}).map(([k, v]) => k + ': ' + v).join(', ') },
    { title: 'Unit price', value: l => money(l.unit_price) },
    { title: 'Qty', value: l => l.quantity },
    { title: 'Total', value: l => money(l.line_total) },
  ], order.lines);
}

function timeline(order) {
  return h('ol', { class: 'timeline', id: 'order-history' }, (order.history || []).map(step => h('li', null,
    h('strong', null, (step.to || '').replace(/_/g, ' ')), ' · ', date(step.at),
    step.actor ? h('span', { class: 'muted' }, ' by ' + step.actor) : null,
    step.reason ? h('div', { class: 'muted' }, step.reason) : null)));
}

function shipForm(ctx, order) {
  const carrier = h('input', { name: 'carrier', id: 'ship-carrier', required: true, maxlength: 100 });
  const tracking = h('input', { name: 'tracking_number', id: 'ship-tracking', required: true, maxlength: 100 });
  const button = h('button', { type: 'submit', id: 'ship-button' }, 'Mark shipped');
  const error = errorLine();
  const form = h('form', { class: 'card stack', 'aria-label': 'Ship' }, h('h2', null, 'Ship'),
    h('div', { class: 'row' }, field('Carrier', carrier), field('Tracking number', tracking), button), error);
  form.addEventListener('submit', event => {
    event.preventDefault();
    act(button, error, async () => {
      await ctx.api('/api/v1/admin/orders/' + order.id + '/ship', { method: 'POST',
        body: { carrier: carrier.value.trim(), tracking_number: tracking.value.trim() } });
      ctx.refresh();
    });
  });
  return form;
}

function deliverButton(ctx, order) {
  const error = errorLine();
  const button = h('button', { type: 'button', id: 'deliver-button' }, 'Mark delivered');
  button.addEventListener('click', () => act(button, error, async () => {
    await ctx.api('/api/v1/admin/orders/' + order.id + '/deliver', { method: 'POST', body: {} });
    ctx.refresh();
  }));
  return h('div', { class: 'card stack' }, h('h2', null, 'Delivery'),
    h('p', null, 'Shipped with ' + order.carrier + ', tracking ' + order.tracking_number + '.'), button, error);
}

function payments(found) {
  if (!found) {
    return h('p', { class: 'muted' }, 'No payments.');
  }
  const items = found.items || [];
  return h('div', null, table([
    { title: 'Attempt', value: p => p.attempt },
    { title: 'Status', value: p => badge(p.status) },
    { title: 'Amount', value: p => money(p.amount) },
    { title: 'Captured', value: p => money(p.captured) },
    { title: 'Refunded', value: p => money(p.refunded) },
    { title: 'Provider', value: p => p.provider + ' ' + (p.provider_payment_id || '') },
  ], items, 'No payments yet.'),
  items.flatMap(p => p.refunds || []).length ? h('h3', null, 'Refunds') : null,
  table([
    { title: 'When', value: r => date(r.created_at) },
    { title: 'Status', value: r => badge(r.status) },
    { title: 'Amount', value: r => money(r.amount) },
    { title: 'Reason', value: r => r.reason || '' },
  ], items.flatMap(p => p.refunds || []), ''));
}

function returnItem(ctx, request) {
  const reason = h('input', { name: 'reason', required: true, maxlength: 500, id: 'return-reason-' + request.id });
  const approve = h('button', { type: 'button', class: 'return-approve' }, 'Approve and refund');
  const decline = h('button', { type: 'button', class: 'danger return-decline' }, 'Decline');
  const error = errorLine();
  const path = '/api/v1/admin/returns/' + request.id;
  approve.addEventListener('click', () => act(approve, error, async () => {
    await ctx.api(path + '/approve', { method: 'POST', body: { restock: true } });
    ctx.refresh();
  }));
  decline.addEventListener('click', () => act(decline, error, async () => {
    if (!reason.value.trim()) {
      reason.focus();
      throw new Error('Say why the return is declined.');
    }
    await ctx.api(path + '/decline', { method: 'POST', body: { reason: reason.value.trim() } });
    ctx.refresh();
  }));
  const open = request.status === 'requested';
  return h('li', { class: 'card stack' },
    h('div', null, badge(request.status), ' ', date(request.created_at), ' — ', request.reason || ''),
    request.decision_reason ? h('p', { class: 'muted' }, 'Decision: ' + request.decision_reason) : null,
    request.refund ? h('p', null, 'Refund ' + money(request.refund)) : null,
    open ? h('div', { class: 'row' }, approve, field('Reason to decline', reason), decline) : null, error);
}

export async function orderPage(main, ctx, id) {
  const order = await ctx.api('/api/v1/admin/orders/' + encodeURIComponent(id), { signal: ctx.signal });
  const found = await ctx.api('/api/v1/orders/' + order.id + '/payments').catch(() => null);
  const returns = order.returns || [];
  main.append(
    h('p', null, h('a', { href: '#/orders' }, '← Orders')),
    h('h1', null, 'Order ', order.id.slice(0, 8), ' ', badge(order.status.replace(/_/g, ' '), order.status)),
    h('p', { class: 'muted' }, 'Placed ' + date(order.created_at) + ' by ', h('a', { href: '#/customers/' + order.user_id },
      'customer ' + order.user_id.slice(0, 8)), ' · total ', money(order.total), ' (shipping ', money(order.shipping), ')'),
    h('div', { class: 'cols' },
      h('div', null, h('h2', null, 'Lines'), lines(order), h('h2', null, 'Payments'), payments(found),
        h('h2', null, 'Returns'), returns.length ? h('ul', { class: 'stack', id: 'returns' },
          returns.map(r => returnItem(ctx, r))) : h('p', { class: 'muted' }, 'No return requests.')),
      h('div', null,
        order.status === 'paid' ? shipForm(ctx, order) : null,
        order.status === 'shipped' ? deliverButton(ctx, order) : null,
        h('h2', null, 'History'), timeline(order),
        order.shipping_address ? h('div', null, h('h2', null, 'Ship to'), h('address', null,
          ['recipient', 'line1', 'line2', 'postal_code', 'city', 'country'].map(k => order.shipping_address[k])
            .filter(Boolean).map(v => h('div', null, v)))) : null)));
}
