// Support: the ticket desk (#/support, #/support/<ticket id>), the review queue (#/support/reviews) and the live chat
// (#/support/chats).
import { h, table, field, values, errorLine, act, badge, date } from '../dom.js';
import { ticketPage } from './ticket.js';
import { reviewQueue } from './reviews.js';
import { chatDesk } from './chats.js';

const STATUSES = ['new', 'open', 'pending', 'solved', 'closed'];

function tabs(current) {
  return h('nav', { class: 'row', 'aria-label': 'Support' }, [['', 'Tickets'], ['chats', 'Chats'],
    ['reviews', 'Reviews to moderate']].map(([id, label]) => h('a', { href: '#/support/' + id,
    class: 'button' + (id === current ? '' : ' secondary'), 'aria-current': id === current ? 'page' : null }, label)));
}

async function desk(main, ctx) {
  const q = ctx.query;
  const form = h('form', { class: 'filters', role: 'search' },
    field('Status', h('select', { name: 'status', id: 'tickets-status' }, h('option', { value: '' }, 'Any'),
      STATUSES.map(s => h('option', { value: s, selected: q.get('status') === s }, s)))),
    field('Category', h('input', { name: 'category', value: q.get('category') || '' })),
    field('Customer id', h('input', { name: 'customer', value: q.get('customer') || '' })),
    field('Assignee', h('select', { name: 'assignee' }, h('option', { value: '' }, 'Anyone'),
      h('option', { value: 'me', selected: q.get('assignee') === 'me' }, 'Me'))),
    h('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    ctx.navigate('#/support?' + new URLSearchParams(values(form)));
  });
  const error = errorLine();
  main.append(h('h1', null, 'Support'), tabs(''), form, error);
  const params = new URLSearchParams({ limit: '50' });
  ['status', 'category', 'customer'].forEach(k => q.get(k) && params.set(k, q.get(k)));
  if (q.get('assignee') === 'me') {
    params.set('assignee', ctx.user.id);
  }
  await act(null, error, async () => {
    const found = await ctx.api('/api/v1/support/agent/tickets?' + params, { signal: ctx.signal });
    main.append(table([
      { title: '#', value: t => h('a', { href: '#/support/' + t.id }, '#' + t.number) },
      { title: 'Subject', value: t => t.subject },
      { title: 'Category', value: t => t.category },
      { title: 'Status', value: t => badge(t.status) },
      { title: 'Last reply', value: t => date(t.last_reply_at || t.created_at) },
    ], found.items, 'No tickets match.'));
  });
}

export default {
  id: 'support',
  title: 'Support',
  roles: ['admin', 'agent'],
  render(main, ctx) {
    const [id] = ctx.params;
    if (id === 'reviews') {
      main.append(h('h1', null, 'Reviews to moderate'), tabs('reviews'));
      return reviewQueue(main, ctx);
    }
    if (id === 'chats') {
      main.append(h('h1', null, 'Chats'), tabs('chats'));
      return chatDesk(main, ctx);
    }
    return id ? ticketPage(main, ctx, id) : desk(main, ctx);
  },
};
