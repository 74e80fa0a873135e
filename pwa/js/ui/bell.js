// The bell in the header: a link to the notifications with the unread count,
// refreshed when the service worker receives a push and on reconnecting.
import { h } from '../dom.js';
import { t, tn } from '../i18n.js';

let bells = [];
let unread = 0;

export default function bell() {
  const link = h('a', { href: '/notifications', class: 'bell' }, h('span', { class: 'bell-icon', 'aria-hidden': 'true' }), h('span', { class: 'badge', 'aria-hidden': 'true' }));
  bells = [...bells.filter((b) => b.isConnected), link];
  setUnread(unread);
  return link;
}

export function setUnread(n) {
  unread = n;
  for (const link of bells) {
    link.lastChild.textContent = n > 99 ? '99+' : n;
    link.lastChild.hidden = !n;
    link.setAttribute('aria-label', n ? tn('notifications.unread', n) : t('notifications.title'));
  }
  // The number on the home-screen icon, where there is one.
  navigator.setAppBadge?.(n).catch(() => {});
}

// Plain fetch, not api(): a count fetched in the background must not take
// the user to sign-in on a 401 (say, away from a write waiting in the outbox)
// nor raise the "saved copy" banner when the service worker answers offline.
export const refreshUnread = () => fetch('/api/v1/notifications?limit=1', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
  .then((res) => (res.ok ? res.json() : Promise.reject(res.status)))
  .then((page) => setUnread(page.unread_count), () => {});

navigator.serviceWorker?.addEventListener('message', (event) => event.data?.type === 'gnista:push' && refreshUnread());
addEventListener('online', refreshUnread);
