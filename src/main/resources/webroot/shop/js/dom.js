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

function append(node, children) {
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
}

const ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'" };

/**
 * Search highlights are escaped text whose only markup is <mark>…</mark>: split on the marks, unescape the text
 * between them and build text nodes and <mark> elements.
 */
export function highlighted(text) {
  const out = [];
  let marked = false;
  for (const part of String(text || '').split(/(<\/?mark>)/)) {
    if (part === '<mark>') {
      marked = true;
    } else if (part === '</mark>') {
      marked = false;
    } else if (part) {
      const plain = part.replace(/&(amp|lt|gt|quot|#39|#x27);/g, m => ENTITIES[m]);
      out.push(marked ? h('mark', null, plain) : plain);
    }
  }
  return out;
}

/** Money as {amount, currency} (or a bare amount with a currency beside it, the deprecated form). */
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

export function options(opts) {
  return Object.entries(opts || {}).map(([k, v]) => k + ': ' + v).join(', ');
}

/** Replaces the main view's content and moves focus to its heading, as a page load would for a screen reader. */
export function show(...children) {
  const view = document.getElementById('view');
  view.replaceChildren(...children.flat().filter(Boolean));
  const heading = view.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }
  window.scrollTo(0, 0);
}

export function notice(text) {
  document.getElementById('notice').textContent = text || '';
}

/** A product card: picture, title (highlighted when it comes from search), brand and price. */
export function card(item) {
  const image = item.image_url || item.image || (item.images && item.images[0] && item.images[0].url);
  const title = item.highlight && item.highlight.title ? highlighted(item.highlight.title) : item.title;
  return h('li', { class: 'card' },
    h('a', { href: '#/p/' + encodeURIComponent(item.slug || item.id), class: 'card-link' },
      image ? h('img', { src: image, alt: '', loading: 'lazy', width: 320, height: 320 })
        : h('div', { class: 'placeholder', 'aria-hidden': 'true' }, (item.title || '?').slice(0, 1)),
      h('span', { class: 'card-title' }, title),
      item.brand ? h('span', { class: 'card-brand' }, item.brand) : null,
      h('span', { class: 'price' }, item.price_from ? 'from ' + money(item.price_from, item.currency) : '')));
}

export function grid(items) {
  return h('ul', { class: 'grid' }, items.map(card));
}

export function field(label, input) {
  const id = input.id || 'f-' + Math.random().toString(36).slice(2);
  input.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), input);
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
