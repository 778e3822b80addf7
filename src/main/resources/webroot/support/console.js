// The agent console: queue, own conversations, history, typing and read state, and the agent's moves.
import { ChatConnection, logIn, getJson, typingNotifier, el, time } from './chat.js';

const $ = id => document.getElementById(id);
let chat = null;
let token = null;
let me = null;
let selected = null;
let olderCursor = null;
const conversations = new Map();
const messages = new Map();
const reads = new Map();

$('login').addEventListener('submit', async event => {
  event.preventDefault();
  $('login-error').textContent = '';
  try {
    token = await logIn($('email').value, $('password').value);
    sessionStorage.setItem('surge.console.token', token);
    start();
  } catch (e) {
    $('login-error').textContent = e.message;
  }
});

function start() {
  $('login').hidden = true;
  chat = new ChatConnection(token, received, state => { $('connection').textContent = state; });
  chat.connect();
}

function received(frame) {
  switch (frame.type) {
    case 'welcome':
      me = frame.user_id;
      if (frame.role !== 'agent') {
        $('connection').textContent = 'this account is not an agent';
        chat.close();
        return;
      }
      $('desk').hidden = false;
      $('availability-label').hidden = false;
      frame.conversations.forEach(remember);
      renderMine();
      refreshQueue();
      refreshAgents();
      break;
    case 'queue':
      $('queue-count').textContent = frame.queued;
      refreshQueue();
      break;
    case 'assigned':
    case 'closed':
    case 'conversation':
      remember(frame.conversation);
      renderMine();
      if (frame.type === 'assigned' && frame.conversation.agent_id === me) {
        chat.sync(frame.conversation.id);
        if (!selected) {
          select(frame.conversation.id);
        }
      }
      if (selected === frame.conversation.id) {
        renderHeader();
      }
      break;
    case 'message':
      keep(frame.message);
      if (selected === frame.message.conversation_id) {
        renderLog();
        readUpTo();
      }
      break;
    case 'typing':
      if (selected === frame.conversation_id && frame.user_id !== me) {
        $('typing').textContent = frame.typing ? 'The customer is typing…' : '';
      }
      break;
    case 'read':
      reads.set(frame.conversation_id + '|' + frame.user_id, frame.message_id);
      if (selected === frame.conversation_id) {
        renderLog();
      }
      break;
    case 'synced':
      for (const r of frame.reads) {
        reads.set(frame.conversation_id + '|' + r.user_id, r.message_id);
      }
      if (selected === frame.conversation_id) {
        renderLog();
      }
      break;
    case 'presence':
      if (selected === frame.conversation_id) {
        $('conversation-state').textContent = frame.online ? 'The customer is online.' : 'The customer left; they will see your answer when they are back.';
      }
      break;
    case 'error':
      if (!frame.id) {
        $('action-error').textContent = frame.message;
      }
      break;
  }
}

function remember(conversation) {
  conversations.set(conversation.id, conversation);
}

function keep(message) {
  if (!messages.has(message.conversation_id)) {
    messages.set(message.conversation_id, new Map());
  }
  messages.get(message.conversation_id).set(message.id, message);
}

function renderMine() {
  const mine = [...conversations.values()].filter(c => c.agent_id === me && c.status !== 'resolved'
    || c.id === selected);
  $('mine').replaceChildren(...mine.map(c => el('li', {}, conversationButton(c))));
}

function conversationButton(c) {
  const button = el('button', { type: 'button', 'data-id': c.id, 'aria-current': String(c.id === selected) },
    (c.customer_name || 'Customer') + ' · ' + c.status);
  button.addEventListener('click', () => select(c.id));
  return button;
}

async function refreshQueue() {
  try {
    const page = await getJson('/api/v1/support/conversations?status=queued&limit=50', token);
    $('queue-count').textContent = page.items.length;
    $('queue').replaceChildren(...page.items.map(c => {
      remember(c);
      const take = el('button', { type: 'button', class: 'secondary', 'data-take': c.id }, 'Take ' + (c.customer_name || ''));
      take.addEventListener('click', () => act({ type: 'take', conversation_id: c.id }).then(ack => {
        remember(ack.conversation);
        select(c.id);
      }));
      return el('li', {}, take);
    }));
  } catch (e) {
    $('action-error').textContent = e.message;
  }
}

async function select(id) {
  selected = id;
  olderCursor = null;
  $('conversation').hidden = false;
  $('typing').textContent = '';
  renderMine();
  renderHeader();
  renderLog();
  try {
    const detail = await getJson('/api/v1/support/conversations/' + id, token);
    remember(detail);
    for (const r of detail.reads) {
      reads.set(id + '|' + r.user_id, r.message_id);
    }
    const orders = (detail.customer && detail.customer.recent_orders) || [];
    $('context').textContent = orders.length
      ? 'Recent orders: ' + orders.map(o => o.id.slice(0, 8) + ' ' + o.status + ' ' + (o.total.amount / 100).toFixed(2) + ' ' + o.total.currency).join(' · ')
      : 'No orders yet.';
    await loadOlder();
    renderHeader();
    readUpTo();
  } catch (e) {
    $('action-error').textContent = e.message;
  }
}

async function loadOlder() {
  const id = selected;
  const path = '/api/v1/support/conversations/' + id + '/messages?limit=50' + (olderCursor ? '&cursor=' + olderCursor : '');
  const page = await getJson(path, token);
  page.items.forEach(keep);
  olderCursor = page.next_cursor;
  $('older').hidden = !olderCursor;
  if (selected === id) {
    renderLog();
  }
}

function renderHeader() {
  const c = conversations.get(selected);
  if (!c) {
    return;
  }
  $('conversation-title').textContent = (c.customer_name || 'Customer') + (c.subject ? ' — ' + c.subject : '');
  $('conversation-state').textContent = 'Status: ' + c.status + (c.order_id ? ' · about order ' + c.order_id : '');
  $('conversation-state').dataset.status = c.status;
  const mine = c.agent_id === me;
  $('text').disabled = !mine || c.status === 'resolved';
  $('send').disabled = $('text').disabled;
  $('pending').disabled = !mine || c.status !== 'open';
  $('resolve').disabled = !mine || c.status === 'resolved';
  $('reopen').disabled = c.status !== 'resolved';
  $('transfer').disabled = !mine || c.status === 'resolved';
}

function renderLog() {
  const list = [...(messages.get(selected) || new Map()).values()].sort((a, b) => a.id - b.id);
  const c = conversations.get(selected);
  const customerRead = c ? reads.get(selected + '|' + c.customer_id) || 0 : 0;
  $('log').replaceChildren(...list.map(m => {
    const mine = m.sender_role === 'agent';
    const item = el('li', { class: mine ? 'mine' : 'theirs', 'data-id': String(m.id) },
      el('span', { class: 'meta' }, (mine ? 'Agent' : 'Customer') + ' · ' + time(m.at)), el('span', { class: 'text' }, m.text));
    if (mine) {
      item.append(el('span', { class: 'meta receipt' }, m.id <= customerRead ? 'Seen' : ''));
    }
    return item;
  }));
  $('log').scrollTop = $('log').scrollHeight;
}

function readUpTo() {
  const list = [...(messages.get(selected) || new Map()).values()].filter(m => m.sender_role !== 'agent');
  const c = conversations.get(selected);
  if (list.length && c && c.agent_id === me && document.visibilityState === 'visible') {
    chat.send({ type: 'read', conversation_id: selected, message_id: Math.max(...list.map(m => m.id)) });
  }
}

function act(frame) {
  $('action-error').textContent = '';
  return chat.request(frame).then(ack => {
    if (ack.conversation) {
      remember(ack.conversation);
      renderMine();
      renderHeader();
    }
    return ack;
  }).catch(e => {
    $('action-error').textContent = e.message;
    throw e;
  });
}

const stopTyping = typingNotifier($('text'), typing => selected && chat.send({ type: 'typing', conversation_id: selected, typing }));

$('composer').addEventListener('submit', event => {
  event.preventDefault();
  const text = $('text').value.trim();
  if (!text || !selected) {
    return;
  }
  $('text').value = '';
  stopTyping();
  act({ type: 'message', conversation_id: selected, text }).catch(() => { $('text').value = text; });
});

$('older').addEventListener('click', () => loadOlder());
$('pending').addEventListener('click', () => act({ type: 'pending', conversation_id: selected }).catch(() => {}));
$('resolve').addEventListener('click', () => act({ type: 'resolve', conversation_id: selected }).catch(() => {}));
$('reopen').addEventListener('click', () => act({ type: 'reopen', conversation_id: selected }).catch(() => {}));
$('transfer').addEventListener('click', () => $('transfer-to').value
  && act({ type: 'transfer', conversation_id: selected, agent_id: $('transfer-to').value }).catch(() => {}));

/** The transfer list: every other agent by name, online ones first (GET /api/v1/support/agents). */
async function refreshAgents() {
  try {
    const agents = await getJson('/api/v1/support/agents', token);
    const choose = el('option', { value: '' }, 'Choose an agent…');
    $('transfer-to').replaceChildren(choose, ...agents.items.filter(a => a.id !== me).map(a =>
      el('option', { value: a.id }, a.display_name + (a.online ? ' (online, ' + a.open_conversations + ' open)' : ' (offline)'))));
  } catch (e) {
    $('action-error').textContent = 'The agent list could not be loaded: ' + e.message;
  }
}
$('available').addEventListener('change', () => act({ type: 'presence', available: $('available').checked }).catch(() => {}));

const saved = sessionStorage.getItem('surge.console.token');
if (saved) {
  token = saved;
  start();
}
