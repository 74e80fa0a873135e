// The submitter's edit of their idea while it waits for its first answer:
// its title, description and photos. Loaded on the idea screen (ui/handling.js)
// for the submitter only; every change goes through the outbox.
import { h, uid, announce } from '../dom.js';
import { t } from '../i18n.js';
import { downscale } from '../photos.js';
import { addPhoto, editText, removePhoto } from '../outbox/idea-edits.js';
import { MAX_DESCRIPTION, MAX_PHOTOS, MAX_TITLE } from './idea-form.js';
import { waitingChip } from './status-chip.js';

export default function ideaEdit(idea, pending, { onQueued }) {
  const mine = pending.filter((e) => e.kind === 'edit');
  const text = mine.filter((e) => e.meta.text).pop()?.meta.text;
  const adding = mine.filter((e) => e.meta.photoAdded);
  const removing = new Set(mine.map((e) => e.meta.photoRemoved).filter(Boolean));
  const ids = { head: uid(), title: uid(), desc: uid(), err: uid(), pick: uid() };
  const title = h('input', { id: ids.title, type: 'text', maxlength: MAX_TITLE, autocomplete: 'off', value: (text ? text.title : idea.title) || '' });
  const desc = h('textarea', { id: ids.desc, rows: 5, maxlength: MAX_DESCRIPTION, required: true, 'aria-describedby': ids.err, value: text ? text.description : idea.description });
  const error = h('p', { id: ids.err, class: 'error', role: 'alert' });
  const left = MAX_PHOTOS - idea.photos.length + removing.size - adding.length;
  const picker = h('input', { id: ids.pick, type: 'file', accept: 'image/*', class: 'visually-hidden-input', disabled: left <= 0 });

  picker.addEventListener('change', async () => {
    const [file] = picker.files;
    picker.value = '';
    if (!file) return;
    try {
      await addPhoto(idea, await downscale(file), t('edit.label_photo_add'));
    } catch {
      error.textContent = t('edit.photo_failed');
      return;
    }
    announce(t('edit.photo_queued'));
    onQueued?.();
  });

  const photos = h('ul', { class: 'photos', 'aria-label': t('edit.photos') },
    idea.photos.map((p, i) => h('li', {},
      h('img', { src: p.thumb_url, alt: t('edit.photo_n', { n: i + 1 }), width: 96, height: 96 }),
      removing.has(p.id) ? h('span', { class: 'chip waiting', text: t('edit.removing') })
        : h('button', { type: 'button', class: 'btn small', 'aria-label': t('edit.remove_photo_n', { n: i + 1 }), text: t('edit.remove'),
          onclick: async () => {
            await removePhoto(idea, p, t('edit.label_photo_remove'));
            announce(t('edit.photo_removal_queued'));
            onQueued?.();
          } }))),
    adding.map((e) => h('li', {}, waitingChip())));

  const form = h('form', { class: 'card stack idea-edit', novalidate: true, 'aria-labelledby': ids.head },
    h('h2', { id: ids.head, text: t('edit.heading') }),
    h('p', { class: 'meta', text: t('edit.hint') }),
    h('div', { class: 'field' }, h('span', { class: 'label', text: t('edit.photos') }), photos,
      left > 0 ? h('label', { for: ids.pick, class: 'btn' }, t('edit.add_photo')) : h('p', { class: 'meta', text: t('edit.max_photos', { n: MAX_PHOTOS }) }), picker,
      adding.length ? h('p', { class: 'meta', text: t('edit.photos_waiting', { n: adding.length }) }) : null),
    h('div', { class: 'field' }, h('label', { for: ids.desc, text: t('edit.description') }), desc),
    h('div', { class: 'field' }, h('label', { for: ids.title, text: t('edit.title') }), title),
    text ? h('p', { class: 'meta' }, waitingChip(), ' ', t('edit.waiting_text')) : null,
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary', text: t('edit.save') })));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const next = { title: title.value.trim(), description: desc.value.trim() };
    if (!next.description) {
      error.textContent = t('edit.description_required');
      desc.setAttribute('aria-invalid', 'true');
      desc.focus();
      return;
    }
    const now = text || { title: idea.title || '', description: idea.description };
    if (next.title === (now.title || '') && next.description === now.description) { announce(t('edit.unchanged')); return; }
    await editText(idea, next, t('edit.label_text'));
    announce(t('edit.queued'));
    onQueued?.();
  });
  return form;
}
