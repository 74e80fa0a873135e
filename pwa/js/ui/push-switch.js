// Turning notifications on for this device. As an offer ("Tell me when my
// idea has been read") it shows only when push is possible and off, and not
// again once refused; in settings it also turns them off and says why they
// cannot be on.
import { h, clear, announce } from '../dom.js';
import { t } from '../i18n.js';
import { isOffline } from '../api.js';
import * as push from '../push.js';

const REFUSED = 'gnista.pushOfferRefused';

export default function pushSwitch({ offer = false } = {}) {
  const box = h('div', { class: 'push-switch stack' });
  const refuse = () => {
    localStorage.setItem(REFUSED, 'yes');
    clear(box, h('p', { class: 'note', role: 'status', text: t('push.offer_refused') }));
  };
  async function render(done = false) {
    if (offer && !done && localStorage.getItem(REFUSED)) return clear(box);
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
        if (offer && err instanceof push.PushRefused) return refuse();
        // The browser's own message is in its language, not the user's: say it in ours.
        error.textContent = err instanceof push.PushRefused ? t('push.denied') : isOffline(err) ? t('offline.needs_network') : t('push.failed');
      }
    };
    const no = offer && h('button', { type: 'button', class: 'btn link', text: t('push.offer_no'), onclick: refuse });
    clear(box, !offer && h('p', { text: t(on ? 'push.on' : 'push.explain') }), h('div', { class: 'actions' }, button, no), error);
  }
  render();
  return box;
}
