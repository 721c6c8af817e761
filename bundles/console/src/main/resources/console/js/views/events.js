// The event log: the latest events read once, then new ones as the event stream records them, filtered here.
import {h, fill, badge, time} from '../dom.js';
import {get} from '../api.js';
import {showProblem} from '../ui.js';

const MAX_ROWS = 500;

export function eventsView(ctx) {
  const body = h('tbody', {});
  const typeFilter = h('input', {type: 'search', placeholder: 'Type, e.g. VM_ or SENSOR_', 'aria-label': 'Filter by event type'});
  const severityFilter = h('select', {'aria-label': 'Severity'}, ['', 'INFO', 'WARNING', 'ERROR'].map((s) => h('option', {value: s}, s || 'any severity')));
  const subjectFilter = h('input', {type: 'search', placeholder: 'Subject name or id', 'aria-label': 'Filter by subject'});
  const events = [];

  const subjectName = (e) => e.subjectType === 'vm' ? ctx.store.vms.get(e.subjectId)?.name
    : e.subjectType === 'host' ? ctx.store.hosts.get(e.subjectId)?.name : null;
  const matches = (e) => {
    const type = typeFilter.value.trim().toUpperCase();
    const subject = subjectFilter.value.trim().toLowerCase();
    return (!type || e.type.includes(type)) && (!severityFilter.value || e.severity === severityFilter.value)
      && (!subject || String(e.subjectId).toLowerCase().includes(subject) || String(subjectName(e) || '').toLowerCase().includes(subject));
  };
  const subjectLink = (e) => {
    const name = subjectName(e) || e.subjectId;
    if (e.subjectType === 'vm') return h('a', {href: `#/vms/${e.subjectId}`}, name);
    if (e.subjectType === 'host') return h('a', {href: `#/hosts/${e.subjectId}`}, name);
    return `${e.subjectType} ${e.subjectId}`;
  };
  const row = (e) => h('tr', {'data-testid': 'event-row', 'data-type': e.type, 'data-id': e.id},
    h('td', {}, time(e.time)), h('td', {}, badge(e.severity)), h('td', {}, e.type), h('td', {}, subjectLink(e)), h('td', {}, e.message));
  const redraw = () => fill(body, events.filter(matches).slice(0, MAX_ROWS).map(row));

  [typeFilter, subjectFilter].forEach((i) => i.addEventListener('input', redraw));
  severityFilter.addEventListener('change', redraw);
  const stop = ctx.live.onEvent((e) => {
    if (events.some((x) => x.id === e.id)) return;
    events.unshift(e);
    if (events.length > 5000) events.length = 5000;
    if (matches(e)) {
      body.prepend(row(e));
      while (body.rows.length > MAX_ROWS) body.deleteRow(-1);
    }
  });
  get('/events?limit=200').then((page) => {
    const seen = new Set(events.map((e) => e.id));
    events.push(...page.items.filter((e) => !seen.has(e.id)));
    events.sort((a, b) => b.id - a.id);
    redraw();
  }).catch(showProblem);
  return {
    el: h('div', {}, h('h2', {}, 'Events'), h('div', {class: 'filters'}, typeFilter, severityFilter, subjectFilter),
      h('table', {class: 'striped events'}, h('thead', {}, h('tr', {}, ['Time', 'Severity', 'Type', 'Subject', 'Message'].map((t) => h('th', {}, t)))), body)),
    dispose: stop,
  };
}
