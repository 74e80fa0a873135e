// Who carries an idea out and by when: shown on the idea to everyone, chosen by
// its handlers (a search among the organisation's people, and a day), and the
// overdue ideas with the weekly digest's switch on the handler's inbox. Loaded
// with the idea's other tools (handling.js), outside the app shell.
import { h, uid, announce, clear } from '../dom.js';
import { t, loadPart, locale } from '../i18n.js';
import { api, isOffline } from '../api.js';
import { editIdea } from '../outbox/writes.js';
import * as session from '../session.js';
import statusChip, { waitingChip } from './status-chip.js';
import ideaList from './idea-list.js';

export const words = () => loadPart('assign').then(() => true, () => false);

// A due date is a day, not a moment: written as the reader's language writes days.
export const day = (iso) => new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
  .format(new Date(`${iso}T00:00:00Z`));
// Today in Sweden (sv-SE writes YYYY-MM-DD), the day the server compares due dates with.
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());

/** The idea's assignee and due date, with a queued change of them; null when it has neither. */
export function summary(idea, waiting) {
  const who = waiting ? waiting.meta.assigneeName : idea.assignee?.display_name;
  const due = waiting ? waiting.meta.due : idea.due_date;
  if (!who && !due) return waiting ? h('p', { class: 'meta' }, waitingChip()) : null;
  return h('div', { class: 'assignment' },
    who ? h('p', {}, h('strong', { text: `${t('assign.assignee')}: ` }), who) : null,
    due ? h('p', {}, h('strong', { text: `${t('assign.due')}: ` }), h('time', { datetime: due, text: day(due) }),
      !waiting && idea.overdue ? [' ', statusChip('overdue')] : null) : null,
    waiting ? h('p', { class: 'meta' }, waitingChip()) : null);
}

/** The handler's form: search a person, pick a day, save through the outbox. */
export function editor(idea, waiting, onQueued) {
  const id = uid('assign');
  const current = waiting
    ? { id: waiting.meta.assigneeId, display_name: waiting.meta.assigneeName }
    : idea.assignee;
  const search = h('input', { type: 'search', id: `${id}-q`, autocomplete: 'off', 'aria-describedby': `${id}-hint` });
  const found = h('p', { class: 'meta', role: 'status', id: `${id}-found` });
  const choices = h('div', {});
  const nobody = { id: '', display_name: t('assign.nobody') };
  let chosen = current?.id || '';
  const radio = (person, unit) => {
    const rid = uid('assign');
    const input = h('input', { type: 'radio', name: `${id}-who`, id: rid, value: person.id, checked: person.id === chosen });
    input.addEventListener('change', () => { chosen = person.id; });
    return h('div', { class: 'field check' }, input,
      h('label', { for: rid }, person.display_name, unit ? h('span', { class: 'meta', text: ` · ${unit}` }) : null));
  };
  const paint = (people) => {
    const kept = [nobody, ...(current?.id ? [current] : [])];
    const more = people.filter((p) => !kept.some((k) => k.id === p.id));
    clear(choices, kept.map((p) => radio(p)), more.map((p) => radio(p, p.unit?.name)));
  };
  paint([]);
  let timer = 0;
  let asked = 0;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = search.value.trim();
      const mine = ++asked;
      if (!q) { paint([]); found.textContent = ''; return; }
      try {
        const { items } = await api(`/people?${new URLSearchParams({ q, limit: 8 })}`);
        if (mine !== asked) return;
        paint(items);
        found.textContent = items.length ? t('assign.found', { n: items.length }) : t('assign.none_found');
      } catch (err) {
        found.textContent = isOffline(err) ? t('offline.needs_network') : err.message;
      }
    }, 250);
  });
  const dueId = `${id}-due`;
  const due = h('input', { type: 'date', id: dueId, min: today(), value: (waiting ? waiting.meta.due : idea.due_date) || '' });
  const problem = h('p', { class: 'error', role: 'alert' });
  // novalidate: a day before `min` gets the form's own message, not the browser's bubble.
  const form = h('form', { class: 'card stack assign-edit', 'aria-labelledby': `${id}-h`, novalidate: true },
    h('h2', { id: `${id}-h`, text: t('assign.heading') }),
    h('label', { for: search.id, text: t('assign.search') }), search,
    h('p', { class: 'meta', id: `${id}-hint`, text: t('assign.search_hint') }), found,
    h('fieldset', {}, h('legend', { text: t('assign.assignee') }), choices),
    h('label', { for: dueId, text: t('assign.due') }), due, problem,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn', text: t('assign.save') })));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    problem.textContent = '';
    const was = { assignee_id: current?.id || '', due_date: (waiting ? waiting.meta.due : idea.due_date) || '' };
    const body = {};
    if (chosen !== was.assignee_id) body.assignee_id = chosen || null;
    if (due.value !== was.due_date) body.due_date = due.value || null;
    if (body.due_date && body.due_date < today()) { problem.textContent = t('assign.past'); due.focus(); return; }
    if (!Object.keys(body).length) { announce(t('assign.unchanged')); return; }
    const name = chosen ? choices.querySelector(`input[value="${chosen}"] + label`)?.firstChild?.textContent : '';
    const label = [name ? `${t('assign.assignee')}: ${name}` : t('assign.nobody'), due.value ? `${t('assign.due')}: ${due.value}` : ''].filter(Boolean).join(' · ');
    await editIdea(idea, body, { assignment: true, assigneeId: chosen, assigneeName: name, due: due.value, label });
    announce(t('assign.queued'));
    onQueued?.();
  });
  return form;
}

/** The idea screen's part: what is decided, and the form for its handlers. */
export default async function assignment(idea, pending, { onQueued } = {}) {
  const editable = idea.can_edit?.includes('assignee_id');
  if (!editable && !idea.assignee && !idea.due_date) return [];
  if (!(await words())) return [];
  const waiting = pending.filter((e) => e.kind === 'edit' && e.meta.assignment).pop();
  return [summary(idea, waiting), editable ? editor(idea, waiting, onQueued) : null];
}

/** The handler's inbox: ideas past their due date in my units, and the weekly digest's switch. */
export async function overdue(view) {
  if (!(await words())) return;
  view.append(
    h('section', { 'aria-labelledby': 'overdue-h' },
      h('h2', { id: 'overdue-h', text: t('assign.overdue_heading') }),
      ideaList({ scope: 'unit', overdue: 'true', sort: 'new' }, { empty: t('assign.overdue_empty') })),
    digestSwitch());
}

// On Monday mornings a handler gets a digest of waiting and overdue ideas, unless turned off here.
function digestSwitch() {
  const id = uid('digest');
  const box = h('input', { type: 'checkbox', id, checked: session.user()?.weekly_digest !== false });
  const said = h('p', { class: 'meta', role: 'status' });
  box.addEventListener('change', async () => {
    try {
      await session.set(await api('/me', { method: 'PATCH', body: { weekly_digest: box.checked } }));
      said.textContent = t(box.checked ? 'assign.digest_on' : 'assign.digest_off');
    } catch (err) {
      box.checked = !box.checked;
      said.textContent = isOffline(err) ? t('offline.needs_network') : err.message;
    }
  });
  return h('section', { 'aria-labelledby': `${id}-h` },
    h('h2', { id: `${id}-h`, text: t('assign.digest_heading') }),
    h('div', { class: 'field check' }, box, h('label', { for: id, text: t('assign.digest_label') })), said);
}
