// Reporting an idea or a comment to its handlers (client data, offensive words),
// and what a review leaves behind: a hidden item, shown to its author and its
// handlers with why, a placeholder for everyone else, and removed passages.
import { h, uid } from '../dom.js';
import { t, loadPart } from '../i18n.js';
import { api, isOffline } from '../api.js';
import { user } from '../session.js';
import { markRemoved, style } from './removed.js';

const REASONS = ['client_data', 'offensive', 'other'];

export default async function report(slot, idea) {
  try { await loadPart('report'); } catch { return; }  // offline and never fetched: the screen stays as drawn
  style();
  const body = slot.parentElement;
  if (!body) return;
  body.querySelectorAll('h1, .description').forEach(markRemoved);
  if (idea.hidden) body.querySelector('h1')?.after(hiddenNote(idea, 'idea'));
  if (!idea.is_mine) slot.prepend(reporter(idea, null));
  const me = user()?.id;
  const items = body.querySelectorAll('.comments > li:not(.pending)');
  (idea.comments || []).forEach((c, i) => {
    const li = items[i];
    if (!li) return;
    const text = li.lastElementChild;
    if (c.body == null) {
      // Hidden from me: its place stays, without its words or author.
      li.classList.add('hidden-item');
      li.replaceChildren(h('p', { class: 'meta', text: t('report.comment_placeholder') }));
      return;
    }
    markRemoved(text);
    if (c.hidden) li.insertBefore(hiddenNote(c, 'comment'), text);
    if (c.author?.id !== me && !(c.by_submitter && idea.is_mine)) li.append(reporter(idea, c));
  });
}

function hiddenNote(item, kind) {
  const text = item.hidden === 'hidden'
    ? t(`report.${kind}_hidden`, { reason: item.hidden_reason || '' })
    : t(`report.${kind}_held`);
  return h('p', { class: 'card hidden-note', text });
}

// A button that opens the report's form below it; a sent report says thanks in its place.
function reporter(idea, comment) {
  const wrap = h('div', { class: 'report' });
  const open = h('button', { type: 'button', class: 'btn link small', 'aria-expanded': 'false',
    text: t(comment ? 'report.open_comment' : 'report.open_idea') });
  let form = null;
  open.addEventListener('click', () => {
    const opening = !form;
    open.setAttribute('aria-expanded', String(opening));
    if (opening) { form = reportForm(idea, comment, close, done); wrap.append(form); form.querySelector('input').focus(); }
    else close();
  });
  function close() { form?.remove(); form = null; open.setAttribute('aria-expanded', 'false'); open.focus(); }
  function done() {
    const thanks = h('p', { class: 'flash', role: 'status', tabindex: '-1', text: t('report.thanks') });
    wrap.replaceChildren(thanks);
    thanks.focus();
  }
  wrap.append(open);
  return wrap;
}

function reportForm(idea, comment, close, done) {
  const name = uid('reason'), note = uid(), problem = uid();
  const radios = REASONS.map((reason, i) => {
    const id = `${name}-${reason}`;
    return h('div', { class: 'field check' },
      h('input', { type: 'radio', id, name, value: reason, checked: i === 0 }),
      h('label', { for: id, text: t(`report.reason.${reason}`) }));
  });
  const area = h('textarea', { id: note, rows: 2, maxlength: 1000 });
  const error = h('p', { id: problem, class: 'error', role: 'alert' });
  const send = h('button', { type: 'submit', class: 'btn primary', text: t('report.send') });
  const form = h('form', { class: 'card stack report-form' },
    h('fieldset', {}, h('legend', { text: t('report.why') }), radios),
    h('div', { class: 'field' }, h('label', { for: note, text: t('report.note') }), area),
    h('p', { class: 'meta', text: t('report.privacy') }),
    h('div', { class: 'actions' }, send,
      h('button', { type: 'button', class: 'btn', text: t('report.cancel'), onclick: close })),
    error);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    send.disabled = true;
    error.textContent = '';
    const reason = form.querySelector('input:checked')?.value || 'other';
    try {
      await api(`/ideas/${idea.id}/reports`, { method: 'POST', body: {
        reason, note: area.value.trim(), ...(comment ? { comment_id: comment.id } : {}) } });
      done();
    } catch (err) {
      send.disabled = false;
      error.textContent = isOffline(err) ? t('report.offline') : `${t('report.failed')} ${err.message}`;
    }
  });
  return form;
}
