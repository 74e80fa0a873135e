// My ideas: what is still waiting to be sent, then what the server has,
// each with its status and the handler's latest note (the whole history
// is on the idea's page).
import { h, append } from '../dom.js';
import { t, formatDate } from '../i18n.js';
import { subscribe } from '../outbox/queue.js';
import outboxList from '../ui/outbox-list.js';
import ideaList from '../ui/idea-list.js';
import ideaCard from '../ui/idea-card.js';
import pushSwitch from '../ui/push-switch.js';

// What the submitter waits for: the handler's word on their idea.
const lastNote = (change) => change?.note && h('p', { class: 'last-note' },
  h('span', { class: 'last-note-label' }, t('mine.last_note'), ' ',
    h('time', { datetime: change.created_at, text: formatDate(change.created_at) })),
  h('span', { class: 'note-text', text: change.note }));
const card = (idea) => ideaCard(idea, { underStatus: lastNote(idea.last_change) });

export default async function mine(view) {
  const flash = sessionStorage.getItem('gnista.flash');
  sessionStorage.removeItem('gnista.flash');
  const outbox = outboxList();
  const sent = h('section', { 'aria-labelledby': 'sent-h' }, h('h2', { id: 'sent-h', text: t('mine.sent') }));
  let list = ideaList({ scope: 'mine', sort: 'new' }, { empty: t('mine.empty'), card });
  sent.append(list);
  // dom.js's append, not the element's: that one writes a missing part as "null".
  append(view, [h('h1', { tabindex: '-1', text: t('mine.title') }),
    flash ? h('p', { class: 'flash', role: 'status', text: flash }) : null,
    // Right after "thank you" is when being told about the idea matters; the
    // permission prompt comes only when the offer is pressed.
    flash ? pushSwitch({ offer: true }) : null,
    outbox.el, sent]);
  // When an idea leaves the outbox, the server's copy takes its place.
  const stop = subscribe((msg) => {
    if (msg?.type === 'sent' && msg.kind === 'idea') {
      const fresh = ideaList({ scope: 'mine', sort: 'new' }, { empty: t('mine.empty'), card });
      list.replaceWith(fresh);
      list = fresh;
    }
  });
  if (location.hash === '#outbox') setTimeout(() => document.getElementById('outbox')?.focus(), 0);
  return () => { outbox.destroy(); stop(); };
}
