// Registers the service worker and offers a new version instead of
// swapping code under the user's feet.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { showBanner } from './chrome.js';

let reloading = false;
const WARM = ['/api/v1/me', '/api/v1/ideas?scope=unit&sort=new', '/api/v1/ideas?scope=mine&sort=new'];

export async function registerWorker() {
  if (!('serviceWorker' in navigator)) return;
  let reg;
  try {
    reg = await navigator.serviceWorker.register('/sw.js', { type: 'module', scope: '/' });
  } catch (err) {
    console.warn('service worker not registered', err);
    return;
  }
  if (!reg) return; // a browser that blocks workers may resolve with nothing
  const offer = (worker) => {
    if (!worker || !navigator.serviceWorker.controller) return; // first install: nothing to replace
    showBanner('update', h('p', {}, t('update.ready')),
      h('button', { class: 'btn primary', type: 'button', text: t('update.reload'), onclick: () => worker.postMessage({ type: 'skip-waiting' }) }));
  };
  if (reg.waiting) offer(reg.waiting);
  reg.addEventListener('updatefound', () => {
    const worker = reg.installing;
    worker?.addEventListener('statechange', () => { if (worker.state === 'installed') offer(worker); });
  });
  const hadController = !!navigator.serviceWorker.controller;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // On the very first visit the page loaded before the worker could keep
    // anything: fetch the main lists again through it, for reading offline.
    if (!hadController) WARM.forEach((url) => fetch(url).catch(() => {}));
    // Only reload when the user asked for it (a first install also claims).
    if (reloading || !document.querySelector('[data-banner="update"]')) return;
    reloading = true;
    location.reload();
  });
  // Long-lived tabs on a phone: look for a new version now and then.
  setInterval(() => reg.update().catch(() => {}), 60 * 60_000);
}
