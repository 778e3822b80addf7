// Help: chat with an agent (the support widget) or open a ticket, and see one's tickets.
import { api, signedIn } from './api.js';
import { h, show, field, problemText, date } from './dom.js';
import { openHelp } from './app.js';

export async function help() {
  if (!signedIn()) {
    show(h('h1', null, 'Help'), h('p', null, h('a', { href: '#/signin?next=' + encodeURIComponent('/help') }, 'Sign in'),
      ' to chat with us or open a ticket about an order.'));
    return;
  }
  const subject = h('input', { id: 'ticket-subject', required: true, maxlength: 200 });
  const body = h('textarea', { id: 'ticket-body', required: true, maxlength: 10000, rows: 4 });
  const orderId = h('input', { id: 'ticket-order', placeholder: 'optional', maxlength: 36 });
  const message = h('p', { role: 'status', id: 'ticket-result' });
  const list = h('ul', { class: 'tickets' });
  const load = async () => {
    const mine = await api('/api/v1/support/tickets?limit=20').catch(() => ({ items: [] }));
    list.replaceChildren(...(mine.items || []).map(t => h('li', null, h('strong', null, t.subject), ' · ',
      t.status, ' · ', date(t.created_at))));
  };
  show(h('h1', null, 'Help'),
    h('section', { class: 'panel' }, h('h2', null, 'Chat'), h('p', null, 'An agent answers while you shop.'),
      h('button', { type: 'button', id: 'open-chat', onclick: openHelp }, 'Chat with us')),
    h('section', { class: 'panel' }, h('h2', null, 'Open a ticket'),
      h('form', {
        class: 'stack', onsubmit: async event => {
          event.preventDefault();
          const request = { subject: subject.value, body: body.value };
          if (orderId.value.trim()) {
            request.order_id = orderId.value.trim();
          }
          try {
            await api('/api/v1/support/tickets', { method: 'POST', body: request });
            message.textContent = 'Thank you: we answer by email and here.';
            event.target.reset();
            load();
          } catch (e) {
            message.textContent = problemText(e);
          }
        },
      }, field('Subject', subject), field('What happened?', body), field('Order id', orderId),
      h('button', { type: 'submit' }, 'Send'), message)),
    h('section', { class: 'panel' }, h('h2', null, 'Your tickets'), list));
  load();
}
