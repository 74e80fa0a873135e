// The open reports of the ideas I handle, above the new ideas in the inbox. Each
// reported item offers three ways out: show it again, hide it with a reason its
// author reads, or remove a passage (or a photo) for good.
import { h, uid, announce, clear } from '../dom.js';
import { t, tn, loadPart, formatDate } from '../i18n.js';
import { api, isOffline } from '../api.js';
import { ideaHeading } from './idea-title.js';
import { markRemoved, style } from './removed.js';

export default async function reports(view) {
  try { await loadPart('report'); } catch { return; }
  style();
  const section = h('section', { class: 'stack reports', 'aria-labelledby': 'reports-h' });
  async function load() {
    let page;
    try { page = await api('/reports'); } catch { section.remove(); return; }  // offline: the inbox goes on
    if (!page.items.length) { section.remove(); return; }
    clear(section, h('h2', { id: 'reports-h', text: tn('reports.heading', page.items.length) }),
      h('ul', { class: 'report-list stack' }, page.items.map((item) => h('li', {}, card(item, load)))));
    if (!section.isConnected) {
      const lead = view.querySelector('.lead');
      if (lead) lead.after(section); else view.append(section);
    }
  }
  await load();
}

function card(item, reload) {
  const { idea, comment } = item;
  const text = comment
    ? [h('p', { class: 'meta', text: t('reports.comment_by', { name: comment.author?.display_name || t('reports.someone') }) }),
      h('blockquote', { class: 'reported-text', text: comment.body })]
    : [h('p', { class: 'reported-title', text: idea.title || '' }), h('p', { class: 'reported-text', text: idea.description })];
  text.forEach(markRemoved);
  const outcome = h('div', { class: 'stack' });
  const headingId = uid('rep');
  return h('article', { class: 'card stack report-card', 'aria-labelledby': headingId },
    h('h3', { id: headingId },
      h('a', { href: `/ideas/${idea.id}`, text: t(comment ? 'reports.on_comment' : 'reports.on_idea', { idea: ideaHeading(idea, 60) }) })),
    (comment || idea).hidden ? h('p', { class: 'state', text: t('reports.held') }) : null,
    text,
    h('ul', { class: 'report-reasons' }, item.reports.map((r) => h('li', {},
      h('strong', { text: t(`report.reason.${r.reason}`) }),
      ` · ${r.reporter?.display_name || t('reports.someone')} · `, h('time', { datetime: r.created_at, text: formatDate(r.created_at) }),
      r.note ? h('p', { class: 'note-text', text: r.note }) : null))),
    actions(item, outcome, reload), outcome);
}

function actions(item, outcome, reload) {
  const restore = h('button', { type: 'button', class: 'btn', text: t('reports.restore') });
  const hide = h('button', { type: 'button', class: 'btn', 'aria-expanded': 'false', text: t('reports.hide') });
  const redact = h('button', { type: 'button', class: 'btn danger', 'aria-expanded': 'false', text: t('reports.redact') });
  const row = h('div', { class: 'actions' }, restore, hide, redact);
  const send = (body, said) => resolve(item, body, outcome, () => { announce(said); reload(); });
  restore.addEventListener('click', () => send({ action: 'restore' }, t('reports.restored')));
  const toggle = (button, other, panel) => {
    const opening = button.getAttribute('aria-expanded') === 'false';
    button.setAttribute('aria-expanded', String(opening));
    other.setAttribute('aria-expanded', 'false');
    clear(outcome, opening ? panel() : null);
    if (opening) outcome.querySelector('textarea, input')?.focus();
  };
  hide.addEventListener('click', () => toggle(hide, redact, () => hidePanel(send)));
  redact.addEventListener('click', () => toggle(redact, hide, () => redactPanel(item, send)));
  return row;
}

function hidePanel(send) {
  const id = uid(), problem = uid();
  const reason = h('textarea', { id, rows: 2, maxlength: 1000, 'aria-required': 'true', 'aria-describedby': problem });
  const error = h('p', { id: problem, class: 'error' });
  const form = h('form', { class: 'stack' },
    h('label', { for: id, text: t('reports.hide_reason') }), reason, error,
    h('button', { type: 'submit', class: 'btn primary', text: t('reports.hide_confirm') }));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!reason.value.trim()) {
      reason.setAttribute('aria-invalid', 'true');
      error.textContent = t('reports.hide_reason_needed');
      reason.focus();
      return;
    }
    send({ action: 'hide', reason: reason.value.trim() }, t('reports.hidden'));
  });
  return form;
}

// The handler marks the passage in a read-only copy of the field (by touch, mouse or
// Shift and the arrow keys); the server gets the marked text, since the browser counts
// offsets in UTF-16 units and the server in characters. A photo goes whole.
function redactPanel(item, send) {
  const { idea, comment } = item;
  const fields = comment ? [['body', comment.body]]
    : [['title', idea.title], ['description', idea.description]].filter(([, v]) => v);
  const panel = h('div', { class: 'stack' });
  for (const [field, value] of fields) {
    const id = uid(), hint = uid();
    const area = h('textarea', { id, rows: field === 'title' ? 2 : 4, readonly: true, 'aria-describedby': hint });
    area.value = value;
    const remove = h('button', { type: 'button', class: 'btn danger', text: t(`reports.redact_selected.${field}`) });
    remove.addEventListener('click', () => {
      const { selectionStart: start, selectionEnd: end } = area;
      if (!(end > start) || !area.value.slice(start, end).trim()) { announce(t('reports.select_first')); area.focus(); return; }
      send({ action: 'redact', field, text: area.value.slice(start, end) }, t('reports.redacted'));
    });
    panel.append(h('div', { class: 'field' },
      h('label', { for: id, text: t(`reports.field.${field}`) }),
      h('p', { id: hint, class: 'meta', text: t('reports.select_hint') }), area, remove));
  }
  if (!comment && idea.photos?.length) {
    panel.append(h('ul', { class: 'redact-photos' }, idea.photos.map((p, i) => h('li', {},
      h('img', { src: p.thumb_url, alt: t('reports.photo_n', { n: i + 1 }), width: p.width, height: p.height }),
      h('button', { type: 'button', class: 'btn danger', text: t('reports.redact_photo', { n: i + 1 }),
        onclick: () => send({ action: 'redact', field: 'photo', photo_id: p.id }, t('reports.redacted')) })))));
  }
  return panel;
}

async function resolve(item, body, outcome, then) {
  const error = h('p', { class: 'error', role: 'alert' });
  try {
    await api(`/reports/${item.id}/resolve`, { method: 'POST', body });
    then();
  } catch (err) {
    error.textContent = isOffline(err) ? t('reports.offline') : `${t('reports.failed')} ${err.message}`;
    outcome.append(error);
  }
}
