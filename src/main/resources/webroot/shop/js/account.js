// Sign in, register, the profile and the address book.
import { api, signIn, register, signOut, signedIn } from './api.js';
import { h, show, field, problemText, notice } from './dom.js';
import { go } from './app.js';
import { addressFields, readAddress } from './cart.js';

function next(params) {
  const target = params.get('next') || '/';
  return target.startsWith('/') ? '#' + target : '#/';
}

export function signInPage(params) {
  const email = h('input', { id: 'signin-email', type: 'email', autocomplete: 'username', required: true });
  const password = h('input', { id: 'signin-password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'error', role: 'alert' });
  const registerLink = '#/register' + (params.get('next') ? '?next=' + encodeURIComponent(params.get('next')) : '');
  show(h('h1', null, 'Sign in'),
    params.get('expired') ? h('p', { class: 'warn', role: 'alert' }, 'Your session ended. Sign in again to carry on where you were.') : null,
    h('form', {
      class: 'stack narrow', id: 'signin-form', onsubmit: async event => {
        event.preventDefault();
        error.textContent = '';
        try {
          await signIn(email.value, password.value);
          go(next(params));
        } catch (e) {
          error.textContent = e.status === 401 ? 'That email and password do not match.' : problemText(e);
        }
      },
    }, field('Email', email), field('Password', password), h('button', { type: 'submit', id: 'signin-button' }, 'Sign in'), error),
    h('p', null, 'New here? ', h('a', { href: registerLink, id: 'register-link' }, 'Create an account')));
}

export function registerPage(params) {
  const name = h('input', { id: 'register-name', autocomplete: 'name', required: true, maxlength: 100 });
  const email = h('input', { id: 'register-email', type: 'email', autocomplete: 'email', required: true });
  const password = h('input', { id: 'register-password', type: 'password', autocomplete: 'new-password', required: true, minlength: 12 });
  const error = h('p', { class: 'error', role: 'alert' });
  show(h('h1', null, 'Create an account'),
    h('form', {
      class: 'stack narrow', onsubmit: async event => {
        event.preventDefault();
        error.textContent = '';
        try {
          await register(name.value, email.value, password.value);
          go(next(params));
        } catch (e) {
          error.textContent = problemText(e);
        }
      },
    }, field('Your name', name), field('Email', email),
    field('Password (at least 12 characters)', password),
    h('button', { type: 'submit', id: 'register-button' }, 'Create account'), error),
    h('p', null, 'Already have an account? ', h('a', { href: '#/signin' }, 'Sign in')));
}

export async function account() {
  if (!signedIn()) {
    go('#/signin?next=' + encodeURIComponent('/account'));
    return;
  }
  const [me, book] = await Promise.all([api('/api/v1/me'), api('/api/v1/me/addresses')]);
  const name = h('input', { id: 'profile-name', value: me.display_name || '', maxlength: 100 });
  const saved = h('p', { role: 'status' });
  const list = h('ul', { class: 'addresses' });
  const renderAddresses = items => list.replaceChildren(...items.map(a => h('li', null,
    h('span', null, [a.recipient, a.line1, a.line2, a.postal_code + ' ' + a.city, a.country].filter(Boolean).join(', ')),
    a.is_default ? h('span', { class: 'tag' }, 'default') : null,
    h('button', {
      type: 'button', class: 'link', onclick: async () => {
        await api('/api/v1/me/addresses/' + a.id, { method: 'DELETE' });
        renderAddresses((await api('/api/v1/me/addresses')).items || []);
      },
    }, 'Delete'))));
  renderAddresses(book.items || []);
  const addError = h('p', { class: 'error', role: 'alert' });
  show(h('h1', null, 'Your account'),
    h('section', { class: 'panel' }, h('h2', null, 'Profile'), h('p', null, me.email),
      h('form', {
        class: 'row', onsubmit: async event => {
          event.preventDefault();
          try {
            await api('/api/v1/me', { method: 'PATCH', body: { display_name: name.value } });
            saved.textContent = 'Saved.';
          } catch (e) {
            saved.textContent = problemText(e);
          }
        },
      }, field('Name', name), h('button', { type: 'submit' }, 'Save')), saved),
    h('section', { class: 'panel' }, h('h2', null, 'Addresses'), list,
      h('details', null, h('summary', null, 'Add an address'),
        h('form', {
          class: 'stack', onsubmit: async event => {
            event.preventDefault();
            try {
              await api('/api/v1/me/addresses', { method: 'POST', body: readAddress('book-') });
              renderAddresses((await api('/api/v1/me/addresses')).items || []);
              event.target.reset();
            } catch (e) {
              addError.textContent = problemText(e);
            }
          },
        }, addressFields('book-'), h('button', { type: 'submit' }, 'Add address'), addError))),
    h('section', { class: 'panel' }, h('h2', null, 'Session'),
      h('p', null, h('a', { href: '#/orders' }, 'Your orders'), ' · ', h('a', { href: '#/help' }, 'Help and tickets')),
      h('button', {
        type: 'button', id: 'sign-out', class: 'secondary', onclick: async () => {
          await signOut();
          notice('You are signed out.');
          go('#/');
        },
      }, 'Sign out')));
}
