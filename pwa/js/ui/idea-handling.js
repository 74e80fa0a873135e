// The parts of an idea's screen that not every idea has: its handlers'
// controls (the category, the move through the workflow) and the history of
// its edits. Loaded with such an idea, not with the app shell.
import { h, uid, announce } from '../dom.js';
import { t, loadPart, formatDate } from '../i18n.js';
import { api } from '../api.js';
import { editIdea } from '../outbox/writes.js';
import { waitingChip } from './status-chip.js';
import workflow from './workflow.js';

export default async function ideaHandling(idea, pending, { showWorkflow, onQueued }) {
  const editable = idea.can_edit?.includes('category_id');
  // The submitter's own edit form (and the words of their edits in the history).
  const own = idea.can_edit?.includes('photos') || idea.edits?.some((e) => e.changes.some((c) => c.field !== 'category'));
  // Asked at once; the form is drawn without waiting and filled when they come.
  const choices = editable && api('/categories').then((r) => r.items, () => []); // offline, never loaded: the current one only
  // Without its words (offline, never fetched) the category's parts stay away rather than show raw keys.
  const words = await Promise.all([loadPart('category'), own && loadPart('edit')]).then(() => true, () => false);
  const waiting = pending.filter((e) => e.kind === 'edit' && 'categoryId' in e.meta).pop();
  const mine = words && idea.can_edit?.includes('photos') ? (await import('./idea-edit.js')).default(idea, pending, { onQueued }) : null;
  return [
    words && editable ? categoryEditor(idea, waiting, onQueued, choices) : null,
    showWorkflow && idea.allowed_transitions?.length ? workflow(idea, { onQueued }) : null,
    words && idea.edits?.length ? edits(idea.edits) : null,
    mine,
  ];
}

function categoryEditor(idea, waiting, onQueued, choices) {
  const current = idea.category;
  const id = uid();
  const select = h('select', { id });
  const want = waiting ? waiting.meta.categoryId || '' : current?.id || '';
  let touched = false;
  select.addEventListener('change', () => { touched = true; });
  const fill = (items) => {
    // The idea's own category stays choosable even when it is no longer active.
    if (current && !items.some((c) => c.id === current.id)) items = [{ id: current.id, label: current.name }, ...items];
    // So does a queued choice the list lacks (offline, or deactivated since), by its kept name.
    if (waiting?.meta.categoryId && !items.some((c) => c.id === waiting.meta.categoryId)) items = [...items, { id: waiting.meta.categoryId, label: waiting.meta.label }];
    const chosen = touched ? select.value : want;
    select.replaceChildren(h('option', { value: '', text: t('category.none') }),
      ...items.map((c) => h('option', { value: c.id, text: c.label })));
    select.value = chosen;
  };
  fill([]);
  choices.then(fill);
  const save = h('button', { type: 'submit', class: 'btn', text: t('category.save') });
  const form = h('form', { class: 'card stack category-edit', 'aria-labelledby': `${id}-h` },
    h('h2', { id: `${id}-h`, text: t('category.heading') }),
    h('label', { for: id, text: t('category.label') }), select,
    waiting ? h('p', { class: 'meta' }, waitingChip()) : null,
    h('div', { class: 'actions' }, save));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (select.value === (current?.id || '')) { announce(t('category.unchanged')); return; }
    const label = select.selectedOptions[0]?.textContent ?? t('category.none');
    await editIdea(idea, { category_id: select.value || null }, { categoryId: select.value, label });
    announce(t('category.queued', { name: label }));
    onQueued?.();
  });
  return form;
}

function edits(items) {
  return h('section', { 'aria-labelledby': 'edits-h' },
    h('h2', { id: 'edits-h', text: t('category.edits') }),
    h('ol', { class: 'history' }, items.map((e) => h('li', {},
      h('p', {}, h('time', { datetime: e.created_at, text: formatDate(e.created_at) }),
        e.actor ? ` · ${e.actor.display_name}` : ''),
      e.changes.map((c) => h('p', { class: 'note-text', text: c.field === 'category' || c.field === 'assignee' || c.field === 'due_date'
        ? t(c.field === 'category' ? 'category.changed' : `category.changed_${c.field}`, { from: c.from ?? t('category.none'), to: c.to ?? t('category.none') })
        : c.field === 'redacted' ? t(`edit.redacted_${c.to}`)
        : t(`edit.changed_${c.field}`, { from: c.from ?? t('edit.none'), to: c.to ?? t('edit.none') }) }))))));
}
