// The privacy notice: what Gnista stores, why, for how long, who sees it,
// and how to get a copy or be erased. Readable signed out.
import { h } from '../dom.js';
import { t, loadPart } from '../i18n.js';
import * as session from '../session.js';
import infoSection from '../ui/info-section.js';
import pageLinks from '../ui/page-links.js';

export default async function privacy(view) {
  await loadPart('info');
  view.append(
    h('h1', { tabindex: '-1', text: t('privacy.title') }),
    h('p', { class: 'lead', text: t('privacy.intro') }),
    infoSection('pv-stored', t('privacy.stored_h'), [t('privacy.stored_account'), t('privacy.stored_passkeys'),
      t('privacy.stored_push'), t('privacy.stored_ideas'), t('privacy.stored_notifications'), t('privacy.stored_phone')]),
    infoSection('pv-photos', t('privacy.photos_h'), t('privacy.photos')),
    infoSection('pv-purpose', t('privacy.purpose_h'), t('privacy.purpose'), t('privacy.controller')),
    infoSection('pv-retention', t('privacy.retention_h'), [t('privacy.retention_photos'), t('privacy.retention_keys'), t('privacy.retention_rest')]),
    infoSection('pv-rights', t('privacy.rights_h'), t('privacy.rights_export'),
      session.user() ? h('p', {}, h('a', { href: '/settings', text: t('settings.export_where') })) : null,
      t('privacy.rights_erase'), t('privacy.rights_contact')),
    infoSection('pv-sharing', t('privacy.sharing_h'), t('privacy.sharing')),
    infoSection('pv-cookies', t('privacy.cookies_h'), t('privacy.cookies')),
    pageLinks());
}
