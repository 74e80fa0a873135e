// Web Push on the page. Permission is only asked for after the user pressed a button.
import { api, isOffline } from './api.js';
import { owner } from './owner.js';

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

// Who the phone's subscription was made for, who turned push on on this
// phone, and subscriptions let go of that the server has not yet forgotten.
const HOLDER = 'gnista.push.holder';
const WANTED = 'gnista.push.wanted';
const LEFTOVER = 'gnista.push.leftover';
const read = (key) => JSON.parse(localStorage.getItem(key) || '[]');
const write = (key, list) => (list.length ? localStorage.setItem(key, JSON.stringify(list)) : localStorage.removeItem(key));

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
  const { id } = await owner();
  localStorage.setItem(HOLDER, id);
  write(WANTED, [...new Set([...read(WANTED), id])]);
}

// The person turns notifications off on this phone.
export async function unsubscribe({ quiet = false } = {}) {
  const sub = await existing();
  if (!sub) return;
  const told = api('/push/subscriptions', { method: 'DELETE', body: { endpoint: sub.endpoint } });
  await (quiet ? told.catch(() => {}) : told);
  const holder = localStorage.getItem(HOLDER);
  write(WANTED, read(WANTED).filter((id) => id !== holder));
  localStorage.removeItem(HOLDER);
  await sub.unsubscribe();
}

// Push follows the person, not the phone: called whenever the signed-in
// person may have changed (`next` null: nobody). A subscription made for
// someone else is ended, here and on the server, so their notifications
// never show while a colleague holds the phone; one is made afresh for
// `next` if they turned push on on this phone before.
export async function follow(next, { previous = null } = {}) {
  if (!('PushManager' in window)) return;
  const sub = await existing();
  const holder = localStorage.getItem(HOLDER) ?? previous;
  if (sub && holder !== next) await letGo(sub);
  if (!next) return;
  await tellServer();
  if (read(WANTED).includes(next) && Notification.permission === 'granted' && !(await existing())) {
    // subscribe() asks the browser's push service, which may be out of reach;
    // the switch in settings then offers it again.
    await subscribe().catch((err) => console.warn('push: could not subscribe again', err));
  }
}

// getRegistration, not ready: ready never settles without a worker, and
// signing in or out must not wait for one.
async function existing() {
  const reg = 'PushManager' in window && (await navigator.serviceWorker.getRegistration().catch(() => null));
  return (reg && (await reg.pushManager.getSubscription().catch(() => null))) || null;
}

async function letGo(sub) {
  // Its keys prove to the server that this phone holds it, whoever made it.
  const { endpoint, keys } = sub.toJSON();
  write(LEFTOVER, [...read(LEFTOVER).filter((s) => s.endpoint !== endpoint), { endpoint, keys }]);
  localStorage.removeItem(HOLDER);
  await sub.unsubscribe().catch(() => {});
  await tellServer();
}

// Needs someone signed in; until then (after a 401) the list waits for the next sign-in.
async function tellServer() {
  for (const leftover of read(LEFTOVER)) {
    try {
      await api('/push/subscriptions', { method: 'DELETE', body: leftover });
    } catch (err) {
      if (err.status === 401 || isOffline(err) || err.status >= 500) return;
    }
    write(LEFTOVER, read(LEFTOVER).filter((s) => s.endpoint !== leftover.endpoint));
  }
}
