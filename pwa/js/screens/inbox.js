// The handler's inbox: new ideas in my units. Acknowledge in one tap with a
// thank-you note that can be edited; everything else on the idea's page.
import { h, uid, announce } from '../dom.js';
import { t } from '../i18n.js';
import { entries, subscribe } from '../outbox/queue.js';
import { changeStatus } from '../outbox/writes.js';
import ideaCard from '../ui/idea-card.js';
import ideaList from '../ui/idea-list.js';

const waitingNote = (idea) => h('p', { class: 'state', 'data-idea': idea.id, text: t('inbox.acknowledged_waiting') });

function inboxCard(idea, queued) {
  const card = ideaCard(idea, { showVote: false });
  if (queued.has(idea.id)) {
    card.append(waitingNote(idea));
    return card;
  }
  const id = uid();
  const note = h('textarea', { id, rows: 2, value: t('inbox.thanks_default') });
  const ack = h('button', { type: 'button', class: 'btn primary big', text: t('inbox.acknowledge') });
  ack.addEventListener('click', async () => {
    ack.disabled = true;
    await changeStatus(idea, 'acknowledged', note.value.trim());
    form.replaceWith(waitingNote(idea));
    announce(t('inbox.acknowledged_announce'));
  });
  const form = h('div', { class: 'stack ack' },
    h('label', { for: id, text: t('inbox.thanks_label') }), note, ack,
    h('a', { href: `/ideas/${idea.id}`, class: 'btn link', text: t('inbox.more_actions') }));
  card.append(form);
  return card;
}

export default async function inbox(view) {
  // Fetched ahead, so that the idea screen's tools work offline too (they are not in the shell).
  import('../ui/handling.js').then((m) => m.ahead(view), () => {});
  const queued = new Set((await entries()).filter((e) => e.kind === 'status').map((e) => e.meta.ideaId));
  view.append(
    h('h1', { tabindex: '-1', text: t('inbox.title') }),
    h('p', { class: 'lead', text: t('inbox.intro') }),
    ideaList({ scope: 'unit', status: 'submitted', sort: 'new' }, { empty: t('inbox.empty'), card: (idea) => inboxCard(idea, queued) }));
  // When the server has the acknowledgement, say so where the button was.
  return subscribe((msg) => {
    if (msg?.type !== 'sent' || msg.kind !== 'status') return;
    const note = view.querySelector(`[data-idea="${msg.meta.ideaId}"]`);
    if (note) note.textContent = t('inbox.acknowledged_sent');
  });
}
