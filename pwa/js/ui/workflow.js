// Moving an idea through the workflow: choose the next status and write a
// note the submitter will read (required when declining).
import { h, uid, announce } from '../dom.js';
import { t } from '../i18n.js';
import { NOTE_REQUIRED } from '../status.js';
import { changeStatus } from '../outbox/writes.js';

export default function workflow(idea, { onQueued } = {}) {
  const ids = { note: uid(), err: uid() };
  const note = h('textarea', { id: ids.note, rows: 3, 'aria-describedby': ids.err });
  const error = h('p', { id: ids.err, class: 'error', role: 'alert' });
  const buttons = idea.allowed_transitions.map((status) => h('button', {
    type: 'button', class: ['btn', status === 'declined' ? 'danger' : 'primary'],
    text: t(`workflow.to.${status}`),
    onclick: async () => {
      error.textContent = '';
      if (NOTE_REQUIRED.includes(status) && !note.value.trim()) {
        error.textContent = t('workflow.note_required');
        note.setAttribute('aria-invalid', 'true');
        note.focus();
        return;
      }
      await changeStatus(idea, status, note.value.trim());
      announce(t('workflow.queued', { status: t(`status.${status}`) }));
      onQueued?.(status);
    },
  }));
  return h('section', { class: 'card workflow', 'aria-labelledby': 'wf-h' },
    h('h2', { id: 'wf-h', text: t('workflow.heading') }),
    h('label', { for: ids.note, text: t('workflow.note') }), note, error,
    h('div', { class: 'actions' }, buttons));
}
