// The storefront shell: hash routes, the search box with suggestions, the category bar, the cart badge, the
// session in the header and the support chat for signed-in shoppers.
import { api, accessToken, onSession, signedIn } from './api.js';
import { h, notice, show } from './dom.js';
import { home, category, search } from './catalog.js';
import { product } from './product.js';
import { cart, checkout } from './cart.js';
import { signInPage, registerPage, account } from './account.js';
import { orders, order } from './orders.js';
import { flashSale } from './flash.js';
import { help } from './help.js';

const routes = [
  [/^\/$/, home],
  [/^\/c\/([^/]+)$/, category],
  [/^\/search$/, search],
  [/^\/p\/([^/]+)$/, product],
  [/^\/cart$/, cart],
  [/^\/checkout$/, checkout],
  [/^\/signin$/, signInPage],
  [/^\/register$/, registerPage],
  [/^\/account$/, account],
  [/^\/orders$/, orders],
  [/^\/orders\/([^/]+)$/, order],
  [/^\/flash\/([^/]+)$/, flashSale],
  [/^\/help$/, help],
];

let leaving = [];

/** Registers what to stop (streams, timers) when the shopper leaves the current page. */
export function onLeave(fn) {
  leaving.push(fn);
}

export function go(hash) {
  if (location.hash === hash) {
    render();
  } else {
    location.hash = hash;
  }
}

async function render() {
  leaving.forEach(fn => fn());
  leaving = [];
  notice('');
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query] = hash.split('?');
  const params = new URLSearchParams(query || '');
  for (const [pattern, view] of routes) {
    const match = path.match(pattern);
    if (match) {
      try {
        await view(params, ...match.slice(1).map(decodeURIComponent));
      } catch (error) {
        show(h('h1', null, 'Something went wrong'), h('p', { class: 'error', role: 'alert' }, error.message));
      }
      return;
    }
  }
  show(h('h1', null, 'Not found'), h('p', null, 'There is no such page. ', h('a', { href: '#/' }, 'Go home')));
}

/** The cart badge from the server's cart (a guest's by its token). */
export async function refreshCartCount(known) {
  try {
    const body = known || await api('/api/v1/cart');
    const count = body ? body.item_count || 0 : 0;
    document.getElementById('cart-count').textContent = String(count);
  } catch (error) {
    document.getElementById('cart-count').textContent = '0';
  }
}

function sessionChanged(reason) {
  const account = document.getElementById('nav-account');
  account.textContent = signedIn() ? 'Account' : 'Sign in';
  account.href = signedIn() ? '#/account' : '#/signin';
  document.getElementById('nav-orders').hidden = !signedIn();
  document.getElementById('help-open').hidden = !signedIn();
  if (!signedIn()) {
    document.getElementById('help-panel').hidden = true;
  }
  refreshCartCount();
  if (reason === 'expired') {
    // nothing is lost: the cart is on the server, and the shopper comes back to this page after signing in
    const back = location.hash.replace(/^#/, '') || '/';
    go('#/signin?expired=1&next=' + encodeURIComponent(back));
  }
}

// The search box suggests as the shopper types (debounced), with arrow keys and Enter on a suggestion.
function searchBox() {
  const form = document.getElementById('search');
  const input = document.getElementById('q');
  const list = document.getElementById('suggestions');
  let timer = null;
  let active = -1;
  let asked = 0;
  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const mark = index => {
    const items = [...list.children];
    active = Math.max(-1, Math.min(index, items.length - 1));
    items.forEach((item, i) => item.setAttribute('aria-selected', String(i === active)));
    if (active >= 0) {
      input.setAttribute('aria-activedescendant', items[active].id);
    }
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) {
      close();
      return;
    }
    timer = setTimeout(async () => {
      const ticket = ++asked;
      try {
        const body = await api('/api/v1/search/suggest?limit=6&q=' + encodeURIComponent(q));
        if (ticket !== asked) {
          return;
        }
        list.replaceChildren(...(body.items || []).map((item, i) => h('li', {
          id: 'suggestion-' + i, role: 'option', 'aria-selected': 'false', 'data-slug': item.slug,
          onmousedown: event => {
            event.preventDefault();
            close();
            go('#/p/' + encodeURIComponent(item.slug));
          },
        }, item.title)));
        list.hidden = list.children.length === 0;
        input.setAttribute('aria-expanded', String(!list.hidden));
      } catch (error) {
        close();
      }
    }, 150);
  });
  input.addEventListener('keydown', event => {
    if (list.hidden) {
      return;
    }
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      mark(active + (event.key === 'ArrowDown' ? 1 : -1));
    } else if (event.key === 'Escape') {
      close();
    } else if (event.key === 'Enter' && active >= 0) {
      event.preventDefault();
      const slug = list.children[active].dataset.slug;
      close();
      go('#/p/' + encodeURIComponent(slug));
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 100));
  form.addEventListener('submit', event => {
    event.preventDefault();
    close();
    const q = input.value.trim();
    if (q) {
      go('#/search?q=' + encodeURIComponent(q));
    }
  });
}

async function categoryBar() {
  try {
    const body = await api('/api/v1/categories');
    const all = body.items || body.categories || body || [];
    const top = (Array.isArray(all) ? all : []).filter(c => !c.parent_id && !c.archived);
    document.getElementById('categories').replaceChildren(h('ul', null,
      top.map(c => h('li', null, h('a', { href: '#/c/' + encodeURIComponent(c.slug) }, c.name)))));
  } catch (error) {
    // the shop still works without the bar
  }
}

// The support chat: /support/widget.js, started on the panel's elements with this session's tokens. It asks
// accessToken() for each connection, so after the 15-minute access token expires it reconnects with a refreshed one.
let widget = null;
async function openHelp() {
  const panel = document.getElementById('help-panel');
  panel.hidden = false;
  if (!widget) {
    const token = await accessToken();
    if (!token) {
      return;
    }
    sessionStorage.setItem('surge.chat.token', token);
    widget = import('/support/widget.js').then(module => module.startChat(accessToken));
  }
  await widget;
  const first = document.getElementById('first');
  (first.offsetParent ? first : document.getElementById('text')).focus();
}

document.getElementById('help-open').addEventListener('click', openHelp);
document.getElementById('help-close').addEventListener('click', () => {
  document.getElementById('help-panel').hidden = true;
  document.getElementById('help-open').focus();
});
window.addEventListener('hashchange', render);
onSession(sessionChanged);
export { openHelp };

searchBox();
categoryBar();
sessionChanged();
render();
