// Making invitations: for one person or for a whole unit's staff (a link,
// a QR code and a printable poster), and the card that shows the result.
import { h, uid, clear, announce } from '../../dom.js';
import { t, formatDate } from '../../i18n.js';
import { api } from '../../api.js';
import * as session from '../../session.js';
import { ROLES, problem, field, numberInput, unitOptions } from './fields.js';

// What the server admits for a link many people use (server/auth/services.py).
export const MAX_USES = 500;
// Fired (bubbling) where an invitation was made, so that the list of open ones follows.
export const INVITED = 'gnista:invited';
const DEFAULT_USES = 50;

/** The roles the signed-in person may invite: a handler never invites an administrator. */
export const invitableRoles = () => (session.user()?.role === 'admin' ? ROLES : ROLES.filter((r) => r !== 'admin'));

/** A card with an invitation's link, QR code, expiry and, for many users, its poster. */
export function invitationCard(inv, { heading = t('admin.invite_ready') } = {}) {
  const copy = h('button', { type: 'button', class: 'btn', text: t('admin.copy_link') });
  copy.addEventListener('click', async () => {
    try { await navigator.clipboard.writeText(inv.url); announce(t('admin.copied')); } catch { announce(t('admin.copy_failed')); }
  });
  const title = h('h3', { tabindex: '-1', text: heading });
  const card = h('div', { class: 'card stack invitation-card' },
    title,
    h('img', { class: 'qr', src: `/api/v1/invitations/${encodeURIComponent(inv.token)}/qr.svg`, alt: t('admin.qr_alt'), width: 240, height: 240 }),
    h('p', {}, h('a', { href: inv.url, class: 'invite-link', text: inv.url })),
    h('p', { class: 'meta', text: t('admin.invite_expires', { date: formatDate(inv.expires_at) }) }),
    inv.max_uses > 1 ? h('p', { class: 'meta', text: t('admin.invite_many', { n: inv.max_uses }) }) : null,
    h('div', { class: 'actions' }, copy,
      h('a', { class: 'btn', href: `/api/v1/invitations/${encodeURIComponent(inv.token)}/poster`, target: '_blank', rel: 'noopener',
        text: t('admin.print_poster') })));
  return { card, focus: () => title.focus() };
}

export default function invitationsSection() {
  const unit = h('select', {});
  const role = h('select', {}, invitableRoles().map((r) => h('option', { value: r, text: t(`role.${r}`) })));
  const roleHint = h('p', { class: 'note', id: uid('hint'), text: '' });
  role.setAttribute('aria-describedby', roleHint.id);
  const name = h('input', { type: 'text', maxlength: 80, autocomplete: 'off' });
  const uses = numberInput(DEFAULT_USES, { min: '2', max: String(MAX_USES) });
  const group = uid('who');
  const one = h('input', { type: 'radio', name: group, value: 'one', checked: true, id: uid() });
  const many = h('input', { type: 'radio', name: group, value: 'many', id: uid() });
  const nameField = field(t('admin.invite_name'), name, t('admin.invite_name_hint'));
  const usesField = field(t('admin.invite_uses'), uses, t('admin.invite_uses_hint', { max: MAX_USES }));
  const error = h('p', { class: 'error', role: 'alert' });
  const result = h('div', { class: 'invitation', 'aria-live': 'polite' });

  function whoChanged() {
    const forMany = many.checked;
    nameField.hidden = forMany;
    usesField.hidden = !forMany;
    // A link many people use only ever makes staff (server/auth/services.py).
    if (forMany) role.value = 'staff';
    role.disabled = forMany;
    roleHint.textContent = forMany ? t('admin.invite_many_role') : '';
  }
  one.addEventListener('change', whoChanged);
  many.addEventListener('change', whoChanged);

  const form = h('form', { class: 'stack', novalidate: true },
    field(t('admin.unit'), unit),
    h('fieldset', { class: 'segmented' },
      h('legend', { text: t('admin.invite_who') }),
      h('label', { for: one.id }, one, t('admin.invite_one')),
      h('label', { for: many.id }, many, t('admin.invite_whole_unit'))),
    usesField,
    h('div', { class: 'field' }, h('label', { for: role.id || (role.id = uid()), text: t('admin.role') }), roleHint, role),
    nameField,
    error, h('button', { type: 'submit', class: 'btn primary', text: t('admin.invite_create') }));
  whoChanged();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const body = { unit_id: unit.value, role: role.value };
    if (many.checked) {
      const n = Number(uses.value);
      if (!Number.isInteger(n) || n < 2 || n > MAX_USES) {
        error.textContent = t('admin.invite_uses_invalid', { max: MAX_USES });
        uses.focus();
        return;
      }
      body.max_uses = n;
      body.role = 'staff';
    } else if (name.value.trim()) body.display_name = name.value.trim();
    try {
      const inv = await api('/invitations', { method: 'POST', body });
      const shown = invitationCard(inv);
      clear(result, shown.card);
      shown.focus();
      result.dispatchEvent(new CustomEvent(INVITED, { bubbles: true }));
    } catch (err) { error.textContent = problem(err); }
  });
  const section = h('section', { 'aria-labelledby': 'admin-invite' },
    h('h2', { id: 'admin-invite', text: t('admin.invitations') }),
    h('p', { class: 'note', text: t('admin.invite_intro') }), form, result);
  return { section, setUnits: (all) => clear(unit, unitOptions(all)) };
}
