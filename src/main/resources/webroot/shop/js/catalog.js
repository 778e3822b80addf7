// Home, category browsing and search: lists of products with cursor paging.
import { api, optional, signedIn } from './api.js';
import { h, show, grid, card, money, date } from './dom.js';

/** A "More" button that fetches the next page by cursor and appends its cards. */
function pager(list, next, fetchPage) {
  if (!next) {
    return null;
  }
  const button = h('button', { type: 'button', class: 'secondary more' }, 'Show more');
  let cursor = next;
  button.addEventListener('click', async () => {
    button.disabled = true;
    const body = await fetchPage(cursor);
    (body.items || []).forEach(item => list.append(card(item)));
    cursor = body.next_cursor;
    button.disabled = false;
    if (!cursor) {
      button.remove();
    }
  });
  return button;
}

function saleCard(sale) {
  const product = sale.product || {};
  const live = sale.state === 'live';
  return h('li', { class: 'sale ' + sale.state },
    h('a', { href: '#/flash/' + sale.id },
      h('span', { class: 'tag' }, live ? 'Live now' : sale.state === 'scheduled' ? 'Starts ' + date(sale.starts_at)
        : sale.state === 'sold_out' ? 'Sold out' : 'Ended'),
      h('span', { class: 'card-title' }, product.title || 'Flash sale'),
      h('span', { class: 'price' }, money(sale.sale_price, sale.currency)),
      h('span', { class: 'muted' }, live ? sale.remaining + ' of ' + sale.quantity + ' left' : sale.quantity + ' units')));
}

export async function home() {
  const [sales, fresh, personal] = await Promise.all([
    optional('/api/v1/flash-sales'),
    api('/api/v1/products?sort=newest&limit=12'),
    signedIn() ? optional('/api/v1/me/recommendations?limit=8') : Promise.resolve(null),
  ]);
  const saleItems = (sales && sales.items || []).filter(s => s.state !== 'ended');
  const recommended = personal && (personal.items || []).length ? personal.items.map(r => r.product || r) : null;
  show(
    h('h1', { class: 'visually-hidden' }, 'Surge shop'),
    h('section', { class: 'hero' }, h('p', { class: 'lead' }, 'Everything in the demo catalogue, and flash sales that sell exactly their stock.')),
    saleItems.length ? h('section', { 'aria-labelledby': 'sales-title' },
      h('h2', { id: 'sales-title' }, 'Flash sales'), h('ul', { class: 'sales' }, saleItems.map(saleCard))) : null,
    recommended ? h('section', { 'aria-labelledby': 'recs-title' },
      h('h2', { id: 'recs-title' }, 'Recommended for you'), grid(recommended)) : null,
    h('section', { 'aria-labelledby': 'new-title' },
      h('h2', { id: 'new-title' }, 'New arrivals'), grid(fresh.items || [])));
}

const SORTS = [['newest', 'Newest'], ['price_asc', 'Price: low to high'], ['price_desc', 'Price: high to low'],
  ['title', 'Name']];

export async function category(params, slug) {
  const sort = params.get('sort') || 'newest';
  const query = cursor => '/api/v1/products?limit=24&category=' + encodeURIComponent(slug) + '&sort=' + sort
    + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '');
  const [tree, body] = await Promise.all([optional('/api/v1/categories'), api(query())]);
  const name = findCategory(tree && tree.items, slug);
  const list = grid(body.items || []);
  const select = h('select', { id: 'sort', onchange: e => { location.hash = '#/c/' + encodeURIComponent(slug) + '?sort=' + e.target.value; } },
    SORTS.map(([value, label]) => h('option', { value, selected: value === sort }, label)));
  show(
    h('div', { class: 'list-head' }, h('h1', null, name ? name.name : slug),
      h('div', { class: 'field inline' }, h('label', { for: 'sort' }, 'Sort by'), select)),
    name && name.children && name.children.length ? h('ul', { class: 'chips' },
      name.children.map(c => h('li', null, h('a', { href: '#/c/' + encodeURIComponent(c.slug) }, c.name)))) : null,
    (body.items || []).length ? list : h('p', null, 'Nothing here yet.'),
    pager(list, body.next_cursor, cursor => api(query(cursor))));
}

function findCategory(items, slug) {
  for (const c of items || []) {
    if (c.slug === slug || c.id === slug) {
      return c;
    }
    const inner = findCategory(c.children, slug);
    if (inner) {
      return inner;
    }
  }
  return null;
}

/** Search: q plus filters from facets (brand, category, price bucket, attributes), all kept in the URL. */
export async function search(params) {
  const q = params.get('q') || '';
  document.getElementById('q').value = q;
  const filters = new URLSearchParams();
  for (const key of ['category', 'brand', 'price_min', 'price_max']) {
    if (params.get(key)) {
      filters.set(key, params.get(key));
    }
  }
  params.getAll('attr').forEach(a => filters.append('attr', a));
  const base = '/api/v1/search?limit=24&q=' + encodeURIComponent(q) + (filters.toString() ? '&' + filters : '');
  const body = await api(base);
  const items = body.items || [];
  const list = grid(items);
  const link = (change) => {
    const next = new URLSearchParams(params);
    change(next);
    return '#/search?' + next.toString();
  };
  const facets = body.facets || {};
  const group = (title, values, key, label, valueOf) => values && values.length ? h('fieldset', { class: 'facet' },
    h('legend', null, title),
    h('ul', null, values.map(v => {
      const value = valueOf(v);
      const on = key === 'attr' ? params.getAll('attr').includes(value) : params.get(key) === value;
      return h('li', null, h('a', {
        href: link(p => {
          if (key === 'attr') {
            const rest = p.getAll('attr').filter(a => a !== value);
            p.delete('attr');
            (on ? rest : rest.concat(value)).forEach(a => p.append('attr', a));
          } else if (on) {
            p.delete(key);
          } else {
            p.set(key, value);
          }
        }), 'aria-current': on ? 'true' : null, class: on ? 'on' : null,
      }, label(v), h('span', { class: 'count' }, ' (' + v.count + ')')));
    }))) : null;
  const priceGroup = facets.price && facets.price.length ? h('fieldset', { class: 'facet' }, h('legend', null, 'Price'),
    h('ul', null, facets.price.filter(b => b.count > 0).map(b => {
      const on = params.get('price_min') === String(b.min ?? '');
      return h('li', null, h('a', {
        class: on ? 'on' : null, 'aria-current': on ? 'true' : null,
        href: link(p => {
          p.delete('price_min');
          p.delete('price_max');
          if (!on) {
            if (b.min !== null && b.min !== undefined) {
              p.set('price_min', b.min);
            }
            if (b.max !== null && b.max !== undefined) {
              p.set('price_max', b.max);
            }
          }
        }),
      }, priceLabel(b, items), h('span', { class: 'count' }, ' (' + b.count + ')')));
    }))) : null;
  const attributes = facets.attributes || {};
  const attributeGroups = (Array.isArray(attributes) ? attributes.map(a => [a.name, a.values])
    : Object.entries(attributes)).map(([name, values]) =>
    group(name, values, 'attr', v => v.value, v => name + ':' + v.value));
  const total = body.total === undefined ? items.length : body.total;
  show(
    h('div', { class: 'list-head' }, h('h1', null, 'Results for “', q, '”'),
      h('p', { class: 'muted', id: 'result-count', role: 'status' }, total + (body.total_exact === false ? '+' : '')
        + (total === 1 ? ' product' : ' products') + ' · sorted by relevance')),
    h('div', { class: 'search-layout' },
      // filters open beside the results on a wide screen, folded above them on a phone
      h('details', { class: 'facets', open: window.matchMedia('(min-width: 720px)').matches },
        h('summary', null, 'Filters'),
        group('Category', facets.categories, 'category', v => v.name, v => v.slug || v.id),
        group('Brand', facets.brands, 'brand', v => v.value, v => v.value),
        priceGroup, attributeGroups),
      h('div', null,
        items.length ? list : h('p', null, 'No products match. Try fewer words or another spelling.'),
        pager(list, body.next_cursor, cursor => api(base + '&cursor=' + encodeURIComponent(cursor))))));
}

function priceLabel(bucket, items) {
  const currency = (items.find(i => i.price_from) || {}).price_from?.currency || 'EUR';
  if (bucket.max === null || bucket.max === undefined) {
    return money(bucket.min, currency) + ' and up';
  }
  return money(bucket.min || 0, currency) + ' – ' + money(bucket.max, currency);
}
