// A flash sale: a countdown on the server's clock, a buy button that says exactly what the server answered, one
// Idempotency-Key per attempt (a double click or a retry is the same purchase), and the order appearing live.
import { api, accessToken, signedIn, orderEvents, newKey } from './api.js';
import { h, show, money, date, problemText } from './dom.js';
import { onLeave } from './app.js';
import { statusText } from './orders.js';

/** Reads the sale and how far this browser's clock is from the server's (half the round trip counted). */
async function readSale(id) {
  const sent = Date.now();
  const sale = await api('/api/v1/flash-sales/' + id);
  const received = Date.now();
  return { sale, skew: Date.parse(sale.server_time) - (sent + received) / 2 };
}

function left(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(s / 3600);
  const pad = n => String(n).padStart(2, '0');
  return (hours ? hours + ':' : '') + pad(Math.floor(s / 60) % 60) + ':' + pad(s % 60);
}

export async function flashSale(params, id) {
  let { sale, skew } = await readSale(id);
  const now = () => Date.now() + skew;
  const product = sale.product || {};
  const clock = h('p', { class: 'countdown', id: 'countdown', 'aria-live': 'off' });
  const remaining = h('p', { id: 'remaining', class: 'muted' });
  const buy = h('button', { type: 'button', id: 'buy', class: 'primary big' }, 'Buy now');
  const answer = h('p', { id: 'buy-result', role: 'status', 'aria-live': 'assertive' });
  const orderBox = h('div', { id: 'flash-order' });
  let pass = null;
  let attempt = null;
  let finished = false;
  let busy = false;

  const tick = () => {
    // read each time: the merchant may move the start before it comes, and the page re-reads the sale
    const starts = Date.parse(sale.starts_at);
    const ends = Date.parse(sale.ends_at);
    const t = now();
    if (t < starts) {
      clock.textContent = 'Starts in ' + left(starts - t);
    } else if (sale.state === 'sold_out' && t < ends) {
      // the window is still open but nothing is left: a countdown would suggest there is still time to buy
      clock.textContent = 'Sold out';
    } else if (t < ends) {
      clock.textContent = 'Live: ends in ' + left(ends - t);
    } else {
      clock.textContent = 'This sale has ended.';
    }
    const open = t >= starts && t < ends;
    buy.disabled = busy || finished || !open || !signedIn() || sale.state === 'sold_out';
    buy.dataset.state = open ? 'open' : t < starts ? 'waiting' : 'ended';
  };
  const timer = setInterval(tick, 250);
  onLeave(() => clearInterval(timer));

  const refreshRemaining = () => {
    remaining.textContent = sale.state === 'sold_out' ? 'All ' + sale.quantity + ' sold'
      : (sale.remaining ?? sale.quantity) + ' of ' + sale.quantity + ' left · limit ' + sale.per_user_limit + ' per customer';
  };

  // The pass is taken while the countdown runs, so the buy itself needs no token check at the peak.
  if (signedIn()) {
    api('/api/v1/flash-sales/' + id + '/pass', { method: 'POST' }).then(body => { pass = body; }).catch(() => null);
  }

  async function showOrder(orderId) {
    try {
      const o = await api('/api/v1/orders/' + orderId);
      orderBox.replaceChildren(h('p', { class: 'ok' }, 'Your order: ',
        h('a', { href: '#/orders/' + o.id, id: 'flash-order-link' }, statusText(o.status) + ' · ' + money(o.total)),
        o.payment_deadline ? ' · pay by ' + date(o.payment_deadline) : ''));
    } catch (e) {
      orderBox.replaceChildren(h('p', { class: 'muted' }, 'Your order is being written…'));
    }
  }

  async function press() {
    if (busy || finished) {
      return;
    }
    busy = true;
    tick();
    attempt = attempt || newKey();
    answer.textContent = 'Sending…';
    const headers = { 'Idempotency-Key': attempt, 'Content-Type': 'application/json', Accept: 'application/json' };
    if (pass && pass.pass) {
      headers[pass.header || 'X-Flash-Pass'] = pass.pass;
    } else {
      headers.Authorization = 'Bearer ' + await accessToken();
    }
    try {
      const response = await fetch('/api/v1/flash-sales/' + id + '/purchases', {
        method: 'POST', headers, body: JSON.stringify({ quantity: 1 }),
      });
      const body = await response.json().catch(() => ({}));
      if (response.status === 202 || response.status === 200) {
        finished = true;
        answer.textContent = 'Accepted! Your unit is reserved.';
        answer.dataset.outcome = 'accepted';
        showOrder(body.order_id);
        onLeave(orderEvents((type, event) => {
          if (event.aggregate_id === body.order_id) {
            showOrder(body.order_id);
          }
        }));
      } else if (response.status === 410) {
        finished = true;
        sale.state = 'sold_out';
        answer.textContent = 'Sold out. Every unit has been taken.';
        answer.dataset.outcome = 'sold_out';
      } else if (response.status === 429 && body.code === 'purchase_limit') {
        finished = true;
        answer.textContent = 'Limit reached: you already bought the most this sale allows.';
        answer.dataset.outcome = 'limit';
      } else if (response.status === 401 && pass) {
        pass = null;
        answer.textContent = 'Please press again.';
        answer.dataset.outcome = 'try_again';
      } else {
        // 429 rate limited, 503 not durable, 409 not started: nothing was taken; the same key is kept for the retry
        const wait = Number(response.headers.get('Retry-After')) || 1;
        answer.textContent = 'Busy: nothing was taken. Try again in ' + wait + ' s.';
        answer.dataset.outcome = 'try_again';
      }
    } catch (e) {
      answer.textContent = 'No answer (' + problemText(e) + '). Press again: it is the same purchase.';
      answer.dataset.outcome = 'try_again';
    }
    busy = false;
    refreshRemaining();
    tick();
  }
  buy.addEventListener('click', press);

  show(h('nav', { class: 'crumbs' }, h('a', { href: '#/' }, 'Home'), ' › Flash sale'),
    h('article', { class: 'flash' },
      (product.image_url || product.image) ? h('img', { src: product.image_url || product.image, alt: '', width: 320, height: 320 }) : null,
      h('div', null,
        h('h1', null, product.title || 'Flash sale'),
        product.slug ? h('p', null, h('a', { href: '#/p/' + encodeURIComponent(product.slug) }, 'About this product')) : null,
        h('p', { class: 'price big' }, money(sale.sale_price, sale.currency)),
        clock, remaining,
        signedIn() ? buy : h('p', null, h('a', { href: '#/signin?next=' + encodeURIComponent('/flash/' + id), class: 'button' }, 'Sign in to buy')),
        answer, orderBox)));
  refreshRemaining();
  if (sale.state === 'sold_out' || sale.state === 'ended') {
    finished = true;
    answer.textContent = sale.state === 'sold_out' ? 'Sold out. Every unit has been taken.' : 'This sale has ended.';
    answer.dataset.outcome = sale.state;
  }
  tick();
  // the remaining count, every few seconds while the page is open (approximate, from the server's gate)
  const poll = setInterval(async () => {
    try {
      ({ sale, skew } = await readSale(id));
      refreshRemaining();
      if (sale.state === 'sold_out' && !finished && !busy) {
        // nothing left to press for: say so rather than offer a button the server would refuse
        finished = true;
        answer.textContent = 'Sold out. Every unit has been taken.';
        answer.dataset.outcome = 'sold_out';
        tick();
      }
    } catch (e) {
      // keep the last figures
    }
  }, 5000);
  onLeave(() => clearInterval(poll));
}
