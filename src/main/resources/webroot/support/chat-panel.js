// The customer's chat views, one markup for the support page and the shop's chat panel: "start a conversation" and
// the conversation itself. widget.js finds its elements by these ids on both pages, so they are written once here.
import { el } from './chat.js';

function field(id, text, attributes) {
  return [el('label', { for: id }, text), el('input', Object.assign({ id, name: id }, attributes))];
}

/** headings: the support page titles each view; the shop's panel has its own title and no room for more. */
export function chatViews({ headings = true } = {}) {
  const start = el('section', { id: 'start', hidden: '' },
    ...(headings ? [el('h2', { id: 'start-title' }, 'How can we help?')] : []),
    el('form', { id: 'start-form', class: 'login' },
      ...field('order', 'Order (optional)', { placeholder: 'order id' }),
      ...field('first', 'Your question', { required: '', maxlength: '4000' }),
      el('button', { id: 'start-button', type: 'submit' }, 'Start chat'),
      el('p', { id: 'start-error', class: 'error', role: 'alert' })));
  const chat = el('section', { id: 'chat', hidden: '' },
    ...(headings ? [el('h2', { id: 'chat-title' }, 'Conversation')] : []),
    el('p', { id: 'state', class: 'status', role: 'status', 'aria-live': 'polite' }),
    el('ol', { id: 'log', class: 'log', 'aria-live': 'polite', 'aria-label': 'Messages' }),
    el('p', { id: 'typing', class: 'typing', 'aria-live': 'polite' }),
    el('form', { id: 'composer', class: 'composer' },
      el('label', { for: 'text', class: 'visually-hidden' }, 'Message'),
      el('input', { id: 'text', name: 'text', placeholder: 'Write a message', maxlength: '4000', autocomplete: 'off',
        'aria-label': 'Message' }),
      el('button', { id: 'send', type: 'submit' }, 'Send')),
    el('div', { class: 'actions' },
      el('button', { id: 'end', type: 'button', class: 'secondary' }, 'End chat'),
      el('button', { id: 'new', type: 'button', class: 'secondary', hidden: '' }, 'New chat')));
  if (headings) {
    start.setAttribute('aria-labelledby', 'start-title');
    chat.setAttribute('aria-labelledby', 'chat-title');
  }
  return [start, chat];
}

/** Puts the views into the page's [data-chat-views] element (after what it holds), unless the page has them. */
export function mountChatViews() {
  const mount = document.querySelector('[data-chat-views]');
  if (mount && !document.getElementById('start')) {
    mount.append(...chatViews({ headings: mount.dataset.chatViews !== 'compact' }));
  }
}
