// Settings: language, my passkeys, signed-in devices (ui/devices.js), notifications, my data, install, sign out.
import { h, uid, clear, announce } from '../dom.js';
import { t, tn, LANGUAGES, language, setLanguage, formatDate } from '../i18n.js';
import { api, isOffline } from '../api.js';
import * as passkeys from '../passkeys.js';
import * as session from '../session.js';
import { entries } from '../outbox/queue.js';
import pushSwitch from '../ui/push-switch.js';
import pageLinks from '../ui/page-links.js';

let installPrompt = null;
addEventListener('beforeinstallprompt', (e) => { e.preventDefault(); installPrompt = e; });

export default async function settings(view, { navigate, refreshChrome }) {
  const me = session.user();
  const langId = uid();
  const lang = h('select', { id: langId }, Object.entries(LANGUAGES).map(([code, label]) =>
    h('option', { value: code, selected: code === language(), text: label })));
  lang.addEventListener('change', async () => {
    await setLanguage(lang.value);
    try { await session.set(await api('/me', { method: 'PATCH', body: { language: lang.value } })); } catch { /* kept on this phone */ }
    refreshChrome();
    view.replaceChildren();
    await settings(view, { navigate, refreshChrome });
    view.querySelector('select')?.focus();
  });

  const keys = h('ul', { class: 'passkeys' });
  const keyError = h('p', { class: 'error', role: 'alert' });
  async function loadKeys() {
    try {
      const list = await api('/passkeys');
      clear(keys, list.map((k) => h('li', { class: 'card' },
        h('p', { class: 'card-title', text: k.name || t('passkey.unnamed') }),
        h('p', { class: 'meta', text: t('passkey.used', { created: formatDate(k.created_at), used: k.last_used_at ? formatDate(k.last_used_at) : '–' }) }),
        h('button', { type: 'button', class: 'btn danger', 'aria-label': t('passkey.remove_named', { name: k.name || '' }), text: t('passkey.remove'),
          onclick: async () => {
            if (list.length === 1 && !confirm(t('passkey.remove_last'))) return;
            try { await api(`/passkeys/${k.id}`, { method: 'DELETE' }); announce(t('passkey.removed')); loadKeys(); } catch (e) { keyError.textContent = e.message; }
          } }))));
    } catch (err) {
      keyError.textContent = isOffline(err) ? t('offline.needs_network') : err.message;
    }
  }
  // Signed-in devices: a part of its own (ui/devices.js), fetched when settings open.
  const devices = h('section', { 'aria-labelledby': 'dev-h' }, h('h2', { id: 'dev-h', text: t('sessions.heading') }));
  import('../ui/devices.js').then((m) => devices.append(...m.default()),
    () => devices.append(h('p', { class: 'error', role: 'alert', text: t('offline.needs_network') })));

  const add = h('button', { type: 'button', class: 'btn', text: t('passkey.add') });
  add.addEventListener('click', async () => {
    keyError.textContent = '';
    try { await passkeys.register(passkeys.deviceName()); announce(t('passkey.created')); loadKeys(); }
    catch (err) { keyError.textContent = err.name === 'NotAllowedError' ? t('signin.cancelled') : `${t('passkey.failed')} ${err.message}`; }
  });

  const install = h('button', { type: 'button', class: 'btn', text: t('install.button'), hidden: !installPrompt });
  install.addEventListener('click', async () => { await installPrompt?.prompt(); installPrompt = null; install.hidden = true; });

  const signOut = h('button', { type: 'button', class: 'btn danger', text: t('settings.signout') });
  signOut.addEventListener('click', async () => {
    const waiting = (await entries()).filter((e) => e.user === me.id).length;
    if (waiting && !confirm(tn('settings.signout_waiting', waiting))) return;
    // A shared phone: session.signOut() also ends this phone's push subscription.
    await session.signOut();
    navigate('/signin', { replace: true });
  });

  view.append(
    h('h1', { tabindex: '-1', text: t('settings.title') }),
    h('p', { class: 'lead', text: t('settings.signed_in_as', { name: me.display_name, unit: me.unit?.name || '' }) }),
    h('section', { class: 'field' }, h('label', { for: langId, text: t('settings.language') }), lang),
    h('section', { 'aria-labelledby': 'pk-h' }, h('h2', { id: 'pk-h', text: t('passkey.list') }), keys, keyError, passkeys.supported() ? add : null),
    devices,
    h('section', { 'aria-labelledby': 'push-h' }, h('h2', { id: 'push-h', text: t('push.heading') }), pushSwitch()),
    // A download, not an app route: the link leaves the router alone.
    h('section', { 'aria-labelledby': 'data-h' }, h('h2', { id: 'data-h', text: t('settings.data') }),
      h('p', { text: t('settings.export_explain') }),
      h('a', { class: 'btn', href: '/api/v1/me/export', download: true, text: t('settings.export') })),
    h('section', { 'aria-labelledby': 'acc-h' }, h('h2', { id: 'acc-h', text: t('settings.account') }), install, signOut),
    pageLinks());
  loadKeys();
}
