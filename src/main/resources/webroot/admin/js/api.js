// The admin API from the browser: sign-in, token refresh shared by concurrent calls, problem+json errors.
// The access token lives in memory only; the refresh token in sessionStorage (this tab, gone when it closes), so a
// reload keeps the merchant signed in. The CSP admits this origin's scripts only.

const REFRESH = 'surge.admin.refresh';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && (problem.detail || problem.title) || 'HTTP ' + status);
    this.status = status;
    this.problem = problem;
  }

  /** The message for one field of a form ("sku" or "skus[0].price"), or null. */
  field(name) {
    const hit = (this.problem && this.problem.errors || []).find(e => e.field === name);
    return hit ? hit.message || hit.code : null;
  }
}

let access = null;
let accessExpires = 0;
let refreshing = null;
const listeners = new Set();

export function onSession(fn) {
  listeners.add(fn);
}

export function hasSession() {
  return Boolean(sessionStorage.getItem(REFRESH));
}

async function raw(path, { method = 'GET', body, headers = {}, token, signal } = {}) {
  const h = Object.assign({ Accept: 'application/json' }, headers);
  let payload = body;
  if (body !== undefined && !(body instanceof FormData) && !(body instanceof Blob) && typeof body !== 'string') {
    h['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (token) {
    h.Authorization = 'Bearer ' + token;
  }
  return fetch(path, { method, headers: h, body: payload, signal });
}

async function read(response) {
  const type = response.headers.get('Content-Type') || '';
  const data = response.status === 204 ? null : type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    throw new ApiError(response.status, data && typeof data === 'object' ? data : null);
  }
  return data;
}

function keep(tokens) {
  access = tokens.access_token;
  accessExpires = Date.now() + (tokens.expires_in - 30) * 1000;
  sessionStorage.setItem(REFRESH, tokens.refresh_token);
}

function forget(reason) {
  access = null;
  accessExpires = 0;
  sessionStorage.removeItem(REFRESH);
  listeners.forEach(fn => fn(reason));
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

/**
 * One API call with the bearer token; a 401 rotates the token once and retries. Answers the parsed body; throws
 * ApiError with the problem+json on failure (error.field('name') for a form's field).
 */
export async function api(path, options = {}) {
  return read(await send(path, options));
}

/** Like api() but answers the Response itself, for streams (import progress, server-sent events). */
export async function send(path, options = {}) {
  let token = await accessToken();
  let response = await raw(path, Object.assign({}, options, { token }));
  if (response.status === 401 && token) {
    access = null;
    token = await accessToken();
    if (token) {
      response = await raw(path, Object.assign({}, options, { token }));
    }
  }
  if (response.status === 401) {
    forget('expired');
  }
  return response;
}

export async function signIn(email, password) {
  keep(await read(await raw('/api/v1/auth/token', { method: 'POST', body: { email, password } })));
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

export function newKey() {
  return crypto.randomUUID();
}
