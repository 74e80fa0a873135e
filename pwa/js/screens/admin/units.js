// The unit tree for administrators: names, headcounts, yearly targets,
// moving and archiving.
import { h, clear, announce } from '../../dom.js';
import { t } from '../../i18n.js';
import { api } from '../../api.js';
import { number } from '../../ui/charts.js';
import { problem, field, check, numberInput, unitOptions } from './fields.js';

const MAX_DEPTH_CLASS = 6;

// A unit and everything listed after it at a greater depth: its subtree in tree order.
function subtreeIds(units, unit) {
  const ids = new Set([unit.id]);
  for (let i = units.indexOf(unit) + 1; i < units.length && units[i].depth > unit.depth; i += 1) ids.add(units[i].id);
  return ids;
}

export default function unitsSection(reloadAll) {
  const list = h('ul', { class: 'unit-tree' });
  const error = h('p', { class: 'error', role: 'alert' });
  const showArchived = h('input', { type: 'checkbox' });
  let units = [];

  function editForm(unit, li) {
    const name = h('input', { type: 'text', value: unit.name, required: true, maxlength: 200 });
    const parent = h('select', {}, unitOptions(units, { selected: unit.parent_id, exclude: subtreeIds(units, unit) }));
    const headcount = numberInput(unit.headcount);
    const target = numberInput(unit.target_per_employee, { step: '0.1' });
    const archived = h('input', { type: 'checkbox', checked: unit.archived });
    const formError = h('p', { class: 'error', role: 'alert' });
    const form = h('form', { class: 'stack card edit', novalidate: true },
      field(t('admin.unit_name'), name),
      unit.parent_id ? field(t('admin.parent'), parent) : null,
      field(t('admin.headcount'), headcount, t('admin.headcount_hint')),
      field(t('admin.target'), target, t('admin.target_hint')),
      unit.parent_id ? check(t('admin.archived'), archived) : null,
      formError,
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'btn primary', text: t('admin.save') }),
        h('button', { type: 'button', class: 'btn link', text: t('common.cancel'), onclick: () => { form.remove(); li.querySelector('.edit-toggle')?.focus(); } })));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const body = { name: name.value.trim(), headcount: Number(headcount.value || 0),
        target_per_employee: target.value === '' ? null : Number(target.value) };
      if (unit.parent_id && parent.value !== unit.parent_id) body.parent_id = parent.value;
      if (unit.parent_id && archived.checked !== unit.archived) body.archived = archived.checked;
      try {
        await api(`/units/${unit.id}`, { method: 'PATCH', body });
        announce(t('admin.saved'));
        await reloadAll();
      } catch (err) { formError.textContent = problem(err); }
    });
    return form;
  }

  function render() {
    clear(list, units.map((u) => {
      const li = h('li', { class: ['unit-row', `depth-${Math.min(u.depth - units[0].depth, MAX_DEPTH_CLASS)}`, u.archived && 'archived'] });
      const targetText = u.effective_target_per_employee == null ? t('admin.no_target')
        : t(u.target_inherited ? 'admin.target_inherited' : 'admin.target_own', { target: number(u.effective_target_per_employee, 1) });
      const toggle = h('button', { type: 'button', class: 'btn small edit-toggle', 'aria-label': t('admin.edit_named', { name: u.name }), text: t('admin.edit') });
      toggle.addEventListener('click', () => {
        const open = li.querySelector('form');
        if (open) { open.remove(); return; }
        const form = editForm(u, li);
        li.append(form);
        form.querySelector('input')?.focus();
      });
      li.append(h('div', { class: 'unit-head' },
        h('div', {}, h('p', { class: 'card-title', text: u.name }),
          h('p', { class: 'meta', text: `${t('admin.people', { n: number(u.headcount) })} · ${targetText}` }),
          u.archived ? h('p', { class: 'chip', text: t('admin.archived_chip') }) : null),
        toggle));
      return li;
    }));
  }

  async function load() {
    error.textContent = '';
    try {
      units = (await api(`/units?include_archived=${showArchived.checked}`)).items;
      render();
    } catch (err) { error.textContent = problem(err); }
    return units;
  }
  showArchived.addEventListener('change', load);

  // Adding a unit.
  const addName = h('input', { type: 'text', required: true, maxlength: 200 });
  const addParent = h('select', {});
  const addHeadcount = numberInput(0);
  const addTarget = numberInput('', { step: '0.1' });
  const addError = h('p', { class: 'error', role: 'alert' });
  const addForm = h('form', { class: 'stack', novalidate: true },
    field(t('admin.unit_name'), addName), field(t('admin.parent'), addParent),
    field(t('admin.headcount'), addHeadcount, t('admin.headcount_hint')),
    field(t('admin.target'), addTarget, t('admin.target_hint')),
    addError, h('button', { type: 'submit', class: 'btn primary', text: t('admin.add_unit') }));
  addForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    addError.textContent = '';
    if (!addName.value.trim()) { addError.textContent = t('admin.name_required'); addName.focus(); return; }
    try {
      await api('/units', { method: 'POST', body: { name: addName.value.trim(), parent_id: addParent.value,
        headcount: Number(addHeadcount.value || 0), target_per_employee: addTarget.value === '' ? null : Number(addTarget.value) } });
      addForm.reset();
      announce(t('admin.unit_added'));
      await reloadAll();
    } catch (err) { addError.textContent = problem(err); }
  });

  const section = h('section', { 'aria-labelledby': 'admin-units' },
    h('h2', { id: 'admin-units', text: t('admin.units') }),
    check(t('admin.show_archived'), showArchived), error, list,
    h('details', {}, h('summary', { text: t('admin.add_unit') }), addForm));
  return { section, load, fillParents: (all) => clear(addParent, unitOptions(all)) };
}
