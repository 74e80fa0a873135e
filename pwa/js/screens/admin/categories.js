// The organisation's categories for administrators: Swedish and English
// names, the unit whose handlers also get the category's ideas, active or
// not. A category that ideas have can only be deactivated, not deleted.
import { h, clear, announce } from '../../dom.js';
import { t } from '../../i18n.js';
import { api } from '../../api.js';
import { problem, field, check, unitOptions } from './fields.js';
import confirmAction from './confirm.js';

const MAX_NAME = 80;

export default function categoriesSection() {
  const list = h('ul', { class: 'category-list' });
  const error = h('p', { class: 'error', role: 'alert' });
  let units = [];
  let categories = [];

  // The fields of a category, filled with its values; `read` gives the body to send.
  function inputs(category = {}) {
    const name = h('input', { type: 'text', required: true, maxlength: MAX_NAME, value: category.name || '' });
    const nameEn = h('input', { type: 'text', maxlength: MAX_NAME, lang: 'en', value: category.name_en || '' });
    const unit = h('select', {}, unitOptions(units, { selected: category.unit_id, blank: t('admin.category_no_unit') }));
    const active = h('input', { type: 'checkbox', checked: category.active ?? true });
    return {
      name, nameEn, unit, active,
      fields: [field(t('admin.category_name'), name), field(t('admin.category_name_en'), nameEn, t('admin.category_name_en_hint')),
        field(t('admin.category_unit'), unit, t('admin.category_unit_hint')), check(t('admin.category_active'), active)],
      read: () => ({ name: name.value.trim(), name_en: nameEn.value.trim() || null, unit_id: unit.value || null, active: active.checked }),
    };
  }

  function editForm(category, li) {
    const f = inputs(category);
    const formError = h('p', { class: 'error', role: 'alert' });
    const close = () => { form.remove(); li.querySelector('.edit-toggle')?.focus(); };
    const form = h('form', { class: 'stack card edit', novalidate: true }, ...f.fields, formError,
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'btn primary', text: t('admin.save') }),
        h('button', { type: 'button', class: 'btn danger', text: t('admin.category_delete'), onclick: () => remove(category, formError) }),
        h('button', { type: 'button', class: 'btn link', text: t('common.cancel'), onclick: close })));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      formError.textContent = '';
      if (!f.name.value.trim()) { formError.textContent = t('admin.name_required'); f.name.focus(); return; }
      try {
        await api(`/categories/${category.id}`, { method: 'PATCH', body: f.read() });
        announce(t('admin.saved'));
        await load();
      } catch (err) { formError.textContent = problem(err); }
    });
    return form;
  }

  async function remove(category, formError) {
    const sure = await confirmAction({ title: t('admin.category_delete_title', { name: category.name }),
      body: t('admin.category_delete_confirm'), action: t('admin.category_delete') });
    if (!sure) return;
    try {
      await api(`/categories/${category.id}`, { method: 'DELETE' });
      announce(t('admin.category_deleted'));
      await load();
    } catch (err) {
      // In use: the server says to deactivate it instead.
      formError.textContent = err.code === 'category_in_use' ? t('admin.category_in_use') : problem(err);
    }
  }

  function render() {
    if (!categories.length) { clear(list, h('li', { class: 'meta', text: t('admin.no_categories') })); return; }
    clear(list, categories.map((c) => {
      const li = h('li', { class: ['category-row', !c.active && 'archived'] });
      const toggle = h('button', { type: 'button', class: 'btn small edit-toggle', 'aria-label': t('admin.edit_named', { name: c.name }), text: t('admin.edit') });
      toggle.addEventListener('click', () => {
        const open = li.querySelector('form');
        if (open) { open.remove(); return; }
        const form = editForm(c, li);
        li.append(form);
        form.querySelector('input')?.focus();
      });
      const routed = c.unit ? t('admin.category_routed', { unit: c.unit.name }) : t('admin.category_not_routed');
      li.append(h('div', { class: 'unit-head' },
        h('div', {}, h('p', { class: 'card-title', text: c.name }),
          c.name_en ? h('p', { class: 'meta', lang: 'en', text: c.name_en }) : null,
          h('p', { class: 'meta', text: routed }),
          c.active ? null : h('p', { class: 'chip', text: t('admin.category_inactive_chip') })),
        toggle));
      return li;
    }));
  }

  async function load() {
    error.textContent = '';
    try {
      categories = (await api('/categories?include_inactive=true')).items;
      render();
    } catch (err) { error.textContent = problem(err); }
  }

  const add = inputs();
  const addError = h('p', { class: 'error', role: 'alert' });
  const addForm = h('form', { class: 'stack', novalidate: true }, ...add.fields, addError,
    h('button', { type: 'submit', class: 'btn primary', text: t('admin.add_category') }));
  addForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    addError.textContent = '';
    if (!add.name.value.trim()) { addError.textContent = t('admin.name_required'); add.name.focus(); return; }
    try {
      await api('/categories', { method: 'POST', body: add.read() });
      addForm.reset();
      add.active.checked = true;
      announce(t('admin.category_added'));
      await load();
    } catch (err) { addError.textContent = problem(err); }
  });

  const section = h('section', { 'aria-labelledby': 'admin-categories' },
    h('h2', { id: 'admin-categories', text: t('admin.categories') }),
    h('p', { class: 'note', text: t('admin.categories_intro') }),
    error, list,
    h('details', {}, h('summary', { text: t('admin.add_category') }), addForm));

  return {
    section,
    load,
    setUnits(all) {
      units = all;
      clear(add.unit, unitOptions(units, { blank: t('admin.category_no_unit') }));
      render();
    },
  };
}
