// The customer's chat widget: sign in, start a conversation (optionally about an order), talk.
import { ChatConnection, logIn, typingNotifier, el, time } from './chat.js';
import { mountChatViews } from './chat-panel.js';

mountChatViews();

const $ = id => document.getElementById(id);
let chat = null;
let me = null;
let current = null;
const shown = new Set();

$('login').addEventListener('submit', async event => {
  event.preventDefault();
  $('login-error').textContent = '';
  try {
    const token = await logIn($('email').value, $('password').value);
    sessionStorage.setItem('surge.chat.token', token);
    start(token);
  } catch (e) {
    $('login-error').textContent = e.message;
  }
});

function start(token) {
  $('login').hidden = true;
  chat = new ChatConnection(token, received, state => { $('connection').textContent = state; });
  chat.connect();
}

function received(frame) {
  switch (frame.type) {
    case 'welcome': {
      me = frame.user_id;
      const live = frame.conversations.find(c => c.status !== 'resolved');
      if (live) {
        show(live);
      } else if (!current) {
        $('start').hidden = false;
      }
      break;
    }
    case 'message':
      if (current && frame.message.conversation_id === current.id) {
        add(frame.message);
      }
      break;
    case 'typing':
      if (current && frame.conversation_id === current.id && frame.user_id !== me) {
        $('typing').textContent = frame.typing ? 'The agent is typing…' : '';
      }
      break;
    case 'read':
      if (frame.user_id !== me) {
        markRead(frame.message_id);
      }
      break;
    case 'synced':
      for (const r of frame.reads) {
        if (r.user_id !== me) {
          markRead(r.message_id);
        }
      }
      readUpTo();
      break;
    case 'queued':
      if (current && frame.conversation_id === current.id) {
        $('state').textContent = 'Waiting for an agent: you are number ' + frame.position + ' in the queue.';
      }
      break;
    case 'presence':
      if (current && frame.conversation_id === current.id) {
        $('state').textContent = frame.online ? 'Your agent is online.' : 'Your agent is away; they will answer here.';
      }
      break;
    case 'assigned':
    case 'closed':
    case 'conversation':
      if (current && frame.conversation.id === current.id) {
        show(frame.conversation);
      }
      break;
    case 'error':
      if (!frame.id) {
        $('state').textContent = frame.message;
      }
      break;
  }
}

function show(conversation) {
  const first = !current || current.id !== conversation.id;
  current = conversation;
  $('start').hidden = true;
  $('chat').hidden = false;
  const s = conversation.status;
  $('state').textContent = s === 'queued' ? 'Waiting for an agent…'
    : s === 'resolved' ? 'This conversation is resolved.'
    : 'You are talking with ' + (conversation.agent_name || 'an agent') + '.';
  $('state').dataset.status = s;
  $('text').disabled = s === 'resolved';
  $('send').disabled = s === 'resolved';
  $('end').hidden = s === 'resolved';
  $('new').hidden = s !== 'resolved';
  if (first) {
    $('log').replaceChildren();
    shown.clear();
    chat.sync(conversation.id);
  }
}

function add(message) {
  if (shown.has(message.id)) {
    return;
  }
  shown.add(message.id);
  const mine = message.sender_id === me;
  const who = mine ? 'You' : message.sender_role === 'agent' ? (current.agent_name || 'Agent') : 'Support';
  const item = el('li', { class: mine ? 'mine' : 'theirs', 'data-id': String(message.id) },
    el('span', { class: 'meta' }, who + ' · ' + time(message.at)), el('span', { class: 'text' }, message.text));
  if (mine) {
    item.append(el('span', { class: 'meta receipt' }, ''));
  }
  $('log').append(item);
  $('log').scrollTop = $('log').scrollHeight;
  if (!mine) {
    readUpTo();
  }
}

function markRead(messageId) {
  for (const item of $('log').querySelectorAll('li.mine')) {
    if (Number(item.dataset.id) <= messageId) {
      item.querySelector('.receipt').textContent = 'Seen';
    }
  }
}

/** Tells the agent what the customer has seen, while the page is visible. */
function readUpTo() {
  const theirs = [...$('log').querySelectorAll('li.theirs')];
  if (theirs.length && document.visibilityState === 'visible') {
    chat.send({ type: 'read', conversation_id: current.id, message_id: Number(theirs[theirs.length - 1].dataset.id) });
  }
}

$('start-form').addEventListener('submit', async event => {
  event.preventDefault();
  $('start-error').textContent = '';
  const frame = { type: 'open', text: $('first').value };
  if ($('order').value.trim()) {
    frame.order_id = $('order').value.trim();
  }
  try {
    const ack = await chat.request(frame);
    $('first').value = '';
    show(ack.conversation);
  } catch (e) {
    $('start-error').textContent = e.message;
  }
});

const stopTyping = typingNotifier($('text'), typing => current && chat.send({ type: 'typing', conversation_id: current.id, typing }));

$('composer').addEventListener('submit', async event => {
  event.preventDefault();
  const text = $('text').value.trim();
  if (!text || !current) {
    return;
  }
  $('text').value = '';
  stopTyping();
  try {
    await chat.request({ type: 'message', conversation_id: current.id, text });
  } catch (e) {
    $('state').textContent = e.message;
    $('text').value = text;
  }
});

$('end').addEventListener('click', () => current && chat.request({ type: 'resolve', conversation_id: current.id })
  .then(ack => show(ack.conversation)).catch(e => { $('state').textContent = e.message; }));
$('new').addEventListener('click', () => {
  current = null;
  $('chat').hidden = true;
  $('start').hidden = false;
});

/**
 * Starts the widget on a page that has a session of its own (the shop): tokenSource gives a fresh access token for
 * each connection (its refresh flow), so the chat outlives the 15-minute access token. If the widget already started
 * with a saved token, that connection takes the source for its next reconnect.
 */
export function startChat(tokenSource) {
  if (chat) {
    chat.token = tokenSource;
  } else {
    start(tokenSource);
  }
}

const saved = sessionStorage.getItem('surge.chat.token');
if (saved) {
  start(saved);
}
