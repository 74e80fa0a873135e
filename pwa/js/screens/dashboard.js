// The dashboard for handlers and administrators: this year's ideas against
// the target, implemented improvements, time to answer, participation, a
// monthly chart and a comparison of units. Every chart is an SVG image with
// a title and description, and its numbers are in a table beside it.
import { h, uid, clear, append } from '../dom.js';
import { t, locale, loadPart } from '../i18n.js';
import { api, isOffline } from '../api.js';
import * as session from '../session.js';
import { isUuid } from '../router.js';
import { useStylesheet, svg, number, upTo, percent, duration, tableRegion } from '../ui/charts.js';
import categoryTable from '../ui/category-table.js';

const YEARS_BACK = 4;

function card(titleText, value, ...details) {
  return h('div', { class: 'stat card' },
    h('dt', { class: 'stat-title', text: titleText }),
    h('dd', { class: 'stat-value', text: value }),
    details.filter(Boolean).map((d) => h('dd', { class: 'stat-detail' }, d)));
}

function summary(s) {
  const none = t('dash.none');
  const target = s.target_ideas != null
    ? [h('progress', { max: Math.max(s.target_ideas, 1), value: Math.min(s.submitted, Math.max(s.target_ideas, 1)), 'aria-label': t('dash.progress_label') }),
      t('dash.progress', { submitted: number(s.submitted), target: number(s.target_ideas, 0) }),
      s.year_elapsed_share > 0 && s.year_elapsed_share < 1
        ? t('dash.pace', { expected: number(s.target_ideas * s.year_elapsed_share, 0) }) : null]
    : [t('dash.no_target')];
  return h('dl', { class: 'stats' },
    card(t('dash.per_employee'), s.per_employee == null ? none : number(s.per_employee, 2),
      s.target_per_employee != null ? t('dash.target_per_employee', { target: upTo(s.target_per_employee, 2) }) : null,
      ...target),
    card(t('dash.implemented'), number(s.implemented),
      s.implemented_share == null ? t('dash.nothing_decided')
        : t('dash.implemented_share', { share: percent(s.implemented_share), declined: number(s.declined) })),
    card(t('dash.acknowledge'), s.median_hours_to_acknowledge == null ? none : duration(s.median_hours_to_acknowledge),
      s.acknowledged_within_7_days_share == null ? null
        : t('dash.within_week', { share: percent(s.acknowledged_within_7_days_share) })),
    card(t('dash.participation'), s.participation == null ? none : percent(s.participation),
      t('dash.participants', { n: number(s.participants), headcount: number(s.headcount) })),
    // Follow-up of assigned ideas: on time this year, and overdue now.
    card(t('dash.on_time'), s.implemented_by_due_date_share == null ? none : percent(s.implemented_by_due_date_share),
      s.due ? t('dash.on_time_of', { n: number(s.implemented_by_due_date), due: number(s.due) }) : t('dash.nothing_due'),
      t('dash.overdue_now', { n: number(s.overdue) })));
}

function monthNames() {
  const format = new Intl.DateTimeFormat(locale(), { month: 'short', timeZone: 'UTC' });
  const long = new Intl.DateTimeFormat(locale(), { month: 'long', timeZone: 'UTC' });
  const narrow = new Intl.DateTimeFormat(locale(), { month: 'narrow', timeZone: 'UTC' });
  return Array.from({ length: 12 }, (_, m) => ({ short: format.format(Date.UTC(2000, m, 1)), long: long.format(Date.UTC(2000, m, 1)), narrow: narrow.format(Date.UTC(2000, m, 1)) }));
}

// A round top for the axis that halves into a whole number too.
function niceMax(value) {
  if (value <= 4) return 4;
  const step = 10 ** Math.floor(Math.log10(value));
  const m = Math.ceil(value / step);
  return (m % 2 && m > 1 ? m + 1 : m) * step;
}

// A chart drawn at the width it is shown at, one SVG unit to a CSS pixel, so
// its labels are the size the stylesheet gives them (a 360-unit drawing
// shrunk to a phone made 11 px labels 10 px), and drawn again when that
// width changes (a turned phone, zoom).
function fitted(draw) {
  const box = h('div', { class: 'chart-box' });
  let drawn = 0;
  const paint = () => {
    const width = Math.round(box.clientWidth) || 360;
    if (width !== drawn) { drawn = width; box.replaceChildren(draw(width)); }
  };
  new ResizeObserver(paint).observe(box);
  paint();
  return box;
}

// The size of the charts' text, from the stylesheet (.chart text), for the layout.
const textSize = () => parseFloat(getComputedStyle(document.documentElement).fontSize) * 0.875;

function monthlyDrawing(s, W) {
  const months = monthNames();
  const em = textSize();
  const H = 200 + em, left = em * 2.5, bottom = em * 1.8, top = em * 0.6;
  const max = niceMax(Math.max(...s.monthly.map((m) => Math.max(m.submitted, m.implemented)), 1));
  const plotH = H - top - bottom;
  const slot = (W - left) / 12;
  const y = (v) => top + plotH - (v / max) * plotH;
  const titleId = uid('chart'), descId = uid('chart');
  const busiest = s.monthly.reduce((a, b) => (b.submitted > a.submitted ? b : a));
  return svg('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, class: 'chart', role: 'img', 'aria-labelledby': `${titleId} ${descId}` },
    svg('title', { id: titleId }, t('dash.monthly.title', { year: s.year })),
    svg('desc', { id: descId }, t('dash.monthly.desc', {
      submitted: number(s.submitted), implemented: number(s.monthly.reduce((n, m) => n + m.implemented, 0)),
      month: months[busiest.month - 1].long, most: number(busiest.submitted) })),
    [0, max / 2, max].map((v) => svg('g', { class: 'grid' },
      svg('line', { x1: left, x2: W, y1: y(v), y2: y(v) }),
      svg('text', { x: left - 4, y: y(v) + em * 0.35, class: 'axis', 'text-anchor': 'end' }, number(v)))),
    s.monthly.map((m, i) => {
      const x = left + i * slot;
      const bw = (slot - 6) / 2;
      return svg('g', {},
        svg('rect', { class: 'bar-submitted', x: x + 2, y: y(m.submitted), width: bw, height: y(0) - y(m.submitted) }),
        svg('rect', { class: 'bar-implemented', x: x + 2 + bw + 2, y: y(m.implemented), width: bw, height: y(0) - y(m.implemented) }),
        svg('text', { class: 'axis', x: x + slot / 2, y: H - em * 0.4, 'text-anchor': 'middle' }, slot < em * 2.6 ? months[i].narrow : months[i].short));
    }));
}

function monthlyChart(s) {
  const months = monthNames();
  const chart = fitted((W) => monthlyDrawing(s, W));
  const legend = h('ul', { class: 'legend' },
    h('li', {}, h('span', { class: 'swatch swatch-submitted', 'aria-hidden': 'true' }), t('dash.submitted')),
    h('li', {}, h('span', { class: 'swatch swatch-implemented', 'aria-hidden': 'true' }), t('dash.implemented')));
  const table = h('table', {},
    h('caption', { text: t('dash.monthly.title', { year: s.year }) }),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: t('dash.month') }), h('th', { scope: 'col', text: t('dash.submitted') }), h('th', { scope: 'col', text: t('dash.implemented') }))),
    h('tbody', {}, s.monthly.map((m) => h('tr', {},
      h('th', { scope: 'row', text: months[m.month - 1].long }), h('td', { text: number(m.submitted) }), h('td', { text: number(m.implemented) })))));
  return h('section', { 'aria-labelledby': 'dash-monthly' },
    h('h2', { id: 'dash-monthly', text: t('dash.monthly.heading') }),
    h('figure', { class: 'chart-figure' }, chart, legend),
    h('details', { open: besideChart() }, h('summary', { text: t('dash.show_table') }), tableRegion(table)));
}

// At a desk each table shows open beside its chart (css/dashboard.css); on a phone it waits under it.
const besideChart = () => matchMedia('(min-width: 64rem)').matches;

function comparisonDrawing(units, W) {
  const em = textSize();
  const row = em * 3.2, top = 4;
  const H = top + units.length * row;
  const max = Math.max(...units.map((u) => Math.max(u.per_employee || 0, u.target_per_employee || 0)), 0.1);
  const x = (v) => (v / max) * (W - em * 4);
  const titleId = uid('chart'), descId = uid('chart');
  const best = units.reduce((a, b) => ((b.per_employee || 0) > (a.per_employee || 0) ? b : a));
  return svg('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, class: 'chart', role: 'img', 'aria-labelledby': `${titleId} ${descId}` },
    svg('title', { id: titleId }, t('dash.units.title')),
    svg('desc', { id: descId }, t('dash.units.desc', { n: units.length, best: best.name, value: number(best.per_employee || 0, 2) })),
    units.map((u, i) => {
      const y0 = top + i * row;
      const value = u.per_employee || 0;
      return svg('g', {},
        svg('text', { class: 'label', x: 0, y: y0 + em }, u.name),
        svg('rect', { class: 'bar-submitted', x: 0, y: y0 + em * 1.4, width: Math.max(x(value), 1), height: em }),
        u.target_per_employee != null
          ? svg('line', { class: 'target', x1: x(u.target_per_employee), x2: x(u.target_per_employee), y1: y0 + em * 1.2, y2: y0 + em * 2.6 }) : null,
        svg('text', { class: 'axis', x: Math.max(x(value), 1) + 4, y: y0 + em * 2.25 },
          u.per_employee == null ? t('dash.none') : number(u.per_employee, 2)));
    }));
}

function comparisonChart(s) {
  const units = s.units;
  if (!units.length) return null;
  const chart = fitted((W) => comparisonDrawing(units, W));
  const legend = h('ul', { class: 'legend' },
    h('li', {}, h('span', { class: 'swatch swatch-submitted', 'aria-hidden': 'true' }), t('dash.per_employee')),
    h('li', {}, h('span', { class: 'swatch swatch-target', 'aria-hidden': 'true' }), t('dash.target')));
  const none = t('dash.none');
  const cols = [
    ['submitted', (u) => number(u.submitted)],
    ['headcount', (u) => number(u.headcount)],
    ['per_employee', (u) => (u.per_employee == null ? none : number(u.per_employee, 2))],
    ['target', (u) => (u.target_per_employee == null ? none : upTo(u.target_per_employee, 2))],
    ['implemented', (u) => number(u.implemented)],
    ['implemented_share_short', (u) => (u.implemented_share == null ? none : percent(u.implemented_share))],
    ['acknowledge', (u) => (u.median_hours_to_acknowledge == null ? none : duration(u.median_hours_to_acknowledge))],
    ['within_week_short', (u) => (u.acknowledged_within_7_days_share == null ? none : percent(u.acknowledged_within_7_days_share))],
    ['participation', (u) => (u.participation == null ? none : percent(u.participation))],
    ['on_time_short', (u) => (u.implemented_by_due_date_share == null ? none : percent(u.implemented_by_due_date_share))],
    ['overdue_short', (u) => number(u.overdue)],
  ];
  const table = h('table', {},
    h('caption', { text: t('dash.units.title') }),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: t('dash.unit') }), cols.map(([k]) => h('th', { scope: 'col', text: t(`dash.${k}`) })))),
    h('tbody', {}, units.map((u) => h('tr', {}, h('th', { scope: 'row', text: u.name }), cols.map(([, f]) => h('td', { text: f(u) }))))));
  return h('section', { 'aria-labelledby': 'dash-units' },
    h('h2', { id: 'dash-units', text: t('dash.units.heading') }),
    h('figure', { class: 'chart-figure' }, chart, legend),
    h('details', { open: besideChart() }, h('summary', { text: t('dash.show_table') }), tableRegion(table)));
}

export default async function dashboard(view, { query }) {
  await loadPart('desk');
  useStylesheet('/css/dashboard.css');
  const me = session.user();
  const thisYear = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Stockholm' }).format(new Date()));
  const state = { unit: isUuid(query.get('unit')) ? query.get('unit') : '', year: Number(query.get('year')) || thisYear };

  const unitId = uid(), yearId = uid();
  const unitSelect = h('select', { id: unitId });
  const yearSelect = h('select', { id: yearId }, Array.from({ length: YEARS_BACK + 1 }, (_, i) => thisYear - i)
    .map((y) => h('option', { value: y, selected: y === state.year, text: y })));
  const status = h('p', { class: 'loading', role: 'status' });
  const body = h('div', { class: 'dashboard' });
  const csv = h('a', { class: 'btn', download: '', text: t('dash.download_csv') });

  append(view, [
    h('h1', { tabindex: '-1', text: t('dash.title') }),
    h('p', { class: 'lead', text: t('dash.intro') }),
    h('div', { class: 'filters' },
      h('div', { class: 'field' }, h('label', { for: unitId, text: t('dash.unit') }), unitSelect),
      h('div', { class: 'field' }, h('label', { for: yearId, text: t('dash.year') }), yearSelect)),
    status, body, h('p', { class: 'actions' }, csv), h('p', { class: 'note', text: t('dash.csv_note') }),
    h('p', {}, h('a', { href: '/admin', class: 'btn link', text: t(me.role === 'admin' ? 'dash.to_admin' : 'dash.to_invite') }))]);

  try {
    const { items } = await api('/units');
    const top = me.role === 'admin' ? t('dash.whole_org') : null;
    clear(unitSelect, items.map((u, i) => h('option', {
      value: i === 0 && me.role === 'admin' ? '' : u.id,
      selected: (state.unit || (me.role === 'admin' ? '' : me.unit?.id)) === (i === 0 && me.role === 'admin' ? '' : u.id),
      text: `${'– '.repeat(Math.max(0, u.depth - items[0].depth))}${i === 0 && top ? top : u.name}`,
    })));
  } catch (err) {
    unitSelect.disabled = true;
    status.textContent = isOffline(err) ? t('offline.needs_network') : err.message;
  }

  async function load() {
    const params = new URLSearchParams({ year: state.year });
    if (state.unit) params.set('unit_id', state.unit);
    csv.href = `/api/v1/stats.csv?${params}`;
    history.replaceState(null, '', `/dashboard?${new URLSearchParams({ year: state.year, ...(state.unit ? { unit: state.unit } : {}) })}`);
    status.className = 'loading';
    status.textContent = t('dash.loading');
    try {
      const s = await api(`/stats?${params}`);
      status.textContent = '';
      clear(body,
        h('h2', { text: t('dash.summary', { unit: s.organisation ? t('dash.whole_org') : s.unit.name, year: s.year }) }),
        summary(s), monthlyChart(s), comparisonChart(s), categoryTable(s));
    } catch (err) {
      status.className = 'error';
      status.textContent = isOffline(err) ? t('offline.needs_network') : `${t('error.load')} ${err.message}`;
    }
  }
  unitSelect.addEventListener('change', () => { state.unit = unitSelect.value; load(); });
  yearSelect.addEventListener('change', () => { state.year = Number(yearSelect.value); load(); });
  await load();
}
