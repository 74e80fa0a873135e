// A titled section of an information page: a string becomes a paragraph,
// an array of strings a bulleted list, anything else is appended as it is.
import { h } from '../dom.js';

export default function infoSection(id, heading, ...content) {
  return h('section', { 'aria-labelledby': id, class: 'info' },
    h('h2', { id, text: heading }),
    content.map((c) => (typeof c === 'string' ? h('p', { text: c })
      : Array.isArray(c) ? h('ul', {}, c.map((text) => h('li', { text }))) : c)));
}
