// Merging a duplicate into another idea, and showing which ideas were merged.
// The write goes through the outbox as a status change to "merged", so it is
// listed, kept and retried like every other write.
import { h, uid, announce, clear } from '../dom.js';
import { t } from '../i18n.js';
import { api, isOffline } from '../api.js';
import { user } from '../session.js';
import { mergeIdea } from '../outbox/writes.js';
import { ideaHeading } from './idea-title.js';
import statusChip from './status-chip.js';

const label = (idea) => ideaHeading(idea, 80);
const link = (idea) => h('a', { href: `/ideas/${idea.id}`, text: label(idea) });

export function relation(idea) {
  return [
    idea.merged_into ? h('p', { class: 'card merged-into' }, t('merge.merged_into'), ' ', link(idea.merged_into)) : null,
    idea.merged_ideas?.length ? h('section', { 'aria-labelledby': 'merged-h' },
      h('h2', { id: 'merged-h', text: t('merge.merged_here') }),
      h('p', { class: 'meta', text: t('merge.merged_here_votes') }),
      h('ul', { class: 'merged-ideas' }, idea.merged_ideas.map((i) => h('li', {}, link(i))))) : null,
  ].filter(Boolean);
}

// The button opens a search among the ideas I handle; choosing one asks to confirm.
export function merger(idea, { onQueued } = {}) {
  const ids = { q: uid(), note: uid(), err: uid() };
  const panel = h('div', { class: 'stack' });
  const open = h('button', { type: 'button', class: 'btn', 'aria-expanded': 'false', text: t('merge.open') });
  const section = h('section', { class: 'card merge', 'aria-labelledby': 'merge-h' },
    h('h2', { id: 'merge-h', text: t('merge.heading') }), open, panel);

  open.addEventListener('click', () => {
    const opening = open.getAttribute('aria-expanded') === 'false';
    open.setAttribute('aria-expanded', String(opening));
    if (opening) search(); else clear(panel);
  });

  function search() {
    const input = h('input', { id: ids.q, type: 'search', maxlength: 200, autocomplete: 'off' });
    const results = h('div', { 'aria-live': 'polite' });
    const form = h('form', { class: 'stack', role: 'search' },
      h('label', { for: ids.q, text: t('merge.search_label') }), input,
      h('button', { type: 'submit', class: 'btn primary', text: t('merge.search') }));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const q = input.value.trim();
      if (!q) { input.focus(); return; }
      clear(results, h('p', { class: 'meta', text: t('merge.searching') }));
      // Handlers merge among the ideas of their units, administrators in the whole organisation.
      const scope = user()?.role === 'admin' ? 'org' : 'unit';
      try {
        const page = await api(`/ideas?${new URLSearchParams({ q, scope, limit: '10' })}`);
        const found = page.items.filter((i) => i.id !== idea.id && i.status !== 'merged');
        clear(results, found.length
          ? h('ul', { class: 'merge-results' }, found.map((i) => h('li', {},
            h('button', { type: 'button', class: 'btn link', text: label(i), onclick: () => ask(i) }),
            ' ', statusChip(i.status))))
          : h('p', { class: 'meta', text: t('merge.none') }));
      } catch (err) {
        clear(results, h('p', { class: 'error', role: 'alert', text: isOffline(err) ? t('merge.offline') : `${t('merge.failed')} ${err.message}` }));
      }
    });
    clear(panel, form, results);
    input.focus();
  }

  function ask(into) {
    const note = h('textarea', { id: ids.note, rows: 3, maxlength: 2000 });
    const heading = h('h3', { tabindex: '-1', text: t('merge.confirm_heading') });
    const ok = h('button', { type: 'button', class: 'btn primary', text: t('merge.confirm') });
    const back = h('button', { type: 'button', class: 'btn', text: t('common.cancel') });
    ok.addEventListener('click', async () => {
      ok.disabled = true;
      await mergeIdea(idea, into, note.value.trim());
      announce(t('merge.queued', { into: label(into) }));
      onQueued?.('merged');
    });
    back.addEventListener('click', search);
    clear(panel, heading,
      h('p', { text: t('merge.confirm_text', { idea: label(idea), into: label(into) }) }),
      h('label', { for: ids.note, text: t('merge.note') }), note,
      h('div', { class: 'actions' }, ok, back));
    heading.focus();
  }

  return section;
}
