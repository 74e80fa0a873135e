// The controller: loads the language and the user, keeps the outbox
// flowing, and shows one screen per route.
import { h, clear } from './dom.js';
import { t, setLanguage, preferredLanguage, language } from './i18n.js';
import { match, interceptLinks, navigate, loadScreen } from './router.js';
import { prefetch, forget } from './api.js';
import { readQuery, apiQuery } from './feed-query.js';
import * as session from './session.js';
import { startSync } from './outbox/sync.js';
import { registerWorker } from './ui/update.js';
import { renderBars, showBanner, showInstallHint, firstScreenDrawn } from './ui/chrome.js';

const main = document.getElementById('main');
let cleanup = null;
let firstRender = true;
// At a desk (≥ 1024 px) the lists and the idea show side by side: desk/desk.js, loaded only there.
const wide = matchMedia('(min-width:1024px)');
let desk;
const toDesk = () => wide.matches && import('./desk/desk.js').then(async (m) => { desk = await m.default(render); }, () => {});

async function render({ refresh = false } = {}) {
  const found = match(location.pathname);
  const me = session.user();
  if (found && !found.route.public && !me) {
    return navigate(`/signin?next=${encodeURIComponent(location.pathname)}`, { replace: true });
  }
  if (found?.route.roles && !found.route.roles.includes(me?.role)) return navigate('/', { replace: true });
  cleanup?.();
  cleanup = null;
  document.querySelector('[data-banner="stale"]')?.remove();
  renderBars(found?.route);
  const ctx = { params: found?.params || {}, query: new URLSearchParams(location.search), navigate, refreshChrome: () => renderBars(found?.route) };
  const view = h('div', { class: 'screen' });
  clear(main, view);
  if (!found) {
    view.append(h('h1', { tabindex: '-1', text: t('notfound.title') }), h('p', {}, h('a', { href: '/', class: 'btn link', text: t('notfound.home') })));
  } else {
    try {
      const screen = (await (desk?.(found.route) || loadScreen(found.route.screen))).default;
      cleanup = (await screen(view, ctx)) || null;
    } catch (err) {
      console.error(err);
      view.append(h('p', { class: 'error', role: 'alert', text: t('error.screen') }));
    }
  }
  const heading = view.querySelector('h1');
  document.title = heading ? `${heading.textContent} – Gnista` : 'Gnista';
  // Move focus to the new screen's heading so screen readers announce it;
  // not on the first load, where the browser's own focus is expected, nor
  // when the same screen is only drawn again with fresh data.
  if (refresh) return;
  if (!firstRender && heading) heading.focus();
  else if (!firstRender) main.focus();
  firstRender = false;
}

// Once the next frame is on screen (the callback of the frame after it); a
// hidden tab draws no frames, hence the timer.
function afterPaint(fn) {
  let done = false;
  const once = () => { if (!done) { done = true; fn(); } };
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(once)));
  setTimeout(once, 1000);
}

// Back online while a saved copy shows: draw the screen again from fresh data
// (unless the user is typing on it). The first tries can still fail while the
// connection settles, so try again, less and less often, while the copy shows.
function refreshWhenOnline(delay = 500) {
  setTimeout(async () => {
    if (!navigator.onLine || !document.querySelector('[data-banner="stale"]')) return;
    if (!main.contains(document.activeElement?.closest('form'))) await render({ refresh: true });
    if (delay < 16_000) refreshWhenOnline(delay * 2);
  }, delay);
}

async function boot() {
  // The strings, the user and, on the feed, its first page at the same time:
  // on a phone's network each would otherwise wait a round trip for the last.
  if (match(location.pathname)?.route.screen === 'feed') prefetch(`/ideas?${apiQuery(readQuery())}`);
  const signedIn = session.load();
  await setLanguage(preferredLanguage());
  document.getElementById('skip-link').textContent = t('nav.skip');
  registerWorker();
  const me = await signedIn;
  if (me?.language && me.language !== language()) await setLanguage(me.language);
  interceptLinks(render);
  addEventListener('gnista:unauthorized', () => {
    if (session.user()) session.set(null).then(() => navigate(`/signin?next=${encodeURIComponent(location.pathname)}`));
  });
  addEventListener('gnista:stale', () => showBanner('stale', h('p', {}, t('offline.saved_copy'))));
  addEventListener('gnista:fresh', () => document.querySelector('[data-banner="stale"]')?.remove());
  addEventListener('online', () => refreshWhenOnline());
  startSync();
  wide.onchange = toDesk;
  await toDesk();
  await render();
  forget();
  // The unread count waits until the first screen is drawn, so as not to
  // compete with it on a phone's network.
  afterPaint(firstScreenDrawn);
  showInstallHint();
}

boot();
