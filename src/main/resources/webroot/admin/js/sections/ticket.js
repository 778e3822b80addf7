// One ticket: the thread with internal notes, a reply (or note) box, and its status.
import { h, field, errorLine, act, badge, date } from '../dom.js';

export async function ticketPage(main, ctx, id) {
  const path = '/api/v1/support/tickets/' + encodeURIComponent(id);
  const [ticket, thread] = await Promise.all([ctx.api(path), ctx.api(path + '/messages?limit=100')]);
  const text = h('textarea', { name: 'body', id: 'reply-body', required: true, maxlength: 10000 });
  const internal = h('input', { type: 'checkbox', name: 'internal', id: 'reply-internal' });
  const send = h('button', { type: 'submit', id: 'reply-send' }, 'Send');
  const error = errorLine();
  const reply = h('form', { class: 'card stack', 'aria-label': 'Reply' }, field('Reply', text),
    h('label', null, internal, ' Internal note (the customer does not see it)'), send, error);
  reply.addEventListener('submit', event => {
    event.preventDefault();
    act(send, error, async () => {
      await ctx.api(path + '/messages', { method: 'POST', body: { body: text.value, internal: internal.checked } });
      ctx.refresh();
    });
  });
  const status = h('select', { id: 'ticket-status' }, ['open', 'pending', 'solved', 'closed'].map(s =>
    h('option', { value: s, selected: ticket.status === s }, s)));
  const save = h('button', { type: 'button', id: 'ticket-save' }, 'Set status');
  const statusError = errorLine();
  save.addEventListener('click', () => act(save, statusError, async () => {
    await ctx.api('/api/v1/support/agent/tickets/' + ticket.id, { method: 'PATCH', headers: { 'If-Match': '"' + ticket.version + '"' },
      body: { status: status.value } });
    ctx.refresh();
  }));
  const take = h('button', { type: 'button', class: 'secondary' }, 'Assign to me');
  take.addEventListener('click', () => act(take, statusError, async () => {
    await ctx.api('/api/v1/support/agent/tickets/' + ticket.id, { method: 'PATCH', headers: { 'If-Match': '"' + ticket.version + '"' },
      body: { assignee_id: ctx.user.id } });
    ctx.refresh();
  }));
  const customer = ticket.customer || {};
  main.append(h('p', null, h('a', { href: '#/support' }, '← Tickets')),
    h('h1', null, '#' + ticket.number + ' ' + ticket.subject, ' ', badge(ticket.status)),
    h('p', { class: 'muted' }, ticket.category + ' · opened ' + date(ticket.created_at),
      customer.email ? ' · ' + (customer.display_name || '') + ' <' + customer.email + '>' : '',
      ticket.order_id ? h('span', null, ' · order ', h('a', { href: '#/orders/' + ticket.order_id }, ticket.order_id.slice(0, 8))) : null),
    h('div', { class: 'cols' },
      h('div', null, h('ol', { class: 'chat-log', id: 'ticket-thread' }, (thread.items || []).map(m =>
        h('li', { class: m.author_role === 'customer' ? '' : 'me' },
          h('strong', null, m.internal ? 'Internal note' : m.author_role), ' · ', date(m.created_at), h('div', null, m.body)))),
      reply),
      h('div', { class: 'card stack' }, h('h2', null, 'Status'), field('Status', status), h('div', { class: 'row' }, save, take),
        statusError)));
}
