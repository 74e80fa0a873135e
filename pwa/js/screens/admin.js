// Administration for administrators: the unit tree with headcounts and
// yearly targets, people's roles and units, and invitations with QR codes.
import { h, uid, clear, announce } from '../dom.js';
import { t, formatDate, loadPart } from '../i18n.js';
import { api, isOffline } from '../api.js';
import * as session from '../session.js';
import { useStylesheet, number } from '../ui/charts.js';

const ROLES = ['staff', 'handler', 'admin'];
const MAX_DEPTH_CLASS = 6;

const problem = (err) => (isOffline(err) ? t('offline.needs_network') : err.message);

function field(labelText, control, hint) {
  const id = control.id || (control.id = uid());
  const hintId = hint ? uid('hint') : null;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field' }, h('label', { for: id, text: labelText }), hint ? h('p', { class: 'note', id: hintId, text: hint }) : null, control);
}

function check(labelText, input) {
  input.id = input.id || uid();
  return h('div', { class: 'field check' }, input, h('label', { for: input.id, text: labelText }));
}

const numberInput = (value, { step = '1', min = '0' } = {}) =>
  h('input', { type: 'number', inputmode: step === '1' ? 'numeric' : 'decimal', min, step, value: value ?? '' });

function unitOptions(units, { selected, exclude = new Set(), blank } = {}) {
  const options = units.filter((u) => !exclude.has(u.id) && !u.archived)
    .map((u) => h('option', { value: u.id, selected: u.id === selected, text: `${'– '.repeat(u.depth - units[0].depth)}${u.name}` }));
  return blank ? [h('option', { value: '', text: blank }), ...options] : options;
}

// A unit and everything listed after it at a greater depth: its subtree in tree order.
function subtreeIds(units, unit) {
  const ids = new Set([unit.id]);
  for (let i = units.indexOf(unit) + 1; i < units.length && units[i].depth > unit.depth; i += 1) ids.add(units[i].id);
  return ids;
}

function unitsSection(reloadAll) {
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

function usersSection() {
  const me = session.user();
  const q = h('input', { type: 'search', maxlength: 80, autocomplete: 'off' });
  const unitFilter = h('select', {});
  const list = h('ul', { class: 'people' });
  const error = h('p', { class: 'error', role: 'alert' });
  const more = h('button', { type: 'button', class: 'btn', text: t('feed.more'), hidden: true });
  let units = [];
  let cursor = null;

  function row(user) {
    const role = h('select', {}, ROLES.map((r) => h('option', { value: r, selected: r === user.role, text: t(`role.${r}`) })));
    const unit = h('select', {}, unitOptions(units, { selected: user.unit.id }));
    const active = h('input', { type: 'checkbox', checked: user.active });
    const rowError = h('p', { class: 'error', role: 'alert' });
    const form = h('form', { class: 'stack card' },
      h('p', { class: 'card-title', text: user.display_name + (user.id === me.id ? ` (${t('admin.you')})` : '') }),
      h('p', { class: 'meta', text: user.active ? user.unit.name : t('admin.inactive_since', { date: formatDate(user.deactivated_at) }) }),
      field(t('admin.role'), role), field(t('admin.unit'), unit), check(t('admin.active'), active), rowError,
      h('button', { type: 'submit', class: 'btn', 'aria-label': t('admin.save_named', { name: user.display_name }), text: t('admin.save') }));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      rowError.textContent = '';
      const body = {};
      if (role.value !== user.role) body.role = role.value;
      if (unit.value !== user.unit.id) body.unit_id = unit.value;
      if (active.checked !== user.active) body.active = active.checked;
      if (!Object.keys(body).length) return;
      if (body.active === false && !confirm(t('admin.deactivate_confirm', { name: user.display_name }))) return;
      try {
        const saved = await api(`/users/${user.id}`, { method: 'PATCH', body });
        const fresh = row(saved);
        form.parentElement.replaceChildren(fresh);
        announce(t('admin.saved'));
        fresh.querySelector('button[type="submit"]').focus();
      } catch (err) { rowError.textContent = problem(err); }
    });
    return form;
  }

  async function search({ append = false } = {}) {
    error.textContent = '';
    const params = new URLSearchParams({ limit: 25 });
    if (q.value.trim()) params.set('q', q.value.trim());
    if (unitFilter.value) params.set('unit_id', unitFilter.value);
    if (append && cursor) params.set('cursor', cursor);
    try {
      const page = await api(`/users?${params}`);
      const items = page.items.map((u) => h('li', {}, row(u)));
      if (append) list.append(...items); else clear(list, items.length ? items : h('li', { class: 'note', text: t('admin.no_people') }));
      cursor = page.next_cursor;
      more.hidden = !cursor;
    } catch (err) { error.textContent = problem(err); }
  }
  more.addEventListener('click', () => search({ append: true }));
  const form = h('form', { class: 'filters', role: 'search' },
    field(t('admin.search_name'), q), field(t('admin.unit'), unitFilter),
    h('button', { type: 'submit', class: 'btn primary', text: t('admin.search') }));
  form.addEventListener('submit', (event) => { event.preventDefault(); search(); });

  const section = h('section', { 'aria-labelledby': 'admin-people' },
    h('h2', { id: 'admin-people', text: t('admin.people_heading') }), form, error, list, more);
  return {
    section,
    setUnits(all) {
      units = all;
      const keep = unitFilter.value;
      clear(unitFilter, unitOptions(all, { selected: keep, blank: t('admin.all_units') }));
      return search();
    },
  };
}

function invitationsSection() {
  const unit = h('select', {});
  const role = h('select', {}, ROLES.map((r) => h('option', { value: r, text: t(`role.${r}`) })));
  const name = h('input', { type: 'text', maxlength: 80, autocomplete: 'off' });
  const error = h('p', { class: 'error', role: 'alert' });
  const result = h('div', { class: 'invitation', 'aria-live': 'polite' });
  const form = h('form', { class: 'stack', novalidate: true },
    field(t('admin.unit'), unit), field(t('admin.role'), role), field(t('admin.invite_name'), name, t('admin.invite_name_hint')),
    error, h('button', { type: 'submit', class: 'btn primary', text: t('admin.invite_create') }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      const body = { unit_id: unit.value, role: role.value };
      if (name.value.trim()) body.display_name = name.value.trim();
      const inv = await api('/invitations', { method: 'POST', body });
      const copy = h('button', { type: 'button', class: 'btn', text: t('admin.copy_link') });
      copy.addEventListener('click', async () => {
        try { await navigator.clipboard.writeText(inv.url); announce(t('admin.copied')); } catch { announce(t('admin.copy_failed')); }
      });
      clear(result, h('div', { class: 'card stack' },
        h('h3', { text: t('admin.invite_ready') }),
        h('img', { class: 'qr', src: `/api/v1/invitations/${encodeURIComponent(inv.token)}/qr.svg`, alt: t('admin.qr_alt'), width: 240, height: 240 }),
        h('p', {}, h('a', { href: inv.url, class: 'invite-link', text: inv.url })),
        h('p', { class: 'meta', text: t('admin.invite_expires', { date: formatDate(inv.expires_at) }) }),
        h('div', { class: 'actions' }, copy)));
      result.querySelector('h3').setAttribute('tabindex', '-1');
      result.querySelector('h3').focus();
    } catch (err) { error.textContent = problem(err); }
  });
  const section = h('section', { 'aria-labelledby': 'admin-invite' },
    h('h2', { id: 'admin-invite', text: t('admin.invitations') }),
    h('p', { class: 'note', text: t('admin.invite_intro') }), form, result);
  return { section, setUnits: (all) => clear(unit, unitOptions(all)) };
}

export default async function admin(view) {
  await loadPart('desk');
  useStylesheet('/css/dashboard.css');
  const people = usersSection();
  const invites = invitationsSection();
  async function reloadAll() {
    const all = await units.load();
    if (!all.length) return;
    units.fillParents(all);
    invites.setUnits(all);
    await people.setUnits(all);
  }
  const units = unitsSection(reloadAll);
  view.append(
    h('h1', { tabindex: '-1', text: t('admin.title') }),
    h('p', { class: 'lead', text: t('admin.intro') }),
    h('p', {}, h('a', { href: '/dashboard', text: t('admin.to_dashboard') })),
    units.section, people.section, invites.section);
  await reloadAll();
}
