// The public API from the browser: tokens, the guest cart token, problem+json errors, the order-events stream.
//
// Where tokens live: the access token only in memory; the refresh token in sessionStorage (this tab only, gone when
// it closes) so a reload or the round trip to the payment page keeps the shopper signed in. The page's CSP allows
// no script but this origin's own, so no third-party script can read it; an XSS bug in our own code could (an
// HttpOnly cookie would need a cookie-based refresh endpoint and CSRF defences the API does not have). The guest
// cart token is in localStorage: it names a cart, not a person, and is merged away at sign-in.

const REFRESH = 'surge.shop.refresh';
const CART = 'surge.shop.cart';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && (problem.detail || problem.title) || 'HTTP ' + status);
    this.status = status;
    this.problem = problem;
  }
}

let access = null;
let accessExpires = 0;
let refreshing = null;
const listeners = new Set();

export function onSession(fn) {
  listeners.add(fn);
}

function changed(reason) {
  listeners.forEach(fn => fn(reason));
}

export function signedIn() {
  return Boolean(sessionStorage.getItem(REFRESH));
}

export function cartToken() {
  return localStorage.getItem(CART);
}

async function raw(path, { method = 'GET', body, headers = {}, token } = {}) {
  const h = Object.assign({ Accept: 'application/json' }, headers);
  if (body !== undefined) {
    h['Content-Type'] = 'application/json';
  }
  if (token) {
    h.Authorization = 'Bearer ' + token;
  }
  return fetch(path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function read(response) {
  const type = response.headers.get('Content-Type') || '';
  const data = response.status === 204 ? null : type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    throw new ApiError(response.status, typeof data === 'object' ? data : null);
  }
  return data;
}

function keep(tokens) {
  access = tokens.access_token;
  accessExpires = Date.now() + (tokens.expires_in - 30) * 1000;
  sessionStorage.setItem(REFRESH, tokens.refresh_token);
}

/** A fresh access token, rotating the refresh token once for all callers; null when the session is over. */
export async function accessToken() {
  if (access && Date.now() < accessExpires) {
    return access;
  }
  const refresh = sessionStorage.getItem(REFRESH);
  if (!refresh) {
    return null;
  }
  refreshing = refreshing || raw('/api/v1/auth/refresh', { method: 'POST', body: { refresh_token: refresh } })
    .then(read).then(tokens => {
      keep(tokens);
      return access;
    }).catch(error => {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
        forget('expired');
        return null;
      }
      throw error;
    }).finally(() => { refreshing = null; });
  return refreshing;
}

function forget(reason) {
  access = null;
  accessExpires = 0;
  sessionStorage.removeItem(REFRESH);
  changed(reason);
}

/**
 * One API call. The access token goes with it when signed in; a guest's cart calls carry the cart token, and a
 * new one in the answer is kept. A 401 with a token rotates once and retries; if that fails, the session is over.
 */
export async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers);
  let token = signedIn() ? await accessToken() : null;
  if (!token && path.startsWith('/api/v1/cart') && cartToken()) {
    headers['X-Cart-Token'] = cartToken();
  }
  let response = await raw(path, Object.assign({}, options, { headers, token }));
  if (response.status === 401 && token) {
    access = null;
    token = await accessToken();
    if (token) {
      response = await raw(path, Object.assign({}, options, { headers, token }));
    }
  }
  const issued = response.headers.get('X-Cart-Token');
  if (issued && !token) {
    localStorage.setItem(CART, issued);
  }
  return read(response);
}

/** Like api(), but a 404/501 (an endpoint not there yet) is null rather than an error. */
export async function optional(path) {
  try {
    return await api(path);
  } catch (error) {
    return null;
  }
}

export async function signIn(email, password) {
  const body = { email, password };
  if (cartToken()) {
    body.cart_token = cartToken();
  }
  keep(await read(await raw('/api/v1/auth/token', { method: 'POST', body })));
  localStorage.removeItem(CART);
  changed('signed-in');
}

export async function register(displayName, email, password) {
  await read(await raw('/api/v1/users', { method: 'POST', body: { email, password, display_name: displayName } }));
  await signIn(email, password);
}

export async function signOut() {
  const refresh = sessionStorage.getItem(REFRESH);
  try {
    if (refresh) {
      await raw('/api/v1/auth/logout', { method: 'POST', body: { refresh_token: refresh } });
    }
  } finally {
    forget('signed-out');
  }
}

/**
 * The caller's order events (Server-Sent Events over fetch, since EventSource cannot send a bearer token).
 * Reconnects with a fresh token after session_ended or a drop, until stop() is called.
 */
export function orderEvents(onEvent) {
  let stopped = false;
  let controller = null;
  let delay = 500;
  async function run() {
    while (!stopped) {
      try {
        const token = await accessToken();
        if (!token) {
          return;
        }
        controller = new AbortController();
        const response = await fetch('/api/v1/me/order-events', {
          headers: { Authorization: 'Bearer ' + token, Accept: 'text/event-stream' }, signal: controller.signal,
        });
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        delay = 500;
        await pump(response.body, onEvent);
      } catch (error) {
        if (stopped) {
          return;
        }
      }
      access = null;
      await new Promise(resolve => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 10000);
    }
  }
  run();
  return () => {
    stopped = true;
    if (controller) {
      controller.abort();
    }
  };
}

async function pump(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = { type: 'message', data: '' };
      for (const line of block.split('\n')) {
        const colon = line.indexOf(':');
        const name = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (name === 'event') {
          event.type = value;
        } else if (name === 'data') {
          event.data += value;
        } else if (name === 'id') {
          event.id = value;
        }
      }
      if (event.type === 'session_ended') {
        return;
      }
      if (event.data) {
        try {
          onEvent(event.type, JSON.parse(event.data));
        } catch (ignored) {
          // a malformed event changes nothing on the page
        }
      }
    }
  }
}

export function newKey() {
  return crypto.randomUUID();
}
