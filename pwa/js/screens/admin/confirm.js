// A modal question before something that cannot be undone: it says what
// will happen, and only the button that names the action goes ahead.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';

/** Ask; resolves true when the person chose the action, false on cancel or Escape. */
export default function confirmAction({ title, body, action }) {
  return new Promise((resolve) => {
    const back = document.activeElement;
    const cancel = h('button', { type: 'button', class: 'btn', text: t('common.cancel') });
    const go = h('button', { type: 'button', class: 'btn danger', text: action });
    const dialog = h('dialog', { class: 'confirm card', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-body' },
      h('h2', { id: 'confirm-title', text: title }),
      ...[].concat(body).map((text, i) => h('p', { id: i === 0 ? 'confirm-body' : null, text })),
      h('div', { class: 'actions' }, cancel, go));
    let answer = false;
    cancel.addEventListener('click', () => dialog.close());
    go.addEventListener('click', () => { answer = true; dialog.close(); });
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (back && back.isConnected) back.focus();
      resolve(answer);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
