// What every view shares: problems shown in the API's words, actions that become tasks, throttled redraws.
import {h, fill, badge, progress, time} from './dom.js';
import {ApiError, post, seg} from './api.js';
import {isDone} from './live.js';

/** Shows an API refusal or failure where the user looks (role=alert: screen readers say it at once). */
export function showProblem(error, where = document.getElementById('problems')) {
  const detail = error instanceof ApiError ? error.message : String(error && error.message || error);
  const title = error instanceof ApiError && error.problem.title ? `${error.problem.title} (${error.status})` : 'Error';
  const box = h('div', {class: 'problem', role: 'alert', 'data-testid': 'problem'},
    h('strong', {}, title + ': '), h('span', {'data-testid': 'problem-detail'}, detail),
    h('button', {class: 'close', type: 'button', 'aria-label': 'Dismiss', onclick: () => box.remove()}, '×'));
  where.prepend(box);
  return box;
}

export function clearProblems() {
  document.getElementById('problems').replaceChildren();
}

/**
 * Runs a call that answers a task (202) or an object; a task is handed to live to follow. Buttons are disabled
 * while the request is in flight. A refusal is shown with the API's problem.
 */
export async function act(ctx, button, call) {
  if (button) button.disabled = true;
  try {
    const answer = await call();
    if (answer && answer.id && answer.operation && answer.state) ctx.live.track(answer);
    return answer;
  } catch (e) {
    showProblem(e);
    return null;
  } finally {
    if (button) button.disabled = false;
  }
}

/**
 * A row of buttons that stay the same elements while their view is drawn again: a live event can draw a page again
 * several times a second, and a button replaced between the press and the release of a click loses the click (and
 * the keyboard focus). update() takes the actions offered now, each {action, label, secondary, run, confirm, after};
 * a button is made the first time its action is offered, changed in place after that and removed when no longer
 * offered. A click runs the action's latest run, so it never acts on what an older draw knew.
 */
export function buttonBar(ctx) {
  const el = h('div', {class: 'actions'});
  const buttons = new Map();
  const offered = new Map();
  const press = (action, button) => {
    const spec = offered.get(action);
    if (!spec || (spec.confirm && !confirm(spec.confirm))) return;
    act(ctx, button, spec.run).then((answer) => { if (spec.after) spec.after(answer); });
  };
  const update = (specs) => {
    offered.clear();
    specs.forEach((spec, index) => {
      offered.set(spec.action, spec);
      let button = buttons.get(spec.action);
      if (!button) {
        button = h('button', {type: 'button', 'data-action': spec.action});
        button.addEventListener('click', () => press(spec.action, button));
        buttons.set(spec.action, button);
      }
      if (button.textContent !== spec.label) button.textContent = spec.label;
      button.classList.toggle('secondary', Boolean(spec.secondary));
      if (el.children[index] !== button) el.insertBefore(button, el.children[index] || null);
    });
    for (const [action, button] of buttons) {
      if (!offered.has(action)) { button.remove(); buttons.delete(action); }
    }
  };
  return {el, update};
}

/** fn at most every ms, and once more after the last call. */
export function throttle(fn, ms = 250) {
  let timer = null;
  let again = false;
  return (...args) => {
    if (timer) { again = true; return; }
    fn(...args);
    timer = setTimeout(() => { timer = null; if (again) { again = false; fn(...args); } }, ms);
  };
}

/** A task as a row: operation, target, progress bar, state, message, cancel. */
export function taskRow(ctx, task, {target = true} = {}) {
  const cancel = !isDone(task)
    ? h('button', {type: 'button', class: 'secondary small', 'data-action': 'cancel', onclick: (e) =>
        act(ctx, e.target, () => post(`/tasks/${seg(task.id)}/cancel`))}, 'Cancel')
    : null;
  return h('tr', {'data-testid': 'task-row', 'data-id': task.id, 'data-state': task.state},
    h('td', {}, task.operation),
    target ? h('td', {}, targetLink(ctx, task)) : null,
    h('td', {}, progress(task), ' ', h('span', {class: 'pct'}, `${task.progress ?? 0}%`)),
    h('td', {}, badge(task.state, 'task-state')),
    h('td', {class: 'message'}, task.errorMessage || task.message || ''),
    h('td', {}, time(task.created)),
    h('td', {}, task.principal || ''),
    h('td', {}, cancel));
}

export function taskTable(target = true) {
  return h('table', {class: 'tasks striped'},
    h('thead', {}, h('tr', {}, h('th', {}, 'Operation'), target ? h('th', {}, 'Target') : null, h('th', {}, 'Progress'),
      h('th', {}, 'State'), h('th', {}, 'Message'), h('th', {}, 'Created'), h('th', {}, 'By'), h('th', {}, h('span', {class: 'visually-hidden'}, 'Actions')))),
    h('tbody', {}));
}

/** Keeps a task table current: rows replaced in place, new tasks on top; filter picks the tasks it shows. */
export function followTasks(ctx, table, filter, options) {
  const body = table.tBodies[0];
  const put = (task) => {
    if (!filter(task)) return;
    const row = taskRow(ctx, task, options);
    const old = body.querySelector(`tr[data-id="${CSS.escape(task.id)}"]`);
    if (!old) { body.prepend(row); return; }
    // Changed in place, cell by cell, keeping its Cancel button while the task can be cancelled: progress arrives
    // many times a second, and a button replaced under the pointer loses the click.
    old.dataset.state = task.state;
    const last = row.cells.length - 1;
    for (let i = 0; i < last; i++) old.cells[i].replaceChildren(...row.cells[i].childNodes);
    if (isDone(task) || !old.cells[last].firstChild) old.cells[last].replaceChildren(...row.cells[last].childNodes);
  };
  const all = () => {
    for (const task of [...ctx.live.tasks.values()].sort((a, b) => String(a.created).localeCompare(String(b.created)))) put(task);
  };
  all();
  const stopTasks = ctx.live.onTask(put);
  // Targets are named once the inventory is known.
  const stopStore = ctx.store.subscribe((kind) => { if (kind === 'all') all(); });
  return () => { stopTasks(); stopStore(); };
}

function targetLink(ctx, task) {
  if (task.targetType === 'vm') {
    const vm = ctx.store.vms.get(task.targetId);
    return h('a', {href: `#/vms/${task.targetId}`}, vm ? vm.name : task.targetId);
  }
  if (task.targetType === 'host') return h('a', {href: `#/hosts/${task.targetId}`}, ctx.store.hostName(task.targetId));
  return `${task.targetType} ${task.targetId || ''}`;
}

/** A section with a heading, for the pages. */
export function section(title, ...content) {
  return h('section', {}, h('h3', {}, title), ...content);
}

export {fill};
