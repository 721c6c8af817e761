// Every task, newest first: the latest hundred read once, then each change as the task stream sends it.
import {h} from '../dom.js';
import {get} from '../api.js';
import {taskTable, followTasks, showProblem} from '../ui.js';

export function tasksView(ctx) {
  const table = taskTable(true);
  const stateFilter = h('select', {'aria-label': 'Task state'},
    ['', 'QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'].map((s) => h('option', {value: s}, s || 'any state')));
  let stop = () => {};
  async function load() {
    stop();
    table.tBodies[0].replaceChildren();
    const state = stateFilter.value;
    try {
      const page = await get(`/tasks?limit=100${state ? `&state=${state}` : ''}`);
      page.items.reverse().forEach((t) => ctx.live.taskChanged(t));
    } catch (e) {
      if (e.status === 403) table.replaceWith(h('p', {}, 'The task list is the platform\'s: your tasks show on your VMs\' pages.'));
      else showProblem(e);
    }
    stop = followTasks(ctx, table, (t) => !state || t.state === state);
  }
  stateFilter.addEventListener('change', load);
  load();
  return {el: h('div', {}, h('div', {class: 'title'}, h('h2', {}, 'Tasks'), stateFilter), table), dispose: () => stop()};
}
