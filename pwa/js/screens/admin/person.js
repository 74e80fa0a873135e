// What may be done for one person: an administrator changes their role,
// unit and active flag, removes their passkeys or erases them; an
// administrator or their handler makes a new sign-in link for a lost phone.
import { h, clear, announce } from '../../dom.js';
import { t } from '../../i18n.js';
import { api } from '../../api.js';
import * as session from '../../session.js';
import { ROLES, problem, field, check, unitOptions } from './fields.js';
import { invitationCard, INVITED } from './invite.js';
import confirmAction from './confirm.js';

function editForm(user, units, onChanged) {
  const role = h('select', {}, ROLES.map((r) => h('option', { value: r, selected: r === user.role, text: t(`role.${r}`) })));
  const unit = h('select', {}, unitOptions(units, { selected: user.unit.id }));
  const active = h('input', { type: 'checkbox', checked: user.active });
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'stack person-edit' },
    field(t('admin.role'), role), field(t('admin.unit'), unit), check(t('admin.active'), active), error,
    h('button', { type: 'submit', class: 'btn primary', 'aria-label': t('admin.save_named', { name: user.display_name }), text: t('admin.save') }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const body = {};
    if (role.value !== user.role) body.role = role.value;
    if (unit.value !== user.unit.id) body.unit_id = unit.value;
    if (active.checked !== user.active) body.active = active.checked;
    if (!Object.keys(body).length) return;
    if (body.active === false && !(await confirmAction({
      title: t('admin.deactivate_title', { name: user.display_name }),
      body: t('admin.deactivate_confirm', { name: user.display_name }),
      action: t('admin.deactivate_action') }))) return;
    try {
      onChanged(await api(`/users/${user.id}`, { method: 'PATCH', body }));
    } catch (err) { error.textContent = problem(err); }
  });
  return form;
}

export default function personPanel(user, { units, onChanged, onGone }) {
  const me = session.user();
  const isAdmin = me.role === 'admin';
  const self = user.id === me.id;
  const error = h('p', { class: 'error', role: 'alert' });
  const result = h('div', { 'aria-live': 'polite' });
  const actions = h('div', { class: 'actions' });

  // A handler re-admits only the staff of their units (server/auth/invitation_rules.py).
  if (user.active && (isAdmin || user.role === 'staff')) {
    const recover = h('button', { type: 'button', class: 'btn', text: t('admin.recovery_create') });
    recover.addEventListener('click', async () => {
      error.textContent = '';
      try {
        const inv = await api('/invitations', { method: 'POST', body: { unit_id: user.unit.id, user_id: user.id } });
        const shown = invitationCard(inv, { heading: t('admin.recovery_ready', { name: user.display_name }) });
        clear(result, h('p', { class: 'note', text: t('admin.recovery_explain', { name: user.display_name }) }), shown.card);
        shown.focus();
        result.dispatchEvent(new CustomEvent(INVITED, { bubbles: true }));
      } catch (err) { error.textContent = problem(err); }
    });
    actions.append(recover);
  }

  if (isAdmin && !self) {
    const keys = h('button', { type: 'button', class: 'btn danger', text: t('admin.passkeys_remove') });
    keys.addEventListener('click', async () => {
      error.textContent = '';
      if (!(await confirmAction({
        title: t('admin.passkeys_title', { name: user.display_name }),
        body: [t('admin.passkeys_confirm', { name: user.display_name }), t('admin.passkeys_after')],
        action: t('admin.passkeys_action') }))) return;
      try {
        await api(`/users/${user.id}/passkeys`, { method: 'DELETE' });
        announce(t('admin.passkeys_removed', { name: user.display_name }));
        clear(result, h('p', { class: 'note', role: 'status', text: t('admin.passkeys_removed', { name: user.display_name }) }));
      } catch (err) { error.textContent = problem(err); }
    });
    const erase = h('button', { type: 'button', class: 'btn danger', text: t('admin.erase') });
    erase.addEventListener('click', async () => {
      error.textContent = '';
      if (!(await confirmAction({
        title: t('admin.erase_title', { name: user.display_name }),
        body: [t('admin.erase_confirm', { name: user.display_name }), t('admin.erase_keeps'), t('admin.erase_final')],
        action: t('admin.erase_action', { name: user.display_name }) }))) return;
      try {
        await api(`/users/${user.id}`, { method: 'DELETE' });
        announce(t('admin.erased', { name: user.display_name }));
        onGone();
      } catch (err) { error.textContent = problem(err); }
    });
    actions.append(keys, erase);
  }

  return h('div', { class: 'person-panel stack' },
    isAdmin ? editForm(user, units, onChanged) : null,
    actions.childElementCount ? actions : h('p', { class: 'note', text: t('admin.nothing_to_do') }),
    error, result);
}
