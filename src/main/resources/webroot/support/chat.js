// Surge support chat client: the WebSocket protocol (v1) and the few REST calls the pages need.
// Frames are acknowledged by client id; unacknowledged ones are re-sent with the same id after a
// reconnect, so nothing is lost or doubled. Each conversation is synced from the last message seen.

export const PROTOCOL = 1;

export async function logIn(email, password) {
  const response = await fetch('/api/v1/auth/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password })
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(body.detail || 'Login failed');
  }
  return body.access_token;
}

export async function getJson(path, token) {
  const response = await fetch(path, { headers: { Authorization: 'Bearer ' + token } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(body.detail || 'Request failed');
  }
  return body;
}

export class ChatConnection {
  /**
   * token: an access token, or a function giving a fresh one (a promise; null when signed out). With a function, a
   * connection the server closed because its token expired comes back with a new token, without a reload.
   */
  constructor(token, onFrame, onState) {
    this.token = token;
    this.onFrame = onFrame;
    this.onState = onState || (() => {});
    this.pending = new Map();
    this.lastSeen = new Map();
    this.syncing = new Set();
    this.retryMillis = 500;
    this.stopped = false;
    this.ready = false;
  }

  connect() {
    this.onState('connecting');
    // Asked for each connection: the token taken when the chat opened may have expired since.
    Promise.resolve(typeof this.token === 'function' ? this.token() : this.token).then(token => {
      if (this.stopped) {
        return;
      }
      if (!token) {
        this.stopped = true;
        this.onState('signed out');
        return;
      }
      this.open(token);
    }, () => this.retry());
  }

  open(token) {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(scheme + '//' + location.host + '/api/v1/support/ws');
    this.ws = ws;
    this.closedFor = null;
    // The token goes in the first frame, never in the URL (URLs end up in logs).
    ws.onopen = () => ws.send(JSON.stringify({ v: PROTOCOL, type: 'hello', token }));
    ws.onmessage = event => this.received(JSON.parse(event.data));
    ws.onclose = event => {
      this.ready = false;
      this.syncing.clear();
      this.onState('offline', event.code);
      // 1008 is final (a bad token, too many connections, the session ended), except an expired token where a
      // fresh one can be had: the server says which in the error frame before it closes
      const renewable = this.closedFor === 'token_expired' && typeof this.token === 'function';
      if (!this.stopped && (event.code !== 1008 || renewable)) {
        this.retry();
      }
    };
  }

  retry() {
    setTimeout(() => this.connect(), this.retryMillis);
    this.retryMillis = Math.min(this.retryMillis * 2, 10000);
  }

  received(frame) {
    if (frame.type === 'error' && !frame.id) {
      this.closedFor = frame.code;
    }
    if (frame.type === 'welcome') {
      this.ready = true;
      this.retryMillis = 500;
      this.onState('online');
      for (const c of frame.conversations) {
        this.sync(c.id);
      }
      for (const entry of this.pending.values()) {
        this.ws.send(JSON.stringify(entry.frame));
      }
    } else if (frame.type === 'synced') {
      this.syncing.delete(frame.conversation_id);
    } else if (frame.type === 'resync') {
      for (const id of this.lastSeen.keys()) {
        this.sync(id);
      }
    } else if (frame.type === 'message') {
      const m = frame.message;
      if ((this.lastSeen.get(m.conversation_id) || 0) < m.id) {
        this.lastSeen.set(m.conversation_id, m.id);
      }
    }
    if (frame.id && this.pending.has(frame.id) && (frame.type === 'ack' || frame.type === 'error')) {
      const entry = this.pending.get(frame.id);
      this.pending.delete(frame.id);
      if (frame.type === 'ack') {
        entry.resolve(frame);
      } else {
        entry.reject(new Error(frame.message));
      }
    }
    this.onFrame(frame);
  }

  sync(conversationId) {
    if (!this.ready || this.syncing.has(conversationId)) {
      return;
    }
    this.syncing.add(conversationId);
    this.send({ type: 'sync', conversation_id: conversationId, after_id: this.lastSeen.get(conversationId) || 0 });
  }

  /** A frame whose ack (or error) settles the promise; kept and re-sent until then. */
  request(frame) {
    const id = crypto.randomUUID();
    const full = Object.assign({ v: PROTOCOL, id }, frame);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { frame: full, resolve, reject });
      if (this.ready) {
        this.ws.send(JSON.stringify(full));
      }
    });
  }

  /** Fire and forget (typing, sync). */
  send(frame) {
    if (this.ready) {
      this.ws.send(JSON.stringify(Object.assign({ v: PROTOCOL }, frame)));
    }
  }

  close() {
    this.stopped = true;
    if (this.ws) {
      this.ws.close(1000);
    }
  }
}

/** Calls fn(true) when the user starts typing and fn(false) after a pause. */
export function typingNotifier(input, fn) {
  let timer = null;
  input.addEventListener('input', () => {
    if (timer === null) {
      fn(true);
    } else {
      clearTimeout(timer);
    }
    timer = setTimeout(() => {
      timer = null;
      fn(false);
    }, 2000);
  });
  return () => {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
      fn(false);
    }
  };
}

export function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (key === 'class') {
      node.className = value;
    } else {
      node.setAttribute(key, value);
    }
  }
  for (const child of children) {
    node.append(child);
  }
  return node;
}

export function time(iso) {
  return iso ? new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '';
}
