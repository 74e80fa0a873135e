// Helpers for the statistics screens: SVG elements, number formats in the
// user's language, scrollable tables, and a screen's own stylesheet.
import { h, uid } from '../dom.js';
import { t, locale } from '../i18n.js';

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

// The server rounds every figure once (server/stats/rounding.py): these only
// print its decimals, so the dashboard shows what the CSV says.
export function number(value, digits = 0) {
  return new Intl.NumberFormat(locale(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

// Up to `digits` decimals, none when they are zeros: a target of 2 is "2", of 2.25 "2,25".
export function upTo(value, digits) {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(value);
}

// A share arrives with 3 decimals: one decimal of a per cent, as in the CSV.
export function percent(share) {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

// Under two days in hours (as the CSV, one decimal), otherwise in days: "5 h" reads better than "0.2 days".
export function duration(hours) {
  return hours < 48 ? t('dash.hours', { n: upTo(hours, 1) }) : t('dash.days', { n: number(hours / 24, 1) });
}

// A wide table scrolls sideways on a phone; keyboard users need to focus it to scroll.
// The region is named by the table's caption: the section around it already
// bears its heading's name, and two landmarks must not share one.
export function tableRegion(table) {
  const caption = table.querySelector('caption');
  caption.id ||= uid('caption');
  return h('div', { class: 'table-scroll', role: 'region', tabindex: '0', 'aria-labelledby': caption.id }, table);
}

// Each screen brings its own stylesheet once, so index.html stays the shell.
export function useStylesheet(href) {
  if (document.querySelector(`link[rel="stylesheet"][href="${href}"]`)) return;
  document.head.append(h('link', { rel: 'stylesheet', href }));
}
