// An idea's photos full screen inside the app, instead of the bare JPEG in a
// browser tab with no way back. A modal <dialog>: Escape and the close button
// close it and focus returns to the photo that opened it. Pinch (or
// double-tap, or + and -) zooms, a drag then moves the photo; a swipe, the
// arrow keys or the buttons go to the next or previous photo.
import { h } from '../dom.js';
import { t } from '../i18n.js';

const MAX_ZOOM = 4;
const STYLE = '/css/viewer.css';

// The viewer's stylesheet comes with it at the first tap, not in the app shell;
// the photo waits for it (or for its failure) rather than flash unstyled.
function styled() {
  if (document.querySelector(`link[href="${STYLE}"]`)) return null;
  const link = h('link', { rel: 'stylesheet', href: STYLE });
  document.head.append(link);
  return new Promise((resolve) => { link.onload = link.onerror = resolve; });
}
const SWIPE = 50; // px: shorter moves are taps or a shaky thumb

export default async function showPhotos(photos, start, opener) {
  await styled();
  let index = 0;
  let zoom = 1, x = 0, y = 0, lastTap = 0;
  const img = h('img', { class: 'viewer-photo', alt: '', draggable: 'false' });
  const count = h('p', { class: 'viewer-count', 'aria-live': 'polite' });
  const step = (n, key) => h('button', { type: 'button', class: 'btn', text: t(key), hidden: photos.length < 2, onclick: () => show(index + n) });
  const close = h('button', { type: 'button', class: 'btn primary', text: t('viewer.close') });
  const stage = h('div', { class: 'viewer-stage' }, img);
  const dialog = h('dialog', { class: 'viewer', 'aria-label': t('viewer.title') },
    stage, h('div', { class: 'viewer-bar' }, step(-1, 'viewer.previous'), count, step(1, 'viewer.next'), close));

  // The CSSOM, not a style attribute: the CSP forbids those.
  const place = () => { img.style.transform = `translate(${x}px, ${y}px) scale(${zoom})`; };
  const zoomTo = (z) => { zoom = Math.min(MAX_ZOOM, Math.max(1, z)); if (zoom === 1) x = y = 0; place(); };
  function show(i) {
    index = (i + photos.length) % photos.length;
    img.src = photos[index].url || `/api/v1/photos/${photos[index].id}?size=full`;
    img.alt = t('idea.photo_n', { n: index + 1 });
    count.textContent = t('viewer.count', { n: index + 1, total: photos.length });
    zoomTo(1);
  }

  // Touch, pen and mouse alike through pointer events; touch-action: none in
  // the stylesheet keeps the browser from scrolling or zooming the page.
  const down = new Map();
  let from = null;
  const spread = () => { const [a, b] = [...down.values()]; return Math.hypot(a.x - b.x, a.y - b.y); };
  stage.addEventListener('pointerdown', (e) => {
    stage.setPointerCapture(e.pointerId);
    down.set(e.pointerId, { x: e.clientX, y: e.clientY });
    from = { x: e.clientX, y: e.clientY, tx: x, ty: y, zoom, spread: down.size === 2 ? spread() : 0 };
  });
  stage.addEventListener('pointermove', (e) => {
    if (!down.has(e.pointerId) || !from) return;
    down.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (down.size === 2 && from.spread) zoomTo(from.zoom * (spread() / from.spread));
    else if (down.size === 1 && zoom > 1) { x = from.tx + e.clientX - from.x; y = from.ty + e.clientY - from.y; place(); }
  });
  const up = (e) => {
    if (!down.delete(e.pointerId) || !from) return;
    const dx = e.clientX - from.x, dy = e.clientY - from.y;
    if (down.size || from.spread) { from = down.size ? { ...from, spread: 0 } : null; return; }
    from = null;
    if (zoom === 1 && Math.abs(dx) > SWIPE && Math.abs(dx) > Math.abs(dy)) show(index + (dx < 0 ? 1 : -1));
    else if (Math.abs(dx) < 10 && Math.abs(dy) < 10) {
      if (e.timeStamp - lastTap < 300) zoomTo(zoom > 1 ? 1 : 2);
      lastTap = e.timeStamp;
    }
  };
  stage.addEventListener('pointerup', up);
  stage.addEventListener('pointercancel', up);
  // A trackpad's pinch arrives as a wheel event with ctrlKey.
  stage.addEventListener('wheel', (e) => { if (e.ctrlKey) { e.preventDefault(); zoomTo(zoom * (1 - e.deltaY / 100)); } }, { passive: false });

  dialog.addEventListener('keydown', (e) => {
    const keys = { ArrowRight: () => show(index + 1), ArrowLeft: () => show(index - 1), '+': () => zoomTo(zoom * 1.5), '-': () => zoomTo(zoom / 1.5) };
    if (keys[e.key] && !e.altKey && !e.ctrlKey && !e.metaKey) { e.preventDefault(); keys[e.key](); }
  });
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => { dialog.remove(); opener?.focus(); });

  show(start);
  document.body.append(dialog);
  dialog.showModal();
  close.focus();
  return dialog;
}
