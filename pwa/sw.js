// Shell version d0fe3a6a54b9cb86 (written by tests/e2e/pwa_shell.py)
// Gnista's service worker: thin listeners that hand over to named
// strategies (sw/strategies.js), to the outbox (js/outbox/queue.js) and to push (sw/push.js).
import { precacheShell, deleteOldCaches, strategyFor } from './sw/strategies.js';
import { SYNC_TAG, flush } from './js/outbox/queue.js';
import { sendWithFetch } from './js/outbox/transport.js';
import { showPush, openNotification, resubscribe } from './sw/push.js';

self.addEventListener('install', (event) => event.waitUntil(precacheShell()));

self.addEventListener('activate', (event) => {
  event.waitUntil(deleteOldCaches().then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const strategy = strategyFor(event.request);
  if (strategy) event.respondWith(strategy(event));
});

// The page asks for this when the user chose "reload" on the update banner.
self.addEventListener('message', (event) => {
  if (event.data?.type === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('sync', (event) => {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil(flush(sendWithFetch, { force: true }).then((next) => {
    // Rejecting makes the browser schedule another sync later.
    if (next) throw new Error('outbox still has writes waiting');
  }));
});

self.addEventListener('push', (event) => event.waitUntil(showPush(event)));
self.addEventListener('notificationclick', (event) => event.waitUntil(openNotification(event)));
self.addEventListener('pushsubscriptionchange', (event) => event.waitUntil(resubscribe(event)));
