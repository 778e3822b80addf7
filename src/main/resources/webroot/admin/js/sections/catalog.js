// Catalog: find products in any status (text, status, category, low stock), open one, create one, bulk import.
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
  const status = h('select', { name: 'status', id: 'catalog-status' }, ['', 'draft', 'active', 'archived'].map(v =>
    h('option', { value: v, selected: (q.get('status') || '') === v }, v || 'Any status')));
  const form = h('form', { class: 'filters', role: 'search' },
    field('Search', h('input', { name: 'q', type: 'search', id: 'catalog-q', value: q.get('q') || '', maxlength: 200 })),
    field('Status', status),
    field('Category', h('select', { name: 'category', id: 'catalog-category' }, await categoryOptions(ctx, q.get('category')))),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'low_stock', value: 'true', id: 'catalog-low-stock',
      checked: q.get('low_stock') === 'true' }), ' Low on stock only'),
    h('button', { type: 'submit' }, 'Find'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const chosen = new URLSearchParams();
    Object.entries(values(form)).forEach(([k, v]) => v && chosen.set(k, v));
    ctx.navigate('#/catalog?' + chosen);
  });
  const error = errorLine();
  const list = h('div', { id: 'catalog-list' });
  main.append(h('h1', null, 'Catalog'),
    h('div', { class: 'row' }, h('a', { class: 'button', href: '#/catalog/new', id: 'new-product' }, 'New product'),
      h('a', { class: 'button secondary', href: '#/catalog/import', id: 'import-link' }, 'Bulk import')),
    h('p', { class: 'muted' }, 'Every product, drafts and archived ones too, newest first.'),
    form, error, list);
  const params = new URLSearchParams({ limit: '50' });
  ['q', 'status', 'category', 'low_stock'].forEach(k => q.get(k) && params.set(k, q.get(k)));
  let cursor = null;
  const more = h('button', { type: 'button', class: 'secondary', id: 'catalog-more', hidden: true }, 'More');
  const page = () => act(more, error, async () => {
    const found = await ctx.api('/api/v1/admin/products?' + params + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''),
      { signal: ctx.signal });
    list.append(table([
      { title: 'Product', value: p => h('a', { href: '#/catalog/' + p.id }, p.title) },
      { title: 'Brand', value: p => p.brand || '' },
      { title: 'Slug', value: p => p.slug },
      { title: 'Category', value: p => p.category_slug || '' },
      { title: 'From', value: p => p.price_from ? money(p.price_from.amount, p.price_from.currency) : '–' },
      { title: 'Available', value: p => p.low_stock_skus
        ? h('span', null, String(p.available) + ' ', badge(p.low_stock_skus + ' low', 'warn')) : String(p.available) },
      { title: 'Status', value: p => badge(p.status) },
    ], found.items || [], 'No products match.'));
    cursor = found.next_cursor;
    more.hidden = !cursor;
  });
  more.addEventListener('click', page);
  main.append(more);
  await page();
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
