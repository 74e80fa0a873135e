// Links to the privacy notice and the accessibility statement, which anyone
// may read before signing in.
import { h } from '../dom.js';
import { t } from '../i18n.js';

export default function pageLinks() {
  return h('nav', { class: 'page-links', 'aria-label': t('pages.label') },
    h('ul', {},
      h('li', {}, h('a', { href: '/privacy', text: t('privacy.title') })),
      h('li', {}, h('a', { href: '/accessibility', text: t('a11y.title') }))));
}
