// A product: pictures, the SKU picker (only SKUs that exist), price and stock, rating and reviews, and more like it.
import { api, optional, signedIn } from './api.js';
import { h, show, grid, money, date, options, notice, problemText, field } from './dom.js';
import { refreshCartCount } from './app.js';

function skuLabel(sku) {
  const text = Object.values(sku.options || {}).join(' / ');
  return text || sku.code;
}

function stars(average) {
  const full = Math.round(Number(average) || 0);
  return '★'.repeat(full) + '☆'.repeat(5 - full);
}

/** Adds quantity units of a SKU: PUT sets a line's quantity, so it adds to what the cart already holds. */
async function addToCart(skuId, quantity) {
  const current = await api('/api/v1/cart');
  const line = (current.lines || []).find(l => l.sku_id === skuId);
  const cart = await api('/api/v1/cart/items/' + encodeURIComponent(skuId), {
    method: 'PUT', body: { quantity: Math.min(99, quantity + (line ? line.quantity : 0)) },
  });
  refreshCartCount(cart);
  return cart;
}

export async function product(params, slug) {
  const p = await api('/api/v1/products/' + encodeURIComponent(slug));
  const skus = p.skus || [];
  const firstInStock = skus.find(s => s.in_stock) || skus[0];
  let selected = firstInStock;
  const price = h('p', { class: 'price big', id: 'price' });
  const stock = h('p', { id: 'availability', role: 'status' });
  const qty = h('input', { id: 'quantity', type: 'number', min: 1, max: 99, value: '1', inputmode: 'numeric' });
  const add = h('button', { id: 'add-to-cart', type: 'submit' }, 'Add to cart');
  const result = h('p', { id: 'added', role: 'status', 'aria-live': 'polite' });
  const update = () => {
    price.replaceChildren(selected ? money(selected.price) : '');
    if (selected && selected.compare_at) {
      price.append(' ', h('s', { class: 'muted' }, money(selected.compare_at)));
    }
    stock.textContent = !selected ? 'Not available' : selected.in_stock
      ? (selected.available <= 5 ? 'Only ' + selected.available + ' left' : 'In stock') : 'Out of stock';
    stock.className = selected && selected.in_stock ? (selected.available <= 5 ? 'warn' : 'ok') : 'warn';
    add.disabled = !selected || !selected.in_stock;
  };
  const picker = skus.length > 1 ? h('fieldset', { class: 'skus' }, h('legend', null, 'Choose'),
    skus.map(sku => h('label', { class: 'sku' + (sku.in_stock ? '' : ' out') },
      h('input', {
        type: 'radio', name: 'sku', value: sku.id, 'data-code': sku.code, checked: sku === selected,
        onchange: () => { selected = sku; update(); },
      }),
      h('span', null, skuLabel(sku)), h('span', { class: 'muted' }, sku.in_stock ? money(sku.price) : 'sold out')))) : null;
  const form = h('form', {
    class: 'buy', onsubmit: async event => {
      event.preventDefault();
      add.disabled = true;
      try {
        await addToCart(selected.id, Math.max(1, Number(qty.value) || 1));
        result.replaceChildren('Added ', skuLabel(selected), ' to your cart. ', h('a', { href: '#/cart' }, 'View cart'));
      } catch (error) {
        result.textContent = problemText(error);
      }
      add.disabled = false;
    },
  }, picker, h('div', { class: 'row' }, field('Quantity', qty), add), result);
  const images = (p.images || []);
  const gallery = images.length ? h('div', { class: 'gallery' },
    h('img', { src: images[0].renditions && images[0].renditions['800'] || images[0].url, alt: p.title, width: 600, height: 600 }),
    images.length > 1 ? h('ul', { class: 'thumbs' }, images.slice(1, 5).map(i => h('li', null,
      h('img', { src: i.renditions && i.renditions['200'] || i.url, alt: '', width: 96, height: 96 })))) : null)
    : h('div', { class: 'gallery placeholder big', 'aria-hidden': 'true' }, (p.title || '?').slice(0, 1));
  const rating = p.rating || {};
  const reviews = h('section', { 'aria-labelledby': 'reviews-title', id: 'reviews' },
    h('h2', { id: 'reviews-title' }, 'Reviews'));
  const related = h('section', { 'aria-labelledby': 'related-title' });
  show(
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/' }, 'Home'),
      p.category ? [' › ', h('a', { href: '#/c/' + encodeURIComponent(p.category.slug) }, p.category.name)] : null),
    h('article', { class: 'product' }, gallery,
      h('div', { class: 'details' },
        h('h1', null, p.title), p.brand ? h('p', { class: 'muted' }, p.brand) : null,
        rating.count ? h('p', { class: 'rating' }, h('span', { 'aria-hidden': 'true' }, stars(rating.average)),
          ' ', Number(rating.average).toFixed(1) + ' out of 5 (' + rating.count + ' reviews)') : h('p', { class: 'muted' }, 'No reviews yet'),
        price, stock, form,
        p.purchase_limit ? h('p', { class: 'muted' }, 'Limit ' + p.purchase_limit + ' per customer') : null,
        h('p', { class: 'description' }, p.description || ''),
        attributes(p.attributes))),
    reviews, related);
  update();
  loadReviews(p, reviews);
  loadRelated(p, related);
}

function attributes(attrs) {
  const entries = Object.entries(attrs || {});
  return entries.length ? h('dl', { class: 'attributes' }, entries.map(([k, v]) => [h('dt', null, k),
    h('dd', null, Array.isArray(v) ? v.join(', ') : String(v))])) : null;
}

async function loadReviews(p, section) {
  const body = await optional('/api/v1/products/' + p.id + '/reviews?limit=10');
  const items = body && body.items || [];
  section.append(items.length ? h('ul', { class: 'reviews' }, items.map(r => review(p, r)))
    : h('p', { class: 'muted' }, 'Be the first to review this product after it is delivered.'));
  if (signedIn()) {
    section.append(reviewForm(p));
  }
}

function review(p, r) {
  const count = h('span', null, String(r.helpful_count || 0));
  return h('li', { class: 'review' },
    h('p', null, h('strong', null, stars(r.rating) + ' ' + r.title)),
    h('p', { class: 'muted' }, (r.author || 'A customer') + ' · ' + date(r.created_at)
      + (r.verified_purchase ? ' · verified purchase' : '')),
    r.body ? h('p', null, r.body) : null,
    signedIn() ? h('button', {
      type: 'button', class: 'link', onclick: async event => {
        try {
          const res = await api('/api/v1/products/' + p.id + '/reviews/' + r.id + '/vote', { method: 'POST' });
          count.textContent = String(res.helpful_count ?? Number(count.textContent) + 1);
          event.target.disabled = true;
        } catch (error) {
          notice(problemText(error));
        }
      },
    }, 'Helpful (', count, ')') : h('p', { class: 'muted' }, 'Helpful: ', count));
}

function reviewForm(p) {
  const rating = h('select', { required: true }, [5, 4, 3, 2, 1].map(n => h('option', { value: String(n) }, n + ' stars')));
  const title = h('input', { required: true, maxlength: 150 });
  const text = h('textarea', { maxlength: 5000, rows: 3 });
  const message = h('p', { role: 'status' });
  return h('details', { class: 'write-review' }, h('summary', null, 'Write a review'),
    h('form', {
      class: 'stack', onsubmit: async event => {
        event.preventDefault();
        try {
          await api('/api/v1/products/' + p.id + '/reviews', {
            method: 'POST', body: { rating: Number(rating.value), title: title.value, body: text.value || undefined },
          });
          message.textContent = 'Thank you: your review is published once it is checked.';
        } catch (error) {
          message.textContent = problemText(error);
        }
      },
    }, field('Rating', rating), field('Title', title), field('Review', text),
    h('button', { type: 'submit' }, 'Send review'), message));
}

/** Recommendations when the API has them; otherwise more from the same category. */
async function loadRelated(p, section) {
  const recs = await optional('/api/v1/products/' + p.id + '/recommendations?limit=8');
  if (recs && (recs.items || []).length) {
    const bought = recs.items.filter(r => r.reason === 'bought_together' || r.kind === 'bought_together');
    const items = (bought.length ? bought : recs.items).map(r => r.product || r);
    section.append(h('h2', { id: 'related-title' }, bought.length ? 'Often bought together' : 'You may also like'),
      grid(items.slice(0, 8)));
    return;
  }
  if (!p.category) {
    return;
  }
  const same = await optional('/api/v1/products?limit=9&category=' + encodeURIComponent(p.category.slug));
  const items = (same && same.items || []).filter(i => i.id !== p.id).slice(0, 8);
  if (items.length) {
    section.append(h('h2', { id: 'related-title' }, 'More in ' + p.category.name), grid(items));
  }
}

export { options };
