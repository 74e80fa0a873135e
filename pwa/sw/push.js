// Push in the service worker: show each message, open its idea on a tap,
// subscribe again when the browser replaces the subscription.
const send = (method, path, body) => fetch(`/api/v1${path}`, {
  method, credentials: 'same-origin', body: JSON.stringify(body),
  // The server refuses unsafe requests without this header (its CSRF defence).
  headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'gnista' },
}).then((res) => { if (!res.ok) throw new Error(`${path}: ${res.status}`); return res; });

export async function showPush(event) {
  let m = {};
  try { m = event.data?.json() || {}; } catch { m = { body: event.data.text() }; }
  // Only ever a page of this app, whatever the message says.
  const url = new URL(m.url || '/', location.origin);
  // Chrome demands a visible notification for every push (userVisibleOnly).
  await registration.showNotification(m.title || 'Gnista', {
    body: m.body || '', icon: '/icons/icon-192.png', renotify: true,
    // One notification per idea: a newer message about it replaces the older.
    tag: m.idea_id ? `idea-${m.idea_id}` : m.id || 'gnista',
    data: { url: url.origin === location.origin ? url.pathname : '/', id: m.id },
  });
  // Open pages refresh their unread count.
  for (const c of await clients.matchAll({ type: 'window' })) c.postMessage({ type: 'gnista:push' });
}

export async function openNotification(event) {
  event.notification.close();
  const { url = '/', id } = event.notification.data || {};
  const target = new URL(url, location.origin).href;
  if (id) send('POST', '/notifications/read', { ids: [id] }).catch(() => {});
  const windows = await clients.matchAll({ type: 'window', includeUncontrolled: true });
  const showing = windows.find((w) => w.url === target);
  if (showing) return showing.focus().catch(() => {});
  for (const w of windows) {
    // navigate() refuses a page this worker does not control: try the next, then a new window.
    const moved = await w.navigate(target).catch(() => null);
    if (moved) return moved.focus().catch(() => {});
  }
  return clients.openWindow(target);
}

export async function resubscribe(event) {
  const old = event.oldSubscription;
  const key = old?.options.applicationServerKey || (await (await fetch('/api/v1/push/key')).json()).public_key;
  const fresh = event.newSubscription || await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  await send('POST', '/push/subscriptions', fresh.toJSON());
  if (old && old.endpoint !== fresh.endpoint) await send('DELETE', '/push/subscriptions', { endpoint: old.endpoint }).catch(() => {});
}
