// User-facing messages: errors (with the server's problem+json detail) and status lines.
import { t } from '../i18n.js';

let box;

export function initMessages(el) {
  box = el;
}

export function showError(err, context) {
  const detail = err?.status === 0 ? t('error.network') : (err?.detail ?? err?.message ?? String(err));
  const item = document.createElement('div');
  item.className = 'message error';
  item.setAttribute('role', 'alert');
  const text = document.createElement('span');
  text.textContent = `${t('error.prefix')}${context ? ' (' + context + ')' : ''}: ${detail}`;
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'icon';
  close.textContent = '×';
  close.setAttribute('aria-label', t('error.dismiss'));
  close.addEventListener('click', () => item.remove());
  item.append(text, close);
  box.append(item);
  while (box.children.length > 4) box.firstElementChild.remove();
}

export function clearMessages() { box.replaceChildren(); }
