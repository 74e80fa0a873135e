// Helpers for the statistics screens: SVG elements, number formats in the
// user's language, scrollable tables, and a screen's own stylesheet.
import { h } from '../dom.js';
import { t, language } from '../i18n.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

// Attributes only: a strict CSP forbids style attributes, so looks come from CSS classes.
export function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v != null) el.setAttribute(k, String(v));
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function number(value, digits = 0) {
  return new Intl.NumberFormat(language(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

export function percent(share) {
  return new Intl.NumberFormat(language(), { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

// Under two days in hours, otherwise in days: "5 h" reads better than "0.2 days".
export function duration(hours) {
  return hours < 48 ? t('dash.hours', { n: number(hours, hours < 10 ? 1 : 0) }) : t('dash.days', { n: number(hours / 24, 1) });
}

// A wide table scrolls sideways on a phone; keyboard users need to focus it to scroll.
export function tableRegion(table, label) {
  return h('div', { class: 'table-scroll', role: 'region', tabindex: '0', 'aria-label': label }, table);
}

// Each screen brings its own stylesheet once, so index.html stays the shell.
export function useStylesheet(href) {
  if (document.querySelector(`link[rel="stylesheet"][href="${href}"]`)) return;
  document.head.append(h('link', { rel: 'stylesheet', href }));
}
