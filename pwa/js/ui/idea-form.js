// The fields of an idea: photos first (camera), description, optional title,
// and "show my name only to handlers". Used to submit and to edit a
// rejected idea still in the outbox.
import { h, uid, announce } from '../dom.js';
import { t } from '../i18n.js';
import { downscale, previewUrl } from '../photos.js';

export const MAX_PHOTOS = 4;
export const MAX_DESCRIPTION = 4000;
export const MAX_TITLE = 120;

export default function ideaForm({ initial = {}, submitLabel, onSubmit }) {
  const photos = [...(initial.photos || [])];
  let preparing = 0;
  const ids = { desc: uid(), title: uid(), anon: uid(), err: uid(), camera: uid(), library: uid() };

  const gallery = h('ul', { class: 'photos', 'aria-label': t('submit.photos') });
  const busy = h('p', { class: 'note', role: 'status' });
  const camera = h('input', { id: ids.camera, type: 'file', accept: 'image/*', capture: 'environment', class: 'visually-hidden-input' });
  const library = h('input', { id: ids.library, type: 'file', accept: 'image/*', multiple: true, class: 'visually-hidden-input' });
  const pickers = h('div', { class: 'pickers' },
    camera, h('label', { for: ids.camera, class: 'btn primary big' }, h('span', { 'aria-hidden': 'true', class: 'btn-icon icon-camera' }), t('submit.take_photo')),
    library, h('label', { for: ids.library, class: 'btn' }, t('submit.choose_photo')));
  const desc = h('textarea', { id: ids.desc, name: 'description', required: true, maxlength: MAX_DESCRIPTION, rows: 5, 'aria-describedby': ids.err });
  desc.value = initial.description || '';
  const title = h('input', { id: ids.title, name: 'title', type: 'text', maxlength: MAX_TITLE, autocomplete: 'off' });
  title.value = initial.title || '';
  const anon = h('input', { id: ids.anon, name: 'anonymous', type: 'checkbox', checked: !!initial.anonymous });
  const error = h('p', { id: ids.err, class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'btn primary big', text: submitLabel });
  // The optional category is a lazy module: the form works the same without it.
  const category = h('div', {});
  import('./category-pick.js').then((m) => m.default(category, initial.category_id), () => {});

  function paint() {
    gallery.replaceChildren(...photos.map((p, i) => h('li', {},
      h('img', { src: p.url ||= previewUrl(p), alt: t('submit.photo_n', { n: i + 1 }), width: 96, height: 96 }),
      h('button', { type: 'button', class: 'btn small', 'aria-label': t('submit.remove_photo_n', { n: i + 1 }), text: t('submit.remove'),
        onclick: () => { photos.splice(i, 1); paint(); announce(t('submit.photo_removed')); } }))));
    const full = photos.length + preparing >= MAX_PHOTOS;
    camera.disabled = library.disabled = full;
    pickers.classList.toggle('disabled', full);
    busy.textContent = preparing ? t('submit.preparing') : full ? t('submit.max_photos', { n: MAX_PHOTOS }) : '';
  }

  async function add(input) {
    const files = [...input.files].slice(0, MAX_PHOTOS - photos.length - preparing);
    input.value = '';
    preparing += files.length;
    paint();
    for (const file of files) {
      try {
        photos.push(await downscale(file));
        announce(t('submit.photo_added'));
      } catch {
        error.textContent = t('submit.photo_failed');
      }
      preparing -= 1;
      paint();
    }
  }
  camera.addEventListener('change', () => add(camera));
  library.addEventListener('change', () => add(library));

  const form = h('form', { class: 'stack', novalidate: true },
    h('div', { class: 'field' }, h('span', { class: 'label', text: t('submit.photos') }), pickers, gallery, busy),
    h('div', { class: 'field' }, h('label', { for: ids.desc, text: t('submit.description') }), desc),
    h('div', { class: 'field' }, h('label', { for: ids.title, text: t('submit.title_optional') }), title),
    category,
    h('div', { class: 'field check' }, anon, h('label', { for: ids.anon, text: t('submit.anonymous') })),
    error, submit);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    if (preparing) { error.textContent = t('submit.wait_photos'); return; }
    if (!desc.value.trim()) {
      error.textContent = t('submit.description_required');
      desc.setAttribute('aria-invalid', 'true');
      desc.focus();
      return;
    }
    submit.disabled = true;
    try {
      await onSubmit({ title: title.value.trim(), description: desc.value.trim(), anonymous: anon.checked, category_id: form.elements.category_id?.value, photos: photos.map(({ data, type }) => ({ data, type })) });
    } finally {
      submit.disabled = false;
    }
  });
  paint();
  return form;
}
