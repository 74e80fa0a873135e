// The submitter's optional category: one tap on a choice, none by default.
// Loaded after the form is drawn, not with the app shell: without it (or
// without categories) the form is the same, only without this question.
import { h } from '../dom.js';
import { t, loadPart } from '../i18n.js';
import { api } from '../api.js';

export default async function categoryPick(slot, selected = '') {
  let items;
  try {
    [items] = await Promise.all([api('/categories').then((r) => r.items), loadPart('category')]);
  } catch { return; }
  if (!items.length) return;
  const choices = [{ id: '', label: t('category.none') }, ...items];
  slot.replaceChildren(h('fieldset', { class: 'segmented category-pick' },
    h('legend', { class: 'label', text: t('category.pick') }),
    choices.map((c) => h('label', {},
      h('input', { type: 'radio', name: 'category_id', value: c.id, checked: c.id === (selected || '') }),
      h('span', { text: c.label })))));
}
