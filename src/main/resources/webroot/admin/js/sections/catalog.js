// Catalog: find products (search with brand/category/price filters), open one, create one, bulk import.
import { h, table, money, field, values, errorLine, act, badge } from '../dom.js';
import { productPage, newProductPage } from './product.js';
import { importPage } from './import.js';

async function categoryOptions(ctx, selected) {
  const found = await ctx.api('/api/v1/categories').catch(() => ({ items: [] }));
  const items = Array.isArray(found) ? found : found.items || [];
  return [h('option', { value: '' }, 'Any category')].concat(items.map(c =>
    h('option', { value: c.slug || c.id, selected: selected === (c.slug || c.id) }, c.name || c.slug)));
}

async function find(main, ctx) {
  const q = ctx.query;
  const form = h('form', { class: 'filters', role: 'search' },
    field('Search', h('input', { name: 'q', type: 'search', id: 'catalog-q', value: q.get('q') || '', maxlength: 200 })),
    field('Brand', h('input', { name: 'brand', id: 'catalog-brand', value: q.get('brand') || '' })),
    field('Category', h('select', { name: 'category', id: 'catalog-category' }, await categoryOptions(ctx, q.get('category')))),
    field('Min price (cents)', h('input', { name: 'price_min', type: 'number', min: 0, value: q.get('price_min') || '' })),
    field('Max price (cents)', h('input', { name: 'price_max', type: 'number', min: 0, value: q.get('price_max') || '' })),
    h('button', { type: 'submit' }, 'Find'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    ctx.navigate('#/catalog?' + new URLSearchParams(values(form)));
  });
  const error = errorLine();
  main.append(h('h1', null, 'Catalog'),
    h('div', { class: 'row' }, h('a', { class: 'button', href: '#/catalog/new', id: 'new-product' }, 'New product'),
      h('a', { class: 'button secondary', href: '#/catalog/import', id: 'import-link' }, 'Bulk import')),
    h('p', { class: 'muted' }, 'Search finds active products; open a draft by its link after creating it.'),
    form, error);
  const params = new URLSearchParams({ limit: '50' });
  ['q', 'brand', 'category', 'price_min', 'price_max'].forEach(k => q.get(k) && params.set(k, q.get(k)));
  const path = q.get('q') ? '/api/v1/search?' : '/api/v1/products?';
  await act(null, error, async () => {
    const found = await ctx.api(path + params, { signal: ctx.signal });
    main.append(table([
      { title: 'Product', value: p => h('a', { href: '#/catalog/' + p.id }, p.title) },
      { title: 'Brand', value: p => p.brand || '' },
      { title: 'Slug', value: p => p.slug },
      { title: 'From', value: p => money(p.price_from, p.currency) },
      { title: 'Status', value: p => badge(p.status || 'active') },
    ], found.items || [], 'No products match.'));
  });
}

export default {
  id: 'catalog',
  title: 'Catalog',
  roles: ['admin'],
  render(main, ctx) {
    const [id] = ctx.params;
    if (id === 'new') {
      return newProductPage(main, ctx);
    }
    if (id === 'import') {
      return importPage(main, ctx);
    }
    return id ? productPage(main, ctx, id) : find(main, ctx);
  },
};
