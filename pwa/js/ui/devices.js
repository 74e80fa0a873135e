// The devices I am signed in on, each with "sign out"; all but this one at once.
// A part of its own, fetched when settings open: the list needs the network anyway.
import { h, clear, announce } from '../dom.js';
import { t, formatDate } from '../i18n.js';
import { api, isOffline } from '../api.js';

export default function devicesPart() {
  const devices = h('ul', { class: 'devices' });
  const deviceError = h('p', { class: 'error', role: 'alert' });
  const others = h('button', { type: 'button', class: 'btn danger', text: t('sessions.sign_out_others'), hidden: true });
  others.addEventListener('click', async () => {
    try { await api('/sessions', { method: 'DELETE' }); announce(t('sessions.others_signed_out')); loadDevices(); } catch (e) { deviceError.textContent = e.message; }
  });
  async function loadDevices() {
    try {
      const list = await api('/sessions');
      others.hidden = !list.some((s) => !s.current);
      clear(devices, list.map((s) => {
        const name = s.device || t('sessions.unknown_device');
        return h('li', { class: 'card' },
          h('p', { class: 'card-title', text: s.current ? `${name} · ${t('sessions.this_device')}` : name }),
          h('p', { class: 'meta', text: t('sessions.used', { created: formatDate(s.created_at), used: formatDate(s.last_used_at) }) }),
          s.current ? null : h('button', { type: 'button', class: 'btn danger', 'aria-label': t('sessions.sign_out_named', { name }), text: t('sessions.sign_out'),
            onclick: async () => {
              try { await api(`/sessions/${s.id}`, { method: 'DELETE' }); announce(t('sessions.signed_out')); loadDevices(); } catch (e) { deviceError.textContent = e.message; }
            } }));
      }));
    } catch (err) {
      deviceError.textContent = isOffline(err) ? t('offline.needs_network') : err.message;
    }
  }
  loadDevices();
  return [devices, deviceError, others];
}
