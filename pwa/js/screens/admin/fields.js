// Form parts the administration screens share: labelled fields, unit choices
// and the message shown when a request fails.
import { h, uid } from '../../dom.js';
import { t } from '../../i18n.js';
import { isOffline } from '../../api.js';

export const ROLES = ['staff', 'handler', 'admin'];

export const problem = (err) => (isOffline(err) ? t('offline.needs_network') : err.message);

export function field(labelText, control, hint) {
  const id = control.id || (control.id = uid());
  const hintId = hint ? uid('hint') : null;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field' }, h('label', { for: id, text: labelText }),
    hint ? h('p', { class: 'note', id: hintId, text: hint }) : null, control);
}

export function check(labelText, input) {
  input.id = input.id || uid();
  return h('div', { class: 'field check' }, input, h('label', { for: input.id, text: labelText }));
}

export const numberInput = (value, { step = '1', min = '0', max } = {}) =>
  h('input', { type: 'number', inputmode: step === '1' ? 'numeric' : 'decimal', min, max, step, value: value ?? '' });

export function unitOptions(units, { selected, exclude = new Set(), blank } = {}) {
  const top = units.length ? units[0].depth : 0;
  const options = units.filter((u) => !exclude.has(u.id) && !u.archived)
    .map((u) => h('option', { value: u.id, selected: u.id === selected, text: `${'– '.repeat(u.depth - top)}${u.name}` }));
  return blank ? [h('option', { value: '', text: blank }), ...options] : options;
}
