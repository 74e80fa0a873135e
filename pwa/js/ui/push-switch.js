// Turning notifications on for this device. As an offer ("Tell me when my
// idea has been read") it shows only when push is possible and off; in
// settings it also turns them off and says why they cannot be on.
import { h, clear, announce } from '../dom.js';
import { t } from '../i18n.js';
import { isOffline } from '../api.js';
import * as push from '../push.js';

export default function pushSwitch({ offer = false } = {}) {
  const box = h('div', { class: 'push-switch stack' });
  async function render(done = false) {
    const state = await push.state();
    const on = state === 'subscribed';
    if (offer && (on ? !done : state !== 'available' && state !== 'home-screen')) return clear(box);
    if (!on && state !== 'available') return clear(box, h('p', { class: 'note', text: t(`push.${state}`) }));
    if (offer && on) return clear(box, h('p', { class: 'flash', text: t('push.on') }));
    const error = h('p', { class: 'error', role: 'alert' });
    const button = h('button', { type: 'button', class: ['btn', on && 'danger'], text: t(on ? 'push.turn_off' : offer ? 'push.offer' : 'push.turn_on') });
    button.onclick = async () => {
      button.disabled = true;
      try {
        await (on ? push.unsubscribe() : push.subscribe());
        announce(t(on ? 'push.off' : 'push.on'));
        await render(true);
        box.querySelector('button')?.focus();
      } catch (err) {
        button.disabled = false;
        error.textContent = err instanceof push.PushRefused ? t('push.denied') : isOffline(err) ? t('offline.needs_network') : `${t('push.failed')} ${err.message}`;
      }
    };
    clear(box, !offer && h('p', { text: t(on ? 'push.on' : 'push.explain') }), button, error);
  }
  render();
  return box;
}
