// Building the page from data without innerHTML: every string from the API becomes a text node, so nothing it
// holds can turn into markup or script (and the page's Content-Security-Policy allows no inline script anyway).

/** An element: h('a', {href: '#/x', 'data-id': id, onclick: fn, class: 'c'}, 'text', otherElement, [more]). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'value' && 'value' in el) {
      el.value = value;
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces what el holds. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return h('time', {datetime: iso, title: iso}, d.toLocaleString());
}

export function mb(value) {
  if (value === null || value === undefined) return '';
  return value >= 1024 ? (value / 1024).toFixed(value % 1024 ? 1 : 0) + ' GiB' : value + ' MiB';
}

/** A state as a badge whose class says how it is (ok, busy, bad, off), for colour; the text says it for everyone. */
export function badge(state, testid) {
  const s = String(state || 'UNKNOWN');
  const tone = /RUNNING|AVAILABLE|SUCCEEDED|NORMAL|^ON$|OK/.test(s) ? 'ok'
    : /FAIL|ERROR|CRITICAL|NON_RECOVERABLE|UNREACHABLE|CRASHED|UNAVAILABLE|AUTHENTICATION/.test(s) ? 'bad'
    : /QUEUED|PENDING|MIGRAT|STARTING|STOPPING|WARNING|NON_CRITICAL|ENTERING|PAUSED|SUSPENDED/.test(s) ? 'busy'
    : 'off';
  return h('span', {class: 'badge ' + tone, 'data-testid': testid}, s);
}

/** A link to an object's page. */
export function link(href, text) {
  return h('a', {href}, text);
}

/** A definition list from [label, value] pairs; empty values are left out. */
export function facts(pairs) {
  return h('dl', {class: 'facts'}, pairs
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

/** A progress bar with its percent as text for screen readers and tests. */
export function progress(task) {
  return h('progress', {
    'data-testid': 'task-progress', max: 100, value: task.progress ?? 0,
    'aria-label': `${task.operation} ${task.progress ?? 0}%`,
  });
}
