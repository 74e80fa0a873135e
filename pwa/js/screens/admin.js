// Administration: administrators keep the unit tree, categories, people and invitations;
// handlers invite staff to their own units and re-admit those who lost their
// phone. Each part is its own module in admin/.
import { h, append } from '../dom.js';
import { t, loadPart } from '../i18n.js';
import { api } from '../api.js';
import * as session from '../session.js';
import { useStylesheet } from '../ui/charts.js';
import unitsSection from './admin/units.js';
import peopleSection from './admin/people.js';
import invitationsSection, { INVITED } from './admin/invite.js';
import openInvitationsSection from './admin/open-invitations.js';
import categoriesSection from './admin/categories.js';
import { problem } from './admin/fields.js';

export default async function admin(view) {
  await loadPart('desk');
  useStylesheet('/css/dashboard.css');
  const isAdmin = session.user()?.role === 'admin';
  const people = peopleSection();
  const open = openInvitationsSection();
  const invites = invitationsSection();
  view.addEventListener(INVITED, () => open.load());
  const error = h('p', { class: 'error', role: 'alert' });
  let units = null;
  const categories = isAdmin ? categoriesSection() : null;
  async function reloadAll() {
    let all;
    if (units) all = await units.load();
    else {
      try { all = (await api('/units')).items; } catch (err) { error.textContent = problem(err); all = []; }
    }
    if (!all.length) return;
    units?.fillParents(all);
    invites.setUnits(all);
    categories?.setUnits(all);
    await Promise.all([people.setUnits(all), open.load(), categories?.load()]);
  }
  if (isAdmin) units = unitsSection(reloadAll);
  view.classList.add('admin-screen');
  append(view, [
    h('h1', { tabindex: '-1', text: t('admin.title') }),
    h('p', { class: 'lead', text: t(isAdmin ? 'admin.intro' : 'admin.intro_handler') }),
    h('p', {}, h('a', { href: '/dashboard', text: t('admin.to_dashboard') })),
    error,
    invites.section, open.section, people.section, units?.section, categories?.section]);
  await reloadAll();
}
