// The desk (≥ 1024 px): the feed and the inbox as a work queue, the list
// beside the idea chosen, and keys for the common moves. app.js loads this
// module only on a wide screen; its stylesheet (css/desk.css) applies only
// there too, so a window narrowed below 1024 px is the phone again.
//
// An idea opened from the list has its own URL (/ideas/<id>), the one a phone
// opens too; the list it was opened from rides in the history entry's state, so
// a reload, back and forward show the same list beside it.
import { h, clear, announce } from '../dom.js';
import { t, loadPart } from '../i18n.js';
import { api, isOffline } from '../api.js';
import { match } from '../router.js';
import { changeStatus } from '../outbox/writes.js';
import queue from './queue.js';

const LISTS = ['feed', 'inbox'];
const KEYS = [['j', 'queue.key.next'], ['k', 'queue.key.previous'], ['Enter', 'queue.key.open'],
  ['a', 'queue.key.acknowledge'], ['/', 'queue.key.search'], ['?', 'queue.key.help'], ['Esc', 'queue.key.close']];
let active = null;

function stylesheet() {
  if (document.querySelector('link[href="/css/desk.css"]')) return null;
  const link = h('link', { rel: 'stylesheet', href: '/css/desk.css' });
  // Drawn once the rules are in, so the desk does not flash by as a phone's column.
  const ready = new Promise((resolve) => { link.onload = resolve; link.onerror = resolve; });
  document.head.append(link);
  return ready;
}

// The keys, listed in a modal dialog (focus stays in it, Escape closes it,
// focus goes back where it was).
function help() {
  const opener = document.activeElement;
  const close = h('button', { type: 'button', class: 'btn', text: t('queue.close') });
  const dialog = h('dialog', { class: 'keys-help', 'aria-labelledby': 'keys-title' },
    h('h2', { id: 'keys-title', text: t('queue.keys') }),
    h('dl', {}, KEYS.map(([key, text]) => h('div', {}, h('dt', {}, h('kbd', { text: key })), h('dd', { text: t(text) })))),
    close);
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => { dialog.remove(); opener?.focus?.(); });
  document.body.append(dialog);
  dialog.showModal();
}

// No key acts while the user types, nor under a dialog (the filters, a photo,
// this help), whose own keys (Escape) are the browser's.
function onKey(event) {
  const q = active;
  if (!q || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
  const el = event.target instanceof Element ? event.target : document.body;
  if (el.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]') || document.querySelector('dialog[open]')) return;
  const act = {
    j: () => q.list.move(1),
    k: () => q.list.move(-1),
    a: () => q.acknowledge(),
    '/': () => q.list.search(),
    '?': help,
    Enter: () => q.openChosen(),
  }[event.key];
  // Enter on a link or button is theirs; elsewhere it opens the row chosen.
  if (!act || (event.key === 'Enter' && el.closest('a, button, summary'))) return;
  event.preventDefault();
  act();
}

async function deskScreen(view, ctx, route) {
  // Offline, before the desk's texts were ever fetched: the phone's screen, in the desk's width.
  if (t('queue.keys') === 'queue.keys' && !(await loadPart('queue').then(() => true, () => false))) {
    return (await import(`../screens/${route.screen}.js`)).default(view, ctx);
  }
  const idea = route.screen === 'idea' ? location.pathname.split('/').pop() : null;
  let listPath = idea ? history.state?.desk || '/' : location.pathname + location.search;
  const from = new URL(listPath, location.origin);
  let opened = idea;
  let stopPane = null;
  let seq = 0;
  const left = h('div', { class: 'desk-list' });
  const pane = h('section', { class: 'desk-pane', 'aria-label': t('queue.pane') });
  const keys = h('button', { type: 'button', class: 'btn link', 'aria-keyshortcuts': '?', text: t('queue.keys'), onclick: help });
  view.classList.add('desk');
  view.append(left, pane);

  // The URL is the open idea's, or the list's; the list rides in the state.
  const write = (push) => history[push ? 'pushState' : 'replaceState']({ feed: 1, desk: listPath }, '', opened ? `/ideas/${opened}` : listPath);

  async function open(id, { push = true, focus = true } = {}) {
    const mine = ++seq;
    if (push && id !== opened) { opened = id; write(true); }
    opened = id;
    list.opened(id);
    stopPane?.();
    stopPane = null;
    const screen = h('div', { class: 'screen' });
    clear(pane, screen);
    const stop = await (await import('../screens/idea.js')).default(screen, { params: { id } });
    if (mine !== seq) { stop?.(); return; }
    stopPane = stop;
    const heading = screen.querySelector('h1');
    if (heading) document.title = `${heading.textContent} – Gnista`;
    if (focus) heading?.focus();
  }

  const list = queue(left, {
    inbox: from.pathname === '/inbox', search: from.search, opened,
    onOpen: (id) => open(id),
    onPath: (path, push) => { listPath = path; write(push); },
  });
  // The last choice, taken for a bare "/", goes into the URL too (as on the phone).
  listPath = list.path();
  write(false);
  left.querySelector('h1').after(keys);
  if (opened) open(opened, { push: false, focus: false });
  else clear(pane, h('p', { class: 'note', text: t('queue.choose') }));
  // The handler's tools on the idea work offline too when fetched ahead, as the phone's inbox
  // does; on the inbox they show its open reports and overdue ideas above the queue.
  import('../ui/handling.js').then((m) => m.ahead(from.pathname === '/inbox' ? left : undefined), () => {});

  active = {
    list,
    openChosen() {
      const chosen = list.chosen();
      if (chosen) open(chosen.id);
    },
    // Through the same outbox as the inbox's button, with its thank-you note;
    // only where the server lets this user (the idea's allowed moves).
    async acknowledge() {
      const chosen = list.chosen();
      if (!chosen) return;
      let idea;
      try {
        idea = await api(`/ideas/${chosen.id}`);
      } catch (err) {
        announce(isOffline(err) ? t('offline.needs_network') : `${t('error.load')} ${err.message}`);
        return;
      }
      if (!idea.allowed_transitions?.includes('acknowledged')) {
        announce(t('queue.cannot_acknowledge'));
        return;
      }
      await changeStatus(idea, 'acknowledged', t('inbox.thanks_default'));
      list.queued(idea, 'acknowledged');
      announce(t('inbox.acknowledged_announce'));
      if (opened === idea.id) open(idea.id, { push: false, focus: false });
    },
  };
  await list.loaded;
  return () => {
    active = null;
    seq++;
    list.stop();
    stopPane?.();
  };
}

let installed = null;

/**
 * Start the desk (once): its stylesheet, its keys, and drawing again when the
 * width crosses 1024 px. Resolves to what app.js asks for each route: the
 * desk's own screen, or null for the phone's.
 */
export default function install(render) {
  installed ||= start(render);
  return installed;
}

async function start(render) {
  const wide = matchMedia('(min-width:1024px)');
  document.addEventListener('keydown', onKey);
  const drawAgain = () => {
    const screen = match(location.pathname)?.route.screen;
    if (wide.matches ? LISTS.includes(screen) && !active : active) render();
  };
  wide.addEventListener('change', drawAgain);
  await stylesheet();
  // Widened after the first screen: draw a list again as the desk's, once app.js has this.
  if (!document.getElementById('boot')) setTimeout(drawAgain);
  return (route) => (wide.matches && (LISTS.includes(route.screen) || route.screen === 'idea')
    ? Promise.resolve({ default: (view, ctx) => deskScreen(view, ctx, route) }) : null);
}
