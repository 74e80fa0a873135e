// A passage a handler removed is stored as "[borttaget]" (server/moderation/services.py):
// shown marked, in the reader's language, wherever an idea's words are.
import { h } from '../dom.js';
import { t } from '../i18n.js';

export const REMOVED = '[borttaget]';

/** Replace each removed passage in an element's text with a marked one. */
export function markRemoved(el) {
  if (!el || !el.textContent.includes(REMOVED)) return;
  const parts = el.textContent.split(REMOVED);
  el.replaceChildren(...parts.flatMap((text, i) => (i ? [h('span', { class: 'removed', text: t('report.removed') }), text] : [text])));
}

/** Bring the feature's stylesheet once. */
export function style() {
  if (!document.querySelector('link[href="/css/report.css"]')) {
    document.head.append(h('link', { rel: 'stylesheet', href: '/css/report.css' }));
  }
}
