// The sign-in form (admins and agents), and what an account without those roles sees instead of the console.
import { signIn } from './api.js';
import { h, field, errorLine, act } from './dom.js';

export function signInForm(done) {
  const email = h('input', { name: 'email', type: 'email', required: true, autocomplete: 'username', id: 'signin-email' });
  const password = h('input', { name: 'password', type: 'password', required: true, autocomplete: 'current-password',
    id: 'signin-password' });
  const button = h('button', { type: 'submit', id: 'signin-button' }, 'Sign in');
  const error = errorLine();
  error.id = 'signin-error';
  const form = h('form', { class: 'card stack signin', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'Sign in to the console'),
    h('p', { class: 'muted' }, 'For the shop\'s admins and support agents.'),
    field('Email', email), field('Password', password), button, error);
  form.addEventListener('submit', event => {
    event.preventDefault();
    act(button, error, async () => {
      await signIn(email.value.trim(), password.value);
      done();
    });
  });
  setTimeout(() => email.focus(), 0);
  return form;
}

export function noAccess(done) {
  return h('section', { class: 'card stack signin', id: 'no-access' },
    h('h1', null, 'No access'),
    h('p', null, 'This account is not an admin or support agent, so it cannot use the console. You have been signed out.'),
    h('button', { type: 'button', onclick: done }, 'Sign in with another account'));
}
