// The shopper's orders, and one order whose status follows the order-events stream live.
import { api, signedIn, orderEvents } from './api.js';
import { h, show, money, date, options, problemText } from './dom.js';
import { go, onLeave } from './app.js';
import { pay } from './cart.js';

const STATUS = {
  pending_payment: 'Awaiting payment', paid: 'Paid', shipped: 'Shipped', delivered: 'Delivered',
  completed: 'Completed', cancelled: 'Cancelled', refund_requested: 'Refund requested', refunded: 'Refunded',
  partially_refunded: 'Partly refunded',
};

export function statusText(status) {
  return STATUS[status] || status;
}

function needSession(path) {
  if (!signedIn()) {
    go('#/signin?next=' + encodeURIComponent(path));
    return true;
  }
  return false;
}

export async function orders() {
  if (needSession('/orders')) {
    return;
  }
  const list = h('ul', { class: 'orders', id: 'order-list' });
  const add = items => items.forEach(o => list.append(h('li', { 'data-id': o.id },
    h('a', { href: '#/orders/' + o.id }, 'Order of ' + date(o.created_at)),
    h('span', { class: 'status ' + o.status }, statusText(o.status)),
    h('span', null, (o.item_count || '') + ' items · ' + money(o.total)))));
  const body = await api('/api/v1/orders?limit=20');
  add(body.items || []);
  let cursor = body.next_cursor;
  const more = cursor ? h('button', {
    type: 'button', class: 'secondary', onclick: async event => {
      const page = await api('/api/v1/orders?limit=20&cursor=' + encodeURIComponent(cursor));
      add(page.items || []);
      cursor = page.next_cursor;
      event.target.hidden = !cursor;
    },
  }, 'Older orders') : null;
  show(h('h1', null, 'Your orders'), (body.items || []).length ? list : h('p', null, 'No orders yet.'), more);
  // new orders (a flash-sale purchase, a checkout in another tab) appear without a reload
  onLeave(orderEvents(type => {
    if (type === 'order.created') {
      api('/api/v1/orders?limit=20').then(fresh => {
        list.replaceChildren();
        add(fresh.items || []);
      });
    }
  }));
}

export async function order(params, id) {
  if (needSession('/orders/' + id)) {
    return;
  }
  const status = h('strong', { id: 'order-status', 'aria-live': 'polite' });
  const actions = h('div', { class: 'row', id: 'order-actions' });
  const message = h('p', { role: 'status', id: 'order-message' });
  const history = h('ol', { class: 'history' });
  const deadline = h('p', { class: 'muted', id: 'order-deadline' });
  const render = o => {
    status.textContent = statusText(o.status);
    status.dataset.status = o.status;
    deadline.textContent = o.status === 'pending_payment' && o.payment_deadline ? 'Pay by ' + date(o.payment_deadline) : '';
    deadline.hidden = !deadline.textContent;
    history.replaceChildren(...(o.history || []).map(e => h('li', null, date(e.at) + ': ' + statusText(e.to)
      + (e.reason ? ' (' + e.reason + ')' : ''))));
    actions.replaceChildren(...buttons(o, message, reload));
  };
  const reload = async () => render(await api('/api/v1/orders/' + id));
  let o;
  try {
    o = await api('/api/v1/orders/' + id);
  } catch (e) {
    show(h('h1', null, 'Order not found'), h('p', null, problemText(e)));
    return;
  }
  const address = o.shipping_address;
  show(h('h1', null, 'Your order'),
    h('p', null, 'Status: ', status),
    h('p', { class: 'muted' }, 'Order ', h('code', null, o.id), ' · placed ', date(o.created_at)),
    deadline,
    h('ul', { class: 'lines' }, (o.lines || []).map(l => h('li', { class: 'line' },
      h('div', null, h('a', { href: '#/p/' + l.product_id }, l.title || l.sku_code), h('p', { class: 'muted' }, options(l.options))),
      h('div', null, '× ' + l.quantity), h('div', { class: 'line-total' }, money(l.line_total))))),
    h('p', { class: 'subtotal' }, 'Total: ', h('strong', null, money(o.total)),
      o.shipping && o.shipping.amount ? ' (shipping ' + money(o.shipping) + ')' : ''),
    address ? h('p', null, 'Ships to: ', [address.recipient, address.line1, address.postal_code + ' ' + address.city,
      address.country].join(', ')) : h('p', { class: 'muted' }, 'No shipping address yet.'),
    o.tracking_number ? h('p', null, 'Tracking: ', o.carrier || '', ' ', o.tracking_number) : null,
    actions, message,
    h('details', null, h('summary', null, 'History'), history));
  render(o);
  onLeave(orderEvents((type, event) => {
    if (event.aggregate_id === id || (event.data && event.data.order_id === id)) {
      reload();
    }
  }));
}

function buttons(o, message, reload) {
  const out = [];
  const act = (label, fn, cls) => out.push(h('button', {
    type: 'button', class: cls || 'secondary', onclick: async event => {
      event.target.disabled = true;
      message.textContent = '';
      try {
        await fn();
        await reload();
      } catch (e) {
        message.textContent = problemText(e);
        event.target.disabled = false;
      }
    },
  }, label));
  if (o.status === 'pending_payment') {
    act('Pay now', () => pay(o.id), 'primary');
  }
  if (['pending_payment', 'paid'].includes(o.status)) {
    act(o.status === 'paid' ? 'Cancel and refund' : 'Cancel order', () => api('/api/v1/orders/' + o.id + '/cancel',
      { method: 'POST', body: { reason: 'Cancelled by the customer' } }));
  }
  if (o.status === 'shipped' || o.status === 'delivered') {
    act('I received it', () => api('/api/v1/orders/' + o.id + '/confirm-receipt', { method: 'POST' }));
  }
  if (['delivered', 'completed'].includes(o.status)) {
    const reason = h('input', { id: 'return-reason', maxlength: 500, required: true });
    out.push(h('details', null, h('summary', null, 'Return items'), h('form', {
      class: 'row', onsubmit: async event => {
        event.preventDefault();
        try {
          await api('/api/v1/orders/' + o.id + '/returns', { method: 'POST', body: { reason: reason.value } });
          await reload();
        } catch (e) {
          message.textContent = problemText(e);
        }
      },
    }, h('label', { for: 'return-reason' }, 'Why?'), reason, h('button', { type: 'submit' }, 'Ask for a return'))));
  }
  return out;
}
