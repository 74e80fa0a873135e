// What the feed shows (my unit or everyone, newest or most voted), kept on
// this phone. Known before the feed screen loads, so the app can ask for the
// feed's first page while it is still finding out who is signed in.
const KEY = 'gnista.feed';

export const feedChoice = () => ({ scope: 'unit', sort: 'new', ...JSON.parse(localStorage.getItem(KEY) || '{}') });
export const saveFeedChoice = ({ scope, sort }) => localStorage.setItem(KEY, JSON.stringify({ scope, sort }));
// The same path idea-list.js asks for, so an early request can stand in for it.
export const feedPath = ({ scope, sort }) => `/ideas?${new URLSearchParams({ scope, sort })}`;
