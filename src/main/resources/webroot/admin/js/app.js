// The console's shell: sign-in, the section menu for the merchant's roles, and the hash router.
import { api, send, hasSession, onSession, signOut } from './api.js';
import { h, notice } from './dom.js';
import { signInForm, noAccess } from './signin.js';
import sections from './sections/index.js';

const main = document.getElementById('main');
let user = null;
let leave = null;
let controller = null;
let quiet = false;

function allowed() {
  return sections.filter(s => s.roles.some(role => user.roles.includes(role)));
}

function parse() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, search] = hash.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { id: parts[0] || '', params: parts.slice(1), query: new URLSearchParams(search || '') };
}

export function navigate(hash) {
  if (location.hash === hash) {
    route();
  } else {
    location.hash = hash;
  }
}

function menu(current) {
  const nav = document.getElementById('sections');
  nav.replaceChildren(h('ul', null, allowed().filter(s => s.nav !== false).map(s => h('li', null,
    h('a', { href: '#/' + s.id, 'aria-current': s.id === current ? 'page' : null }, s.title)))));
}

function cleanUp() {
  if (leave) {
    try {
      leave();
    } catch (ignored) {
      // a section's clean-up failing must not keep the next page from opening
    }
    leave = null;
  }
  if (controller) {
    controller.abort();
  }
}

async function route() {
  cleanUp();
  notice('');
  if (!user) {
    return;
  }
  const { id, params, query } = parse();
  const mine = allowed();
  const section = mine.find(s => s.id === id) || (id === '' ? mine[0] : null);
  menu(section && section.id);
  main.replaceChildren();
  if (!section) {
    main.append(h('h1', null, 'Not found'), h('p', null, 'This page is not in your console.'));
    return;
  }
  controller = new AbortController();
  const ctx = { api, send, navigate, user, params, query, signal: controller.signal, refresh: route };
  document.title = section.title + ' · Surge console';
  try {
    const cleanup = await section.render(main, ctx);
    leave = typeof cleanup === 'function' ? cleanup : null;
  } catch (error) {
    main.append(h('p', { class: 'error', role: 'alert' }, 'This page could not be loaded: ' + error.message));
  }
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }
}

async function start() {
  document.getElementById('sign-out').hidden = true;
  document.getElementById('who').textContent = '';
  document.getElementById('sections').replaceChildren();
  user = null;
  if (!hasSession()) {
    main.replaceChildren(signInForm(start));
    return;
  }
  let me;
  try {
    me = await api('/api/v1/me');
  } catch (error) {
    main.replaceChildren(signInForm(start));
    return;
  }
  const roles = me.roles || [];
  if (!roles.includes('admin') && !roles.includes('agent')) {
    quiet = true;
    await signOut().finally(() => { quiet = false; });
    main.replaceChildren(noAccess(start));
    return;
  }
  user = { id: me.id, email: me.email, name: me.display_name || me.email, roles };
  document.getElementById('who').textContent = user.name;
  document.getElementById('sign-out').hidden = false;
  route();
}

document.getElementById('sign-out').addEventListener('click', async () => {
  cleanUp();
  await signOut();
});
onSession(reason => {
  if (quiet) {
    return;
  }
  cleanUp();
  if (reason === 'expired') {
    notice('Your session has ended; please sign in again.');
  }
  start();
});
window.addEventListener('hashchange', route);
start();
