// The parts around every screen: the header status and bell, the bottom
// tabs and the banners (new version, install hint).
import { h, clear } from '../dom.js';
import { t, tn } from '../i18n.js';
import { ROUTES } from '../router.js';
import * as session from '../session.js';
import { entries, subscribe, FAILED, STALE } from '../outbox/queue.js';
import bell, { refreshUnread } from './bell.js';

const tabs = document.getElementById('tabs');
const status = document.getElementById('bar-status');
const banners = document.getElementById('banners');
let bellLink = null;

export function renderBars(route) {
  const me = session.user();
  renderBell(me);
  tabs.hidden = !me || !route || (route.public && !route.info);
  if (tabs.hidden) return;
  const items = ROUTES.filter((r) => r.nav && (!r.roles || r.roles.includes(me.role)));
  clear(tabs, h('ul', {}, items.map((r) => h('li', {},
    h('a', { href: r.path, class: `tab tab-${r.nav}`, 'aria-current': r === route || r.nav === route.nav ? 'page' : null },
      h('span', { class: 'tab-icon', 'aria-hidden': 'true' }), h('span', { text: t(`nav.${r.nav}`) }))))));
  tabs.setAttribute('aria-label', t('nav.label'));
}

// One bell, made on the first signed-in screen and hidden while signed out.
// Its count waits until the app's first screen is drawn (firstScreenDrawn).
let countLater = true;
function renderBell(me) {
  if (me && !bellLink) status.after(bellLink = bell());
  if (bellLink) bellLink.hidden = !me;
  if (me && !countLater) refreshUnread();
}

export function firstScreenDrawn() {
  countLater = false;
  if (session.user()) refreshUnread();
}

async function renderStatus() {
  soon = null;
  const me = session.user();
  const mine = (await entries()).filter((e) => e.user === me?.id);
  const failed = mine.filter((e) => e.state === FAILED || e.state === STALE).length;
  const parts = [];
  if (!navigator.onLine) parts.push(h('span', { class: 'pill offline', text: t('status.offline') }));
  if (mine.length) {
    parts.push(h('a', { class: ['pill', failed && 'failed'], href: '/mine#outbox' },
      failed ? tn('outbox.failed_count', failed) : tn('outbox.waiting_count', mine.length)));
  }
  clear(status, parts);
}

// At most ten readings of the queue a second while sending.
let soon;
const later = () => (soon ??= setTimeout(renderStatus, 100));
subscribe(later);
addEventListener('online', renderStatus);
addEventListener('offline', renderStatus);

export function showBanner(name, ...content) {
  banners.querySelector(`[data-banner="${name}"]`)?.remove();
  const close = h('button', { class: 'btn link', type: 'button', text: t('banner.close'), onclick: () => banner.remove() });
  const banner = h('div', { class: 'banner', 'data-banner': name, role: 'region', 'aria-label': t(`banner.${name}`) }, content, close);
  banners.append(banner);
  return banner;
}

// iOS only lets a web app receive push once it is on the home screen, and
// Safari has no install prompt of its own, so say how.
export function showInstallHint() {
  const ios = /iPhone|iPad|iPod/.test(navigator.userAgent);
  if (!ios || navigator.standalone || localStorage.getItem('gnista.installHint') === 'seen') return;
  const b = showBanner('install', h('p', {}, t('install.ios')));
  b.querySelector('button').addEventListener('click', () => localStorage.setItem('gnista.installHint', 'seen'));
}

later();
