// Tiny element builder: the app renders with the DOM API so that a strict
// CSP (no inline scripts or styles) never gets in the way.
const PROPS = new Set(['value', 'checked', 'disabled', 'selected', 'files']);

export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k === 'text') el.textContent = v;
    else if (k === 'class') el.className = Array.isArray(v) ? v.filter(Boolean).join(' ') : v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (PROPS.has(k)) el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

let idSeq = 0;
export const uid = (prefix = 'f') => `${prefix}-${++idSeq}`;

export function announce(text) {
  const live = document.getElementById('announcer');
  if (!live) return;
  // Clearing first makes screen readers repeat an identical message.
  live.textContent = '';
  setTimeout(() => { live.textContent = text; }, 50);
}
