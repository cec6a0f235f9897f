// The editor sign-in dialog; the HTTP side lives in api.js.
import { signIn, signOut, signedInUser, loadSession } from '../api.js';
import { t, onLangChange } from '../i18n.js';

export function initSignIn(button, dialog, onChange) {
  const form = dialog.querySelector('form');
  const error = dialog.querySelector('.form-error');
  const label = () => {
    const u = signedInUser();
    button.textContent = u ? t('signin.out', { user: u }) : t('signin.open');
  };
  button.addEventListener('click', async () => {
    if (signedInUser()) {
      await signOut();
      label();
      onChange(null);
    } else {
      error.textContent = '';
      dialog.showModal();
      form.querySelector('input').focus();
    }
  });
  dialog.querySelector('.cancel').addEventListener('click', () => dialog.close());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = new FormData(form);
    try {
      const user = await signIn(String(data.get('username')), String(data.get('password')));
      dialog.close();
      form.reset();
      label();
      onChange(user);
    } catch (err) {
      error.textContent = t('signin.failed');
    }
  });
  onLangChange(label);
  label();
  // a session from an earlier visit (reload, shared tab) counts as signed in
  return loadSession().then(label, () => label());
}
