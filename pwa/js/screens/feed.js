// The feed: ideas from my unit or the whole organisation, newest or most voted.
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import ideaList from '../ui/idea-list.js';

const KEY = 'gnista.feed';

function choice(name, options, value, onChange) {
  return h('fieldset', { class: 'segmented' },
    h('legend', { class: 'sr-only', text: t(`feed.${name}`) }),
    options.map((o) => h('label', {},
      h('input', { type: 'radio', name, value: o, checked: o === value, onchange: () => onChange(o) }),
      h('span', { text: t(`feed.${name}.${o}`) }))));
}

export default async function feed(view) {
  const state = { scope: 'unit', sort: 'new', ...JSON.parse(localStorage.getItem(KEY) || '{}') };
  const results = h('div', {});
  const show = () => {
    localStorage.setItem(KEY, JSON.stringify(state));
    clear(results, ideaList({ scope: state.scope, sort: state.sort }));
  };
  view.append(
    h('h1', { tabindex: '-1', text: t('feed.title') }),
    h('div', { class: 'filters' },
      choice('scope', ['unit', 'org'], state.scope, (v) => { state.scope = v; show(); }),
      choice('sort', ['new', 'top'], state.sort, (v) => { state.sort = v; show(); })),
    results);
  show();
}
