import { h } from '../dom.js';
import { t } from '../i18n.js';

// A status as a labelled chip; colour is never the only signal.
export default function statusChip(status) {
  return h('span', { class: `chip status-${status}`, text: t(`status.${status}`) });
}

export const waitingChip = () => h('span', { class: 'chip waiting', text: t('outbox.waiting') });
