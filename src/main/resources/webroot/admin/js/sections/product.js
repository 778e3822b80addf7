// One product: its fields (title, slug, brand, category, attributes, status), SKUs and images; and the create form.
import { h, field, errorLine, act, badge } from '../dom.js';
import { skuSection, newSkuRows, skuBodies } from './skus.js';
import { imagesSection } from './images.js';

/** "colour=red" lines as an object, and back. */
export function parsePairs(text) {
  const out = {};
  for (const line of String(text || '').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) {
      out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
    }
  }
  return out;
}

export function pairs(object) {
  return Object.entries(object || {}).map(([k, v]) => k + '=' + v).join('\n');
}

async function productFields(ctx, product) {
  const found = await ctx.api('/api/v1/admin/categories').catch(() => ctx.api('/api/v1/categories').catch(() => ({})));
  const categories = Array.isArray(found) ? found : found.items || [];
  const current = product && product.category ? product.category.id : null;
  const input = (name, attrs) => h('input', Object.assign({ name, id: 'product-' + name,
    value: product && product[name] ? product[name] : '' }, attrs));
  return {
    title: input('title', { required: true, maxlength: 300 }),
    slug: input('slug', { required: true, maxlength: 200, pattern: '[a-z0-9]+(-[a-z0-9]+)*' }),
    brand: input('brand', { maxlength: 200 }),
    description: h('textarea', { name: 'description', id: 'product-description', maxlength: 20000 },
      product && product.description || ''),
    category_id: h('select', { name: 'category_id', id: 'product-category' }, h('option', { value: '' }, 'None'),
      categories.map(c => h('option', { value: c.id, selected: c.id === current }, c.name || c.slug))),
    attributes: h('textarea', { name: 'attributes', id: 'product-attributes', placeholder: 'material=wool' },
      pairs(product && product.attributes)),
    status: h('select', { name: 'status', id: 'product-status' }, ['draft', 'active', 'archived'].map(s =>
      h('option', { value: s, selected: (product ? product.status : 'active') === s }, s))),
  };
}

function body(fields) {
  return {
    title: fields.title.value.trim(), slug: fields.slug.value.trim(), brand: fields.brand.value.trim() || null,
    description: fields.description.value, category_id: fields.category_id.value || null,
    attributes: parsePairs(fields.attributes.value), status: fields.status.value,
  };
}

function layout(fields) {
  return h('div', { class: 'cols even' },
    h('div', { class: 'stack' }, field('Title', fields.title), field('Slug', fields.slug, 'lower-case words and dashes'),
      field('Brand', fields.brand), field('Category', fields.category_id), field('Status', fields.status)),
    h('div', { class: 'stack' }, field('Description', fields.description),
      field('Attributes', fields.attributes, 'one name=value per line')));
}

export async function newProductPage(main, ctx) {
  const fields = await productFields(ctx, null);
  fields.title.addEventListener('input', () => {
    fields.slug.value = fields.title.value.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  });
  const skus = newSkuRows();
  const button = h('button', { type: 'submit', id: 'create-product' }, 'Create product');
  const error = errorLine();
  const form = h('form', { class: 'card stack' }, layout(fields), skus, button, error);
  form.addEventListener('submit', event => {
    event.preventDefault();
    act(button, error, async () => {
      const created = await ctx.api('/api/v1/admin/products', { method: 'POST',
        headers: { 'Idempotency-Key': crypto.randomUUID() }, body: Object.assign(body(fields), { skus: skuBodies(skus) }) });
      ctx.navigate('#/catalog/' + created.id);
    });
  });
  main.append(h('p', null, h('a', { href: '#/catalog' }, '← Catalog')), h('h1', null, 'New product'), form);
}

export async function productPage(main, ctx, id) {
  const product = await ctx.api('/api/v1/admin/products/' + encodeURIComponent(id), { signal: ctx.signal });
  // what a shopper pays now (a running sale price) is in the public view; a draft has none
  const shown = await ctx.api('/api/v1/products/' + product.id).catch(() => null);
  product.selling = shown ? shown.skus : [];
  const fields = await productFields(ctx, product);
  const button = h('button', { type: 'submit', id: 'save-product' }, 'Save');
  const error = errorLine();
  const saved = h('span', { class: 'ok', role: 'status' });
  const form = h('form', { class: 'card stack' }, layout(fields), h('div', { class: 'row' }, button, saved), error);
  form.addEventListener('submit', event => {
    event.preventDefault();
    saved.textContent = '';
    act(button, error, async () => {
      await ctx.api('/api/v1/admin/products/' + product.id, { method: 'PATCH', body: body(fields) });
      saved.textContent = 'Saved.';
    });
  });
  main.append(h('p', null, h('a', { href: '#/catalog' }, '← Catalog')),
    h('h1', null, product.title, ' ', badge(product.status)),
    h('p', { class: 'muted' }, 'Public page: ', h('a', { href: '/shop/#/p/' + product.slug }, '/shop/#/p/' + product.slug)),
    form, h('h2', null, 'Images'), imagesSection(ctx, product), h('h2', null, 'SKUs, prices and stock'),
    skuSection(ctx, product));
}
