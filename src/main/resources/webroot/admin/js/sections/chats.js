// Support → Chats (#/support/chats): the agent chat desk inside the console. The WebSocket client is the support
// pages' own (/support/chat.js: acks, retries, sync after reconnects), imported by absolute path: same origin, so the
// CSP's script-src 'self' admits it; it sits outside the console's fingerprint and is served revalidated (no-cache),
// so a changed client is still picked up. Renders text only (h()), never HTML.
import { ChatConnection, typingNotifier } from '/support/chat.js';
import { accessToken } from '../api.js';
import { h, errorLine, act, field } from '../dom.js';

export function chatDesk(main, ctx) {
  const state = { me: ctx.user.id, selected: null, conversations: new Map(), messages: new Map() };
  const $ = {
    connection: h('span', { id: 'chat-connection', role: 'status' }, 'connecting'),
    available: h('input', { type: 'checkbox', id: 'chat-available', checked: true }),
    queueCount: h('span', { id: 'chat-queue-count' }, '0'),
    queue: h('ul', { id: 'chat-queue', class: 'plain' }),
    mine: h('ul', { id: 'chat-mine', class: 'plain' }),
    resolved: h('ul', { id: 'chat-resolved', class: 'plain' }),
    title: h('h2', { id: 'chat-title' }, 'No chat selected'),
    status: h('p', { id: 'chat-status', class: 'muted', role: 'status', 'aria-live': 'polite' },
      'Take a waiting chat, or wait for one to be given to you.'),
    log: h('ol', { id: 'chat-log', class: 'chat-log', 'aria-live': 'polite', 'aria-label': 'Messages' }),
    typing: h('p', { id: 'chat-typing', class: 'muted', 'aria-live': 'polite' }),
    text: h('input', { id: 'chat-text', name: 'text', maxlength: 4000, autocomplete: 'off' }),
    send: h('button', { id: 'chat-send', type: 'submit' }, 'Send'),
    pending: h('button', { id: 'chat-pending', type: 'button', class: 'secondary' }, 'Waiting on customer'),
    resolve: h('button', { id: 'chat-resolve', type: 'button', class: 'secondary' }, 'Resolve'),
    reopen: h('button', { id: 'chat-reopen', type: 'button', class: 'secondary' }, 'Reopen'),
    transferTo: h('select', { id: 'chat-transfer-to' }, h('option', { value: '' }, 'Choose an agent…')),
    transfer: h('button', { id: 'chat-transfer', type: 'button', class: 'secondary' }, 'Transfer'),
    ticket: h('button', { id: 'chat-ticket', type: 'button' }, 'Make ticket'),
    ticketLink: h('p', { id: 'chat-ticket-link', role: 'status' }),
    error: errorLine(),
  };
  const composer = h('form', { id: 'chat-composer', class: 'row' }, field('Reply', $.text), $.send);
  const panel = h('section', { id: 'chat-panel', 'aria-labelledby': 'chat-title' }, $.title, $.status, $.log,
    $.typing, composer, h('div', { class: 'row chat-actions' }, $.pending, $.resolve, $.reopen, field('Transfer to', $.transferTo), $.transfer,
      $.ticket), $.ticketLink, $.error);
  main.append(h('div', { class: 'row chat-bar' }, h('label', { class: 'check' }, $.available, 'Taking new chats'),
    h('span', { class: 'muted' }, 'Connection: ', $.connection)),
  h('div', { class: 'cols' }, panel, h('nav', { 'aria-label': 'Chats' },
    h('h2', null, 'Waiting (', $.queueCount, ')'), $.queue, h('h2', null, 'Mine'), $.mine,
    h('h2', null, 'Recently resolved'), $.resolved)));

  const chat = new ChatConnection(accessToken, received, text => { $.connection.textContent = text; });

  function received(frame) {
    if (frame.type === 'welcome') {
      state.me = frame.user_id;
      frame.conversations.forEach(remember);
      refreshQueue();
      refreshAgents();
      refreshResolved();
    } else if (frame.type === 'queue') {
      refreshQueue();
    } else if (frame.type === 'assigned' || frame.type === 'closed' || frame.type === 'conversation') {
      remember(frame.conversation);
      if (frame.type === 'closed' || frame.conversation.status === 'open') {
        refreshResolved(); // resolved, or reopened: the list of recently resolved chats moved
      }
      if (frame.type === 'assigned' && frame.conversation.agent_id === state.me) {
        chat.sync(frame.conversation.id);
        if (!state.selected) {
          select(frame.conversation.id);
        }
      }
    } else if (frame.type === 'message') {
      const m = frame.message;
      if (!state.messages.has(m.conversation_id)) {
        state.messages.set(m.conversation_id, new Map());
      }
      state.messages.get(m.conversation_id).set(m.id, m);
      const c = state.conversations.get(m.conversation_id);
      if (c && c.status === 'pending' && m.sender_role !== 'agent') {
        remember(Object.assign({}, c, { status: 'open' })); // the customer answered: the server opened it (PROTOCOL.md)
      }
      if (m.conversation_id === state.selected) {
        renderLog();
        if (m.sender_role !== 'agent') {
          chat.send({ type: 'read', conversation_id: m.conversation_id, message_id: m.id });
        }
      }
    } else if (frame.type === 'synced' && frame.more) {
      chat.sync(frame.conversation_id); // a long chat comes in batches of 500: ask for the next one
    } else if (frame.type === 'typing' && frame.conversation_id === state.selected && frame.user_id !== state.me) {
      $.typing.textContent = frame.typing ? 'The customer is typing…' : '';
    } else if (frame.type === 'error' && !frame.id) {
      $.error.fail(new Error(frame.message));
    }
    render();
  }

  function remember(c) {
    state.conversations.set(c.id, c);
  }

  function name(c) {
    return (c.customer_name || 'Customer') + (c.subject ? ' — ' + c.subject : '');
  }

  async function refreshQueue() {
    await act(null, $.error, async () => {
      const page = await ctx.api('/api/v1/support/conversations?status=queued&limit=50', { signal: ctx.signal });
      $.queueCount.textContent = String(page.items.length);
      $.queue.replaceChildren(...page.items.map(c => h('li', null, h('button', { type: 'button', class: 'secondary',
        'data-take': c.id, onclick: event => take(event.target, c) }, 'Take ' + name(c)))));
      if (!page.items.length) {
        $.queue.append(h('li', { class: 'muted' }, 'Nobody is waiting.'));
      }
    });
  }

  /** The agent's own last resolved chats (REST), to read again or reopen. */
  async function refreshResolved() {
    await act(null, $.error, async () => {
      const page = await ctx.api('/api/v1/support/conversations?status=resolved&mine=true&limit=10',
        { signal: ctx.signal });
      page.items.forEach(c => { if (!state.conversations.has(c.id)) { remember(c); } });
      $.resolved.replaceChildren(...page.items.map(c => h('li', null, h('button', { type: 'button',
        class: 'secondary', 'data-resolved': c.id, onclick: () => select(c.id) }, name(c)))));
      if (!page.items.length) {
        $.resolved.append(h('li', { class: 'muted' }, 'None yet.'));
      }
    });
  }

  function take(button, c) {
    return act(button, $.error, async () => {
      remember((await chat.request({ type: 'take', conversation_id: c.id })).conversation);
      chat.sync(c.id);
      select(c.id);
      refreshQueue();
    });
  }

  /** The transfer list: every other agent by name, online ones first, as the server orders them. */
  async function refreshAgents() {
    await act(null, $.error, async () => {
      const agents = await ctx.api('/api/v1/support/agents', { signal: ctx.signal });
      $.transferTo.replaceChildren(h('option', { value: '' }, 'Choose an agent…'), ...agents.items
        .filter(a => a.id !== state.me).map(a => h('option', { value: a.id }, a.display_name
          + (a.online ? ' (online, ' + a.open_conversations + ' open)' : ' (offline)'))));
    });
  }

  function select(id) {
    state.selected = id;
    $.typing.textContent = '';
    $.ticketLink.replaceChildren();
    chat.sync(id);
    render();
    renderLog();
  }

  function render() {
    const mine = [...state.conversations.values()].filter(c => c.agent_id === state.me && c.status !== 'resolved'
      || c.id === state.selected);
    $.mine.replaceChildren(...mine.map(c => h('li', null, h('button', { type: 'button', 'data-id': c.id,
      class: c.id === state.selected ? '' : 'secondary', 'aria-current': c.id === state.selected ? 'true' : null,
      onclick: () => select(c.id) }, name(c) + ' · ' + c.status))));
    const c = state.conversations.get(state.selected);
    const own = Boolean(c) && c.agent_id === state.me && c.status !== 'resolved';
    [$.text, $.send, $.resolve, $.transferTo, $.transfer].forEach(control => { control.disabled = !own; });
    $.pending.disabled = !own || c.status !== 'open'; // the customer's next message opens it again
    $.reopen.disabled = !c || c.status !== 'resolved'; // any agent may reopen it: it becomes theirs
    $.ticket.disabled = !c;
    if (c) {
      $.title.textContent = name(c);
      $.status.textContent = 'Status: ' + c.status + (c.order_id ? ' · about order ' + c.order_id : '');
      $.status.dataset.status = c.status;
    }
  }

  function renderLog() {
    const list = [...(state.messages.get(state.selected) || new Map()).values()].sort((a, b) => a.id - b.id);
    $.log.replaceChildren(...list.map(m => h('li', { class: m.sender_role === 'agent' ? 'me' : 'them' },
      h('small', { class: 'muted' }, m.sender_role === 'agent' ? 'Agent: ' : 'Customer: '), m.text)));
    $.log.scrollTop = $.log.scrollHeight;
  }

  const stopTyping = typingNotifier($.text,
    typing => state.selected && chat.send({ type: 'typing', conversation_id: state.selected, typing }));
  composer.addEventListener('submit', event => {
    event.preventDefault();
    const text = $.text.value.trim();
    if (!text || !state.selected) {
      return;
    }
    $.text.value = '';
    stopTyping();
    act($.send, $.error, () => chat.request({ type: 'message', conversation_id: state.selected, text }))
      .then(ack => { if (!ack) { $.text.value = text; } });
  });
  // render after act(): act re-enables its button when done, and the new state may want it disabled
  const move = (button, frame) => act(button, $.error, async () => {
    remember((await chat.request(Object.assign({ conversation_id: state.selected }, frame))).conversation);
  }).then(render);
  $.pending.addEventListener('click', () => move($.pending, { type: 'pending' }));
  $.resolve.addEventListener('click', () => move($.resolve, { type: 'resolve' }));
  $.reopen.addEventListener('click', () => move($.reopen, { type: 'reopen' }));
  $.transfer.addEventListener('click', () => ($.transferTo.value
    ? move($.transfer, { type: 'transfer', agent_id: $.transferTo.value })
    : $.error.fail(new Error('Choose the agent to transfer the chat to.'))));
  // One click: the endpoint is idempotent, so a second click (or another agent's) links the same ticket.
  $.ticket.addEventListener('click', () => act($.ticket, $.error, async () => {
    const ticket = await ctx.api('/api/v1/support/conversations/' + encodeURIComponent(state.selected) + '/ticket',
      { method: 'POST', body: {} });
    $.ticketLink.replaceChildren('Ticket made: ', h('a', { id: 'chat-ticket-open', href: '#/support/' + ticket.id },
      'Ticket #' + ticket.number));
  }));
  $.available.addEventListener('change', () => act($.available, $.error,
    () => chat.request({ type: 'presence', available: $.available.checked })));

  render();
  chat.connect();
  return () => chat.close();
}
