// The invitations still open in one's units: for which unit and role, how
// many have used them, until when; revoking one makes its link stop working.
import { h, clear, announce } from '../../dom.js';
import { t, formatDate } from '../../i18n.js';
import { api } from '../../api.js';
import { problem } from './fields.js';
import confirmAction from './confirm.js';

const PAGE_SIZE = 25;

function describe(inv) {
  if (inv.recovery_for) return t('admin.open_recovery', { name: inv.recovery_for.display_name });
  if (inv.max_uses > 1) return t('admin.open_many', { unit: inv.unit.name });
  return inv.display_name ? t('admin.open_named', { name: inv.display_name, unit: inv.unit.name })
    : t('admin.open_one', { unit: inv.unit.name });
}

export default function openInvitationsSection() {
  const list = h('ul', { class: 'open-invitations' });
  const error = h('p', { class: 'error', role: 'alert' });
  const more = h('button', { type: 'button', class: 'btn', text: t('feed.more'), hidden: true });
  let cursor = null;

  function item(inv) {
    const title = describe(inv);
    const revoke = h('button', { type: 'button', class: 'btn danger small', 'aria-label': t('admin.revoke_named', { what: title }), text: t('admin.revoke') });
    const li = h('li', { class: 'card open-invitation' },
      h('p', { class: 'card-title', text: title }),
      h('p', { class: 'meta', text: `${t(`role.${inv.role}`)} · ${t('admin.uses', { used: inv.use_count, max: inv.max_uses })}` }),
      h('p', { class: 'meta', text: t('admin.invite_expires', { date: formatDate(inv.expires_at) })
        + (inv.created_by ? ` · ${t('admin.created_by', { name: inv.created_by.display_name })}` : '') }),
      h('div', { class: 'actions' }, revoke));
    revoke.addEventListener('click', async () => {
      error.textContent = '';
      if (!(await confirmAction({ title: t('admin.revoke_title'), body: [title, t('admin.revoke_confirm')],
        action: t('admin.revoke_action') }))) return;
      try {
        await api(`/invitations/${inv.id}`, { method: 'DELETE' });
        const next = li.nextElementSibling || li.previousElementSibling;
        li.remove();
        if (!list.children.length) clear(list, h('li', { class: 'note', text: t('admin.no_open') }));
        announce(t('admin.revoked'));
        (next?.querySelector('button') || more).focus();
      } catch (err) { error.textContent = problem(err); }
    });
    return li;
  }

  async function load({ append = false } = {}) {
    error.textContent = '';
    const params = new URLSearchParams({ limit: PAGE_SIZE });
    if (append && cursor) params.set('cursor', cursor);
    try {
      const page = await api(`/invitations?${params}`);
      const items = page.items.map(item);
      if (append) list.append(...items);
      else clear(list, items.length ? items : h('li', { class: 'note', text: t('admin.no_open') }));
      cursor = page.next_cursor;
      more.hidden = !cursor;
    } catch (err) { error.textContent = problem(err); }
  }
  more.addEventListener('click', () => load({ append: true }));

  const section = h('section', { 'aria-labelledby': 'admin-open' },
    h('h2', { id: 'admin-open', text: t('admin.open_heading') }), error, list, more);
  return { section, load };
}
