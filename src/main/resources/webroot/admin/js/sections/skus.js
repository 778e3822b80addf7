// A product's SKUs: rows on the create form; on the product page prices (base, scheduled sale prices, history)
// and stock adjustments with a reason.
import { h, field, errorLine, act, money, date, table, badge } from '../dom.js';
import { parsePairs } from './product.js';

function skuRow(index) {
  const cell = (name, attrs) => h('input', Object.assign({ name, 'aria-label': name.replace('_', ' ') + ' of SKU ' + (index + 1),
    id: 'sku-' + index + '-' + name }, attrs));
  return h('fieldset', { class: 'row sku-row' }, h('legend', null, 'SKU ' + (index + 1)),
    field('Code', cell('code', { required: true, maxlength: 64 })),
    field('Options', cell('options', { placeholder: 'size=M' }), 'name=value, comma separated'),
    field('Price (cents)', cell('price', { type: 'number', min: 0, required: true })),
    field('Currency', cell('currency', { value: 'EUR', maxlength: 3, size: 4 })),
    field('In stock', cell('on_hand', { type: 'number', min: 0, value: '0' })));
}

/** The create form's SKU rows: two to start with, and a button for more. */
export function newSkuRows() {
  const rows = h('div', { class: 'stack', id: 'sku-rows' }, skuRow(0), skuRow(1));
  const more = h('button', { type: 'button', class: 'secondary', id: 'add-sku-row' }, 'Another SKU');
  more.addEventListener('click', () => rows.append(skuRow(rows.children.length)));
  return h('div', { class: 'stack' }, h('h2', null, 'SKUs'), rows, h('div', null, more));
}

export function skuBodies(container) {
  return [...container.querySelectorAll('.sku-row')].map(row => {
    const get = name => row.querySelector('[name=' + name + ']').value.trim();
    return { code: get('code'), options: parsePairs(get('options').replace(/,/g, '\n')),
      price_amount: Number(get('price')), currency: get('currency') || 'EUR', on_hand: Number(get('on_hand') || 0) };
  }).filter(sku => sku.code);
}

function localInput(name, id) {
  return h('input', { type: 'datetime-local', name, id, step: 1 });
}

function iso(local) {
  return local ? new Date(local).toISOString() : null;
}

function form(title, controls, submit, run) {
  const button = h('button', { type: 'submit' }, submit);
  const error = errorLine();
  const f = h('form', { class: 'stack', 'aria-label': title }, h('h3', null, title), h('div', { class: 'row' }, controls, button), error);
  f.addEventListener('submit', event => {
    event.preventDefault();
    act(button, error, run);
  });
  return f;
}

async function details(ctx, sku, box) {
  const base = '/api/v1/admin/skus/' + sku.id;
  const [scheduled, history] = await Promise.all([
    ctx.api(base + '/scheduled-prices').catch(() => ({ items: [] })),
    ctx.api(base + '/price-history?limit=20').catch(() => ({ items: [] })),
  ]);
  const key = sku.code.replace(/[^A-Za-z0-9_-]/g, '_');
  const price = h('input', { type: 'number', min: 0, name: 'amount', id: 'price-' + key, required: true });
  const saleAmount = h('input', { type: 'number', min: 0, name: 'amount', id: 'sale-' + key, required: true });
  const starts = localInput('starts_at', 'sale-start-' + key);
  const ends = localInput('ends_at', 'sale-end-' + key);
  const delta = h('input', { type: 'number', name: 'delta', id: 'stock-delta-' + key, required: true });
  const reason = h('input', { name: 'reason', id: 'stock-reason-' + key, required: true, maxlength: 200,
    placeholder: 'received delivery' });
  const reload = () => ctx.refresh();
  box.replaceChildren(
    form('Base price', [field('Amount (cents)', price)], 'Set price', async () => {
      await ctx.api(base + '/price', { method: 'PUT', body: { amount: Number(price.value) } });
      reload();
    }),
    form('Schedule a sale price', [field('Amount (cents)', saleAmount), field('Starts', starts), field('Ends (optional)', ends)],
      'Schedule', async () => {
        await ctx.api(base + '/scheduled-prices', { method: 'POST', headers: { 'Idempotency-Key': crypto.randomUUID() },
          body: { amount: Number(saleAmount.value), starts_at: iso(starts.value), ends_at: iso(ends.value) } });
        reload();
      }),
    table([
      { title: 'Sale price', value: p => money(p.amount, sku.base_price && sku.base_price.currency) },
      { title: 'From', value: p => date(p.starts_at) }, { title: 'Until', value: p => date(p.ends_at) || 'open' },
    ], scheduled.items || [], 'No scheduled prices.'),
    form('Adjust stock', [field('Change (+/-)', delta), field('Reason', reason)], 'Adjust', async () => {
      await ctx.api(base + '/inventory-adjustments', { method: 'POST', headers: { 'Idempotency-Key': crypto.randomUUID() },
        body: { delta: Number(delta.value), reason: reason.value.trim() } });
      reload();
    }),
    h('h3', null, 'Price history'),
    table([
      { title: 'When', value: p => date(p.changed_at) },
      { title: 'Price', value: p => money(p.price) },
      { title: 'Why', value: p => (p.kind || '').replace(/_/g, ' ') },
    ], history.items || [], 'No price changes yet.'));
}

export function skuSection(ctx, product) {
  const skus = product.admin_skus || product.skus || [];
  // the selling price now (a running sale price) is on the public view of the same SKU
  const selling = new Map((product.selling || []).map(s => [s.id, s.price]));
  const list = h('div', { class: 'stack', id: 'skus' }, skus.map(sku => {
    const box = h('div', { class: 'sku-details' });
    const open = h('details', { class: 'card', 'data-code': sku.code },
      h('summary', null, h('strong', null, sku.code), ' ',
        Object.entries(sku.options || {}).map(([k, v]) => k + ': ' + v).join(', '), ' · ',
        money(selling.get(sku.id) || sku.base_price), selling.get(sku.id) && sku.base_price
          && selling.get(sku.id).amount !== sku.base_price.amount ? ' (base ' + money(sku.base_price) + ')' : '',
        ' · stock ', sku.inventory ? sku.inventory.available + ' available of ' + sku.inventory.on_hand : '?', ' ',
        badge(sku.status)), box);
    open.addEventListener('toggle', () => open.open && !box.childElementCount && details(ctx, sku, box));
    return open;
  }));
  const rows = h('div', { class: 'stack' }, skuRow(skus.length));
  const error = errorLine();
  const add = h('button', { type: 'submit', id: 'add-sku' }, 'Add SKU');
  const adder = h('form', { class: 'card stack', 'aria-label': 'Add a SKU' }, rows, add, error);
  adder.addEventListener('submit', event => {
    event.preventDefault();
    act(add, error, async () => {
      await ctx.api('/api/v1/admin/products/' + product.id + '/skus', { method: 'POST',
        headers: { 'Idempotency-Key': crypto.randomUUID() }, body: skuBodies(rows)[0] });
      ctx.refresh();
    });
  });
  return h('div', null, list, adder);
}
