// What arrives by itself: recorded events (GET /api/v1/events/stream) and task changes (GET /api/v1/tasks/stream).
// Both streams need a platform role; a user scoped to tenants gets 403, and the console then polls its VMs and the
// tasks it started instead.
import {BASE, get, seg} from './api.js';
import {follow} from './sse.js';

export class Live {
  constructor(store, status) {
    this.store = store;
    this.status = status;
    this.eventListeners = new Set();
    this.taskListeners = new Set();
    this.tasks = new Map(); // task id -> newest task seen
    this.stops = [];
    this.states = {events: 'connecting', tasks: 'connecting'};
    this.polling = null;
  }

  onEvent(fn) { this.eventListeners.add(fn); return () => this.eventListeners.delete(fn); }
  onTask(fn) { this.taskListeners.add(fn); return () => this.taskListeners.delete(fn); }

  start() {
    this.stops.push(follow(`${BASE}/events/stream`, (m) => this.event(m), (s, d, code) => this.state('events', s, d, code)));
    this.stops.push(follow(`${BASE}/tasks/stream`, (m) => this.task(m), (s, d, code) => this.state('tasks', s, d, code)));
  }

  stop() {
    this.stops.forEach((stop) => stop());
    if (this.polling) clearInterval(this.polling);
  }

  /** A task the page started or read: followed by polling while it runs when the task stream is refused. */
  track(task) {
    this.taskChanged(task);
    if (this.states.tasks !== 'refused' || task.state === 'SUCCEEDED' || task.state === 'FAILED' || task.state === 'CANCELLED') return;
    const poll = async () => {
      try {
        const now = await get(`/tasks/${seg(task.id)}`);
        this.taskChanged(now);
        if (now.state === 'QUEUED' || now.state === 'RUNNING') setTimeout(poll, 1000);
      } catch (e) { /* gone or refused: stop following */ }
    };
    setTimeout(poll, 500);
  }

  event(message) {
    let event;
    try { event = JSON.parse(message.data); } catch (e) { return; }
    // The objects an event is about are read again, so every view shows their new state.
    if (event.subjectType === 'vm') this.store.refresh('vm', event.subjectId);
    else if (event.subjectType === 'host') this.store.refresh('host', event.subjectId);
    else if (event.subjectType === 'cluster') this.store.refresh('cluster', event.subjectId);
    else if (event.subjectType === 'driver') this.store.reloadDrivers().catch(() => {});
    if (/^VM_(DEFINE|DISCOVERED|CLONED|VANISHED|STALE)/.test(event.type)) this.store.reloadVms().catch(() => {});
    for (const fn of this.eventListeners) fn(event);
  }

  task(message) {
    if (message.event !== 'task') return;
    try { this.taskChanged(JSON.parse(message.data)); } catch (e) { /* not a task */ }
  }

  taskChanged(task) {
    const known = this.tasks.get(task.id);
    // Messages of a task can cross (a poll and the stream): never go back from an end or to a lower progress.
    if (known && isDone(known) && !isDone(task)) return;
    this.tasks.set(task.id, task);
    if (task.targetType === 'vm' && isDone(task)) this.store.refresh('vm', task.targetId);
    for (const fn of this.taskListeners) fn(task);
  }

  state(stream, state, detail, code) {
    this.states[stream] = state;
    if (state === 'refused' && code === 403 && stream === 'events' && !this.polling) {
      // Scoped to tenants: no stream of the platform's events; the VM list is read again every 5 s.
      this.polling = setInterval(() => this.store.reloadVms().catch(() => {}), 5000);
    }
    const {events, tasks} = this.states;
    const text = events === 'live' && tasks === 'live' ? 'live'
      : events === 'refused' ? 'updating every 5 s'
      : events === 'retrying' || tasks === 'retrying' ? 'reconnecting…' : events;
    this.status.textContent = text;
    this.status.dataset.state = text === 'live' ? 'live' : 'degraded';
  }
}

export const isDone = (task) => task.state === 'SUCCEEDED' || task.state === 'FAILED' || task.state === 'CANCELLED';
