// The cart (a guest's by its token, a user's by the session) and checkout with a saved or new address.
import { api, optional, signedIn, newKey } from './api.js';
import { h, show, money, options, problemText, field, notice, grid } from './dom.js';
import { refreshCartCount, go } from './app.js';

const FLAG_TEXT = {
  unavailable: 'No longer available: remove it to check out.',
  insufficient_stock: 'Not enough in stock for this quantity.',
  price_changed: 'The price changed since you added it.',
  other_currency: 'Priced in another currency: buy it in a separate order.',
};

function line(l, rerender) {
  const qty = h('input', {
    type: 'number', min: 1, max: 99, value: String(l.quantity), 'aria-label': 'Quantity of ' + (l.product ? l.product.title : l.sku_code),
    onchange: async event => {
      const quantity = Number(event.target.value);
      try {
        rerender(await api('/api/v1/cart/items/' + l.sku_id, { method: 'PUT', body: { quantity } }));
      } catch (error) {
        notice(problemText(error));
      }
    },
  });
  const flags = (l.flags || []).map(f => h('p', { class: 'flag ' + f }, FLAG_TEXT[f] || f,
    f === 'price_changed' && l.added_unit_price ? ' Was ' + money(l.added_unit_price) + '.' : ''));
  return h('li', { class: 'line', 'data-sku': l.sku_code || l.sku_id },
    h('div', null,
      l.product ? h('a', { href: '#/p/' + encodeURIComponent(l.product.slug) }, l.product.title) : h('span', null, 'Unknown item'),
      h('p', { class: 'muted' }, options(l.options) || l.sku_code || ''), flags),
    h('div', { class: 'line-qty' }, qty,
      h('button', {
        type: 'button', class: 'link', onclick: async () => rerender(await api('/api/v1/cart/items/' + l.sku_id, { method: 'DELETE' })),
      }, 'Remove')),
    h('div', { class: 'line-total' }, l.line_total ? money(l.line_total) : '—',
      l.unit_price && l.quantity > 1 ? h('p', { class: 'muted' }, money(l.unit_price) + ' each') : null));
}

export async function cart() {
  const render = body => {
    refreshCartCount(body);
    const lines = body.lines || [];
    const blocked = lines.some(l => (l.flags || []).includes('unavailable') || (l.flags || []).includes('insufficient_stock'));
    show(h('h1', null, 'Your cart'),
      lines.length ? [
        h('ul', { class: 'lines', id: 'cart-lines' }, lines.map(l => line(l, render))),
        h('p', { class: 'subtotal' }, 'Subtotal (', String(body.item_count), ' items): ',
          h('strong', { id: 'subtotal' }, money(body.subtotal, body.currency))),
        blocked ? h('p', { class: 'warn' }, 'Fix the flagged lines before checking out.') : null,
        h('a', {
          class: 'button', id: 'to-checkout', href: signedIn() ? '#/checkout' : '#/signin?next=' + encodeURIComponent('/checkout'),
        }, signedIn() ? 'Check out' : 'Sign in to check out'),
      ] : h('p', null, 'Your cart is empty. ', h('a', { href: '#/' }, 'Keep shopping')));
  };
  const body = await api('/api/v1/cart');
  render(body);
  // what goes with the cart, once the recommendations API answers; nothing otherwise
  if ((body.lines || []).length) {
    const recs = await optional('/api/v1/cart/recommendations?limit=4');
    if (recs && (recs.items || []).length && document.getElementById('cart-lines')) {
      document.getElementById('view').append(h('section', { 'aria-labelledby': 'cart-recs' },
        h('h2', { id: 'cart-recs' }, 'Goes well with your cart'), grid(recs.items.map(r => r.product || r))));
    }
  }
}

const COUNTRIES = [['DE', 'Germany'], ['FR', 'France'], ['NL', 'Netherlands'], ['GB', 'United Kingdom'],
  ['US', 'United States'], ['ES', 'Spain'], ['IT', 'Italy'], ['CH', 'Switzerland']];

/** The fields of a new address, with labels and autocomplete hints. */
export function addressFields(prefix) {
  const input = (name, label, attrs) => field(label, h('input', Object.assign({ id: prefix + name, name }, attrs)));
  return [
    input('recipient', 'Full name', { autocomplete: 'name', maxlength: 100 }),
    input('line1', 'Street and number', { autocomplete: 'address-line1', maxlength: 200 }),
    input('line2', 'Apartment, floor (optional)', { autocomplete: 'address-line2', maxlength: 200 }),
    h('div', { class: 'row' },
      input('postal_code', 'Postcode', { autocomplete: 'postal-code', maxlength: 20 }),
      input('city', 'City', { autocomplete: 'address-level2', maxlength: 100 })),
    field('Country', h('select', { id: prefix + 'country', name: 'country', autocomplete: 'country' },
      COUNTRIES.map(([code, name]) => h('option', { value: code }, name)))),
  ];
}

export function readAddress(prefix) {
  const value = name => document.getElementById(prefix + name).value.trim();
  const address = { recipient: value('recipient'), line1: value('line1'), city: value('city'),
    postal_code: value('postal_code'), country: value('country') };
  if (value('line2')) {
    address.line2 = value('line2');
  }
  return address;
}

export async function checkout() {
  if (!signedIn()) {
    go('#/signin?next=' + encodeURIComponent('/checkout'));
    return;
  }
  const [body, book] = await Promise.all([api('/api/v1/cart'), api('/api/v1/me/addresses')]);
  const saved = book.items || [];
  if (!(body.lines || []).length) {
    show(h('h1', null, 'Checkout'), h('p', null, 'Your cart is empty. ', h('a', { href: '#/' }, 'Keep shopping')));
    return;
  }
  const choices = saved.map((a, i) => h('label', { class: 'choice' },
    h('input', { type: 'radio', name: 'address', value: a.id, checked: a.is_default || i === 0 }),
    h('span', null, [a.recipient, a.line1, a.postal_code + ' ' + a.city, a.country].join(', '))));
  const fresh = h('label', { class: 'choice' },
    h('input', { type: 'radio', name: 'address', value: 'new', id: 'address-new', checked: saved.length === 0 }),
    h('span', null, 'A new address'));
  const save = h('input', { type: 'checkbox', id: 'save-address', checked: true });
  const error = h('p', { class: 'error', role: 'alert', id: 'checkout-error' });
  const place = h('button', { type: 'submit', id: 'place-order' }, 'Place order and pay');
  // One key per attempt: pressing again after a network error replays the same checkout, never a second order.
  let key = newKey();
  const form = h('form', {
    class: 'stack', onsubmit: async event => {
      event.preventDefault();
      error.textContent = '';
      place.disabled = true;
      const choice = form.querySelector('input[name=address]:checked');
      const request = {};
      try {
        if (!choice || choice.value === 'new') {
          request.shipping_address = readAddress('ship-');
          if (save.checked) {
            await api('/api/v1/me/addresses', { method: 'POST', body: request.shipping_address }).catch(() => null);
          }
        } else {
          request.address_id = choice.value;
        }
        const created = await api('/api/v1/orders', { method: 'POST', body: request, headers: { 'Idempotency-Key': key } });
        const orderId = created.id || created.order_id;
        refreshCartCount();
        try {
          await pay(orderId);
        } catch (e) {
          // the order exists and stays payable: its page offers "Pay now"
          go('#/orders/' + orderId);
          notice('Your order is placed, but the payment could not start (' + problemText(e) + '). Press "Pay now" to try again.');
        }
      } catch (e) {
        error.textContent = problemText(e);
        if (e.status && e.status < 500 && e.status !== 409) {
          key = newKey();
        }
        place.disabled = false;
      }
    },
  },
  h('fieldset', null, h('legend', null, 'Ship to'), choices, fresh,
    h('div', { class: 'new-address', id: 'new-address' }, addressFields('ship-'),
      h('label', { class: 'choice' }, save, ' Save to my address book'))),
  h('p', { class: 'subtotal' }, 'Items: ', money(body.subtotal, body.currency), ' · shipping is added on the order'),
  place, error);
  show(h('h1', null, 'Checkout'), form);
}

/** Starts (or resumes) the order's payment and goes to the provider's payment page, which links back here. */
export async function pay(orderId) {
  // the provider slow or down (503/504): the same request with the same key is safe, so retry it a little
  const key = newKey();
  let payment = null;
  for (let attempt = 1; !payment; attempt++) {
    try {
      payment = await api('/api/v1/orders/' + orderId + '/payments', { method: 'POST', headers: { 'Idempotency-Key': key } });
    } catch (e) {
      if (attempt >= 3 || (e.status && e.status !== 503 && e.status !== 504)) {
        throw e;
      }
      await new Promise(resolve => setTimeout(resolve, 1000 * attempt));
    }
  }
  if (payment.payment_page_url) {
    const back = location.origin + location.pathname + '#/orders/' + orderId;
    location.assign(payment.payment_page_url + (payment.payment_page_url.includes('?') ? '&' : '?')
      + 'return_url=' + encodeURIComponent(back));
  } else {
    go('#/orders/' + orderId);
    notice('This shop has no hosted payment page configured: pay with the provider\'s client (client secret issued).');
  }
}
