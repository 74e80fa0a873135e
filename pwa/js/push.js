// Web Push on the page. Permission is only asked for after the user pressed a button.
import { api } from './api.js';

export class PushRefused extends Error {}

// iPadOS calls itself a Mac; iOS gives web apps push only from the home screen.
const ios = () => /iPhone|iPad|iPod/.test(navigator.userAgent) || (navigator.platform === 'MacIntel' && navigator.maxTouchPoints > 1);
const current = () => navigator.serviceWorker.ready.then((reg) => reg.pushManager.getSubscription());

// 'available', 'subscribed', 'denied', 'home-screen' or 'unsupported'.
export async function state() {
  if (!('PushManager' in window && 'Notification' in window && navigator.serviceWorker)) {
    return ios() && !navigator.standalone ? 'home-screen' : 'unsupported';
  }
  if (Notification.permission === 'denied') return 'denied';
  return Notification.permission === 'granted' && (await current()) ? 'subscribed' : 'available';
}

// Call from a click handler: browsers prompt only for a user action.
export async function subscribe() {
  if ((await Notification.requestPermission()) !== 'granted') throw new PushRefused();
  const reg = await navigator.serviceWorker.ready;
  const key = Uint8Array.from(atob((await api('/push/key')).public_key.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  let sub = await reg.pushManager.getSubscription();
  // A subscription made with an older server key would be refused by the push service.
  if (sub && String(new Uint8Array(sub.options.applicationServerKey || [])) !== String(key)) sub = await sub.unsubscribe() && null;
  sub ||= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  try {
    await api('/push/subscriptions', { method: 'POST', body: sub.toJSON() });
  } catch (err) {
    // A shared phone whose last user never unsubscribed: its address stays theirs, so get a new one.
    if (err.code !== 'push_endpoint_taken') throw err;
    await sub.unsubscribe();
    sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
    await api('/push/subscriptions', { method: 'POST', body: sub.toJSON() });
  }
}

// Also before signing out on a shared phone, so the next person never gets
// this person's notifications. Offline the server is not told, but the push
// service then answers 410 Gone and the server forgets the endpoint.
export async function unsubscribe({ quiet = false } = {}) {
  // getRegistration, not ready: ready never settles without a worker, and
  // signing out must not wait for one.
  const reg = 'PushManager' in window && (await navigator.serviceWorker.getRegistration().catch(() => null));
  const sub = reg && (await reg.pushManager.getSubscription().catch(() => null));
  if (!sub) return;
  const told = api('/push/subscriptions', { method: 'DELETE', body: { endpoint: sub.endpoint } });
  await (quiet ? told.catch(() => {}) : told);
  await sub.unsubscribe();
}
