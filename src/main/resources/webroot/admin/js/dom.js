// Building the page: every piece of data goes in as text (text nodes, attributes), never parsed as HTML.

/** h('a', {href, class, onclick}, 'text', child, [children]) */
export function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      node.className = value;
    } else if (key === 'for') {
      node.htmlFor = value;
    } else if (key === 'value') {
      node.value = value;
    } else if (value === true) {
      node.setAttribute(key, '');
    } else {
      node.setAttribute(key, String(value));
    }
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(node, child);
    } else {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return node;
}

/** Money as {amount, currency} in minor units (or a bare amount with a currency beside it). */
export function money(value, currency) {
  if (value === null || value === undefined) {
    return '';
  }
  const amount = typeof value === 'object' ? value.amount : value;
  const code = (typeof value === 'object' ? value.currency : currency) || currency || 'EUR';
  if (amount === null || amount === undefined) {
    return '';
  }
  const format = new Intl.NumberFormat(undefined, { style: 'currency', currency: code });
  const digits = format.resolvedOptions().maximumFractionDigits;
  return format.format(Number(amount) / 10 ** digits);
}

export function date(iso) {
  return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '';
}

/** A labelled form control; the label's text and the control's id tie them together for screen readers. */
export function field(label, input, hint) {
  const id = input.id || 'f-' + Math.random().toString(36).slice(2);
  input.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), input,
    hint ? h('small', { class: 'muted' }, hint) : null);
}

/** A table: columns [{title, value: row => text|Node}] over rows. */
export function table(columns, rows, empty = 'Nothing here yet.') {
  if (!rows || rows.length === 0) {
    return h('p', { class: 'muted empty' }, empty);
  }
  return h('div', { class: 'table-wrap' }, h('table', null,
    h('thead', null, h('tr', null, columns.map(c => h('th', { scope: 'col' }, c.title)))),
    h('tbody', null, rows.map(row => h('tr', null, columns.map(c => h('td', null, c.value(row))))))));
}

export function badge(text, kind) {
  return h('span', { class: 'badge ' + (kind || String(text).toLowerCase().replace(/[^a-z_]/g, '')) }, text);
}

/** The problem+json an API call failed with, as one sentence with the fields it names. */
export function problemText(error) {
  const p = error && error.problem;
  if (!p) {
    return error && error.message ? error.message : 'Something went wrong. Please try again.';
  }
  const fields = (p.errors || []).map(e => (e.field ? e.field + ': ' : '') + (e.message || e.code)).join('; ');
  return (p.detail || p.title || 'Request failed') + (fields ? ' (' + fields + ')' : '');
}

/** An error line under a form, filled by fail(error) and cleared by fail(null). */
export function errorLine() {
  const line = h('p', { class: 'error', role: 'alert' });
  line.fail = error => { line.textContent = error ? problemText(error) : ''; };
  return line;
}

/** Runs an async action from a button or form: disables the control while it runs, reports errors to `line`. */
export async function act(control, line, action) {
  if (control) {
    control.disabled = true;
  }
  line && line.fail(null);
  try {
    return await action();
  } catch (error) {
    if (line) {
      line.fail(error);
      return undefined;
    }
    throw error;
  } finally {
    if (control) {
      control.disabled = false;
    }
  }
}

/** The values of a form's named controls as an object (empty strings left out). */
export function values(form) {
  const out = {};
  for (const [key, value] of new FormData(form).entries()) {
    if (typeof value === 'string' && value.trim() !== '') {
      out[key] = value.trim();
    }
  }
  return out;
}

export function notice(text) {
  document.getElementById('notice').textContent = text || '';
}

/** Lines of a streamed body (NDJSON import results) as they arrive. */
export async function eachLine(body, onLine) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      break;
    }
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, end).trim();
      buffer = buffer.slice(end + 1);
      if (line) {
        onLine(line);
      }
    }
  }
  if (buffer.trim()) {
    onLine(buffer.trim());
  }
}
