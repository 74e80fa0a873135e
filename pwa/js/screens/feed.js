// The feed: ideas from my unit or the whole organisation, newest or most voted.
import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { feedChoice, saveFeedChoice } from '../feed-choice.js';
import ideaList from '../ui/idea-list.js';

function choice(name, options, value, onChange) {
  return h('fieldset', { class: 'segmented' },
    h('legend', { class: 'sr-only', text: t(`feed.${name}`) }),
    options.map((o) => h('label', {},
      h('input', { type: 'radio', name, value: o, checked: o === value, onchange: () => onChange(o) }),
      h('span', { text: t(`feed.${name}.${o}`) }))));
}

export default async function feed(view) {
  const state = feedChoice();
  const results = h('div', {});
  const show = () => {
    saveFeedChoice(state);
    const list = ideaList({ scope: state.scope, sort: state.sort });
    clear(results, list);
    return list.loaded;
  };
  view.append(
    h('h1', { tabindex: '-1', text: t('feed.title') }),
    h('div', { class: 'filters' },
      choice('scope', ['unit', 'org'], state.scope, (v) => { state.scope = v; show(); }),
      choice('sort', ['new', 'top'], state.sort, (v) => { state.sort = v; show(); })),
    results);
  // Done when the first ideas show, like the other screens that load data.
  await show();
}
