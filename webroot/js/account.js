// Sign-up, log-in and log-out forms.
import { api } from './api.js';

const $ = (id) => document.getElementById(id);

function fields(form) {
  const data = new FormData(form);
  return { username: String(data.get('username') ?? '').trim(), password: String(data.get('password') ?? '') };
}

async function submitting(form, work) {
  const button = form.querySelector('button');
  button.disabled = true;
  $('account-error').textContent = '';
  try {
    await work();
  } catch (err) {
    $('account-error').textContent = err.message;
  } finally {
    button.disabled = false;
  }
}

/** Wires the forms; onChange() is called after a login or logout so the page can reload who it is. */
export function setupAccount(onChange) {
  $('login-form').addEventListener('submit', (e) => {
    e.preventDefault();
    submitting(e.target, async () => {
      await api.post('/api/auth/login', fields(e.target));
      e.target.reset();
      await onChange();
    });
  });
  $('register-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const creds = fields(e.target);
    submitting(e.target, async () => {
      await api.post('/api/auth/register', creds);
      await api.post('/api/auth/login', creds);
      e.target.reset();
      await onChange();
    });
  });
  $('logout').addEventListener('click', async () => {
    await api.post('/api/auth/logout').catch((err) => console.warn('signing out did not reach the server:', err.message));
    await onChange();
  });
}

export function renderAccount(me) {
  $('panel-account').hidden = Boolean(me);
  $('signed-in').hidden = !me;
  if (me) {
    $('who').textContent = me.account.username;
    $('role').textContent = me.account.role === 'admin' ? '(admin)' : '';
  }
}
