// Customers: find by email or old-shop reference; a customer's orders, roles, what they would be recommended and their
// repurchase insight (the stored score of the last prediction training).
import { h, table, field, values, errorLine, act, money, badge } from '../dom.js';
import { orderRows } from './orders.js';

const ROLES = ['customer', 'agent', 'admin'];

async function find(main, ctx) {
  const q = ctx.query;
  const form = h('form', { class: 'filters', role: 'search' },
    field('Email contains', h('input', { name: 'email', id: 'customers-email', value: q.get('email') || '' })),
    field('Old shop reference', h('input', { name: 'customer_ref', value: q.get('customer_ref') || '' })),
    h('button', { type: 'submit' }, 'Find'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    ctx.navigate('#/customers?' + new URLSearchParams(values(form)));
  });
  const error = errorLine();
  main.append(h('h1', null, 'Customers'), form, error);
  const params = new URLSearchParams({ limit: '50' });
  ['email', 'customer_ref'].forEach(k => q.get(k) && params.set(k, q.get(k)));
  await act(null, error, async () => {
    const found = await ctx.api('/api/v1/admin/users?' + params, { signal: ctx.signal });
    main.append(table([
      { title: 'Name', value: u => h('a', { href: '#/customers/' + u.id }, u.display_name || u.email || u.id) },
      { title: 'Email', value: u => u.email || '' },
      { title: 'Roles', value: u => (u.roles || []).join(', ') },
      { title: 'State', value: u => u.erased_at ? badge('erased') : u.disabled_at ? badge('disabled', 'cancelled') : badge('active') },
    ], found.items, 'No customers match.'));
  });
}

function rolesForm(ctx, user) {
  const boxes = ROLES.map(role => h('input', { type: 'checkbox', name: 'role', value: role, id: 'role-' + role,
    checked: (user.roles || []).includes(role) }));
  const button = h('button', { type: 'submit', id: 'save-roles' }, 'Save roles');
  const error = errorLine();
  const done = h('span', { class: 'ok', role: 'status' });
  const form = h('form', { class: 'card stack', 'aria-label': 'Roles' }, h('h2', null, 'Roles'),
    h('div', { class: 'row' }, boxes.map(box => h('label', null, box, ' ' + box.value))), h('div', { class: 'row' }, button, done), error);
  form.addEventListener('submit', event => {
    event.preventDefault();
    done.textContent = '';
    act(button, error, async () => {
      await ctx.api('/api/v1/admin/users/' + user.id + '/roles', { method: 'PUT',
        body: { roles: boxes.filter(b => b.checked).map(b => b.value) } });
      done.textContent = 'Saved; takes effect at their next token refresh.';
    });
  });
  return form;
}

function recommendations(found) {
  const items = found && (found.items || found.recommendations) || [];
  return table([
    { title: 'Product', value: r => h('a', { href: '#/catalog/' + (r.product_id || r.id) }, r.title || r.product_id || r.id) },
    { title: 'Price', value: r => money(r.price_from || r.price, r.currency) },
    { title: 'Why', value: r => r.reason || r.model || '' },
  ], items, 'No recommendations for this customer yet.');
}

/** The repurchase model's stored score for the customer, with what drove it (largest effect first). */
function insight(found) {
  const card = h('section', { class: 'card stack', id: 'customer-insight', 'aria-label': 'Repurchase insight' },
    h('h2', null, 'Repurchase insight'));
  if (!found || found.status !== 'scored') {
    card.append(h('p', { class: 'muted' }, !found ? 'No insight could be read.'
      : found.status === 'not_trained' ? 'The repurchase model has not been trained yet (Operations).'
        : 'Not enough history: no order before the last training.'));
    return card;
  }
  card.append(h('p', null, h('strong', { id: 'customer-repurchase' }, Math.round(found.repurchase_probability * 100)
    + '%'), ' likely to order again within the horizon · segment ', badge(found.segment || 'none')),
  table([
    { title: 'What drove it', value: d => d.feature },
    { title: 'Value', value: d => d.value === null || d.value === undefined ? '–' : String(Math.round(d.value * 100) / 100) },
    { title: 'Effect', value: d => (d.contribution >= 0 ? '+' : '') + d.contribution.toFixed(2) },
  ], (found.drivers || []).slice(0, 5), 'No drivers recorded.'),
  h('p', { class: 'muted' }, (found.algorithm || 'model') + ' ' + (found.model_version || '')
    + (found.as_of ? ' · as of ' + found.as_of.slice(0, 10) : '')));
  return card;
}

async function customer(main, ctx, id) {
  const [users, orders, recs, insights] = await Promise.all([
    ctx.api('/api/v1/admin/users?limit=1&id=' + encodeURIComponent(id)).catch(() => null),
    ctx.api('/api/v1/admin/orders?limit=25&customer=' + encodeURIComponent(id)).catch(() => ({ items: [] })),
    ctx.api('/api/v1/admin/users/' + encodeURIComponent(id) + '/recommendations?limit=8').catch(() => null),
    ctx.api('/api/v1/admin/customers/' + encodeURIComponent(id) + '/insights').catch(() => null),
  ]);
  const user = (users && users.items.find(u => u.id === id)) || { id, roles: null };
  main.append(h('p', null, h('a', { href: '#/customers' }, '← Customers')),
    h('h1', null, user.display_name || user.email || 'Customer ' + id.slice(0, 8)),
    h('p', { class: 'muted' }, [user.email, 'id ' + id, user.customer_ref ? 'old shop ref ' + user.customer_ref : null]
      .filter(Boolean).join(' · ')),
    h('div', { class: 'cols' },
      h('div', null, h('h2', null, 'Orders'), orderRows(orders.items), h('h2', null, 'Would be recommended'),
        recommendations(recs)),
      h('div', { class: 'stack' }, user.roles ? rolesForm(ctx, user)
        : h('p', { class: 'muted' }, 'The account could not be read.'), insight(insights))));
}

export default {
  id: 'customers',
  title: 'Customers',
  roles: ['admin'],
  render(main, ctx) {
    return ctx.params[0] ? customer(main, ctx, ctx.params[0]) : find(main, ctx);
  },
};
