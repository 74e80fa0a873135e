// The accessibility statement, in the order of DIGG's template for
// Swedish public-sector services. Readable signed out.
import { h } from '../dom.js';
import { t, loadPart } from '../i18n.js';
import infoSection from '../ui/info-section.js';
import pageLinks from '../ui/page-links.js';

export default async function accessibility(view) {
  await loadPart('info');
  view.append(
    h('h1', { tabindex: '-1', text: t('a11y.title') }),
    h('p', { class: 'lead', text: t('a11y.intro') }),
    infoSection('a11y-status', t('a11y.status_h'), t('a11y.status')),
    infoSection('a11y-help', t('a11y.help_h'), t('a11y.help')),
    infoSection('a11y-report', t('a11y.report_h'), t('a11y.report')),
    infoSection('a11y-supervision', t('a11y.supervision_h'), t('a11y.supervision')),
    infoSection('a11y-technical', t('a11y.technical_h'), t('a11y.technical')),
    infoSection('a11y-gaps', t('a11y.gaps_h'), [t('a11y.gap_photos'), t('a11y.gap_manual')], t('a11y.charts')),
    infoSection('a11y-tested', t('a11y.tested_h'), t('a11y.tested'), t('a11y.updated')),
    pageLinks());
}
