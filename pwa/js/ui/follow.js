// Follow an idea: a toggle under the vote, for anyone who can see the idea.
// Loaded on the idea screen, outside the app shell; without its words (offline,
// never fetched) it stays away rather than show raw keys.
import { h, uid, announce } from '../dom.js';
import { t, loadPart } from '../i18n.js';
import { follow } from '../outbox/idea-edits.js';
import { waitingChip } from './status-chip.js';

export default async function followToggle(slot, idea, pending, onQueued) {
  if (t('follow.button') === 'follow.button' && !(await loadPart('edit').then(() => true, () => false))) return;
  const waiting = pending.filter((e) => e.kind === 'edit' && 'watch' in e.meta).pop();
  const on = waiting ? waiting.meta.watch : !!idea.watching;
  const hint = h('p', { id: uid(), class: 'meta', text: t(on ? 'follow.hint_on' : 'follow.hint_off') });
  const button = h('button', { type: 'button', class: ['btn', on && 'primary'], 'aria-pressed': String(on), 'aria-describedby': hint.id, text: t('follow.button') });
  button.addEventListener('click', async () => {
    button.disabled = true;
    await follow(idea, !on, t(on ? 'follow.label_off' : 'follow.label_on'));
    announce(t(on ? 'follow.queued_off' : 'follow.queued_on'));
    onQueued();
  });
  slot.prepend(h('div', { class: 'stack follow' }, button, hint, waiting ? h('p', { class: 'meta' }, waitingChip()) : null));
}
