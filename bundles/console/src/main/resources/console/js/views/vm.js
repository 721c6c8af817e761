// A VM: its state and actions, devices, resources, statistics, consoles, snapshots and the tasks about it.
import {h, fill, badge, facts, mb, time} from '../dom.js';
import {get, post, del, seg} from '../api.js';
import {act, buttonBar, section, taskTable, followTasks, throttle} from '../ui.js';
import {timeChart} from '../chart.js';
import {byName} from '../store.js';

const ACTIONS = [
  ['start', 'Start', ['STOPPED', 'CRASHED', 'SHUTOFF']],
  ['shutdown', 'Shut down', ['RUNNING']],
  ['reboot', 'Reboot', ['RUNNING']],
  ['reset', 'Reset', ['RUNNING']],
  ['suspend', 'Suspend', ['RUNNING']],
  ['resume', 'Resume', ['PAUSED', 'SUSPENDED']],
  ['poweroff', 'Power off', ['RUNNING', 'PAUSED', 'SUSPENDED', 'CRASHED']],
];

export function vmView(ctx, id) {
  const {store} = ctx;
  // The heading stays one element while drawn again: the view's focus goes to it (app.js) and would be lost.
  const heading = h('h2', {}, 'VM');
  const head = h('div', {class: 'title'}, heading);
  const actions = buttonBar(ctx);
  const about = h('div');
  const devices = h('div');
  const stats = h('div', {class: 'charts'});
  const consoles = h('div');
  const snapshots = h('div');
  const migrate = h('div');
  const tasks = taskTable(false);
  const el = h('div', {class: 'vm'}, head, actions.el, about, section('Devices', devices), section('Statistics', stats),
    section('Consoles', consoles), section('Snapshots', snapshots), migrate, section('Tasks', tasks));

  function draw() {
    const vm = store.vms.get(id);
    if (!vm) {
      fill(heading, 'VM');
      fill(about, h('p', {}, store.loaded ? 'This VM does not exist (or is not yours to see).' : 'Loading…'));
      return;
    }
    fill(heading, vm.name, ' ', badge(vm.state, 'vm-state'));
    // A pool made after the inventory was read: asked for alone.
    if (vm.poolId && !store.pools.has(vm.poolId) && store.loaded) store.refresh('pool', vm.poolId);
    // Every action stays offered: the API says why one does not apply now, in its own words.
    actions.update([...ACTIONS.map(([op, label, states]) => ({
      action: op, label, secondary: !states.includes(vm.state), run: () => post(`/vms/${seg(id)}/actions/${op}`),
    })), {
      action: 'delete', label: 'Delete', secondary: true, run: () => del(`/vms/${seg(id)}`),
      confirm: `Delete VM ${vm.name}? Its definition is removed from the host.`,
    }]);
    const spec = vm.spec || {};
    const r = spec.resources || {};
    fill(about, facts([
      ['Host', store.platform ? h('a', {href: `#/hosts/${vm.hostId}`}, store.hostName(vm.hostId)) : null],
      ['Pool', vm.poolId ? store.pools.get(vm.poolId)?.name || vm.poolId : null],
      ['vCPUs', vm.cpus],
      ['Memory', mb(vm.memoryMb)],
      ['Guest', spec.guestMode],
      ['Boot order', (spec.bootOrder || []).join(', ')],
      ['CPU shares', r.cpuShares],
      ['CPU limit', r.cpuLimitPercent != null ? `${r.cpuLimitPercent} %` : null],
      ['CPU reservation', r.cpuReservationPercent != null ? `${r.cpuReservationPercent} %` : null],
      ['Memory limit', mb(r.memoryLimitMb)],
      ['Memory reservation', mb(r.memoryReservationMb)],
      ['State since', time(vm.stateChanged)],
      ['Template', vm.template ? 'yes' : null],
      ['Managed by Strata', vm.managed ? 'yes' : 'no (found on the host)'],
    ]));
    const table = (title, heads, rows) => rows.length === 0 ? null : h('table', {class: 'striped'}, h('caption', {}, title),
      h('thead', {}, h('tr', {}, heads.map((t) => h('th', {}, t)))), h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((c) => h('td', {}, c ?? ''))))));
    fill(devices,
      table('Disks', ['Target', 'Device', 'Bus', 'Format', 'Source', 'Read-only'], (spec.disks || []).map((d) => [d.target, d.device, d.bus, d.format, d.source, d.readOnly ? 'yes' : 'no'])),
      table('Network cards', ['MAC', 'Attachment', 'Source', 'Model'], (spec.nics || []).map((n) => [n.mac, n.attachment, n.source, n.model])),
      table('PCI devices', ['Address'], (spec.pciDevices || []).map((p) => [typeof p === 'string' ? p : JSON.stringify(p)])),
      spec.graphics ? h('p', {}, `Graphics: ${spec.graphics.type}${spec.graphics.listen ? ' on ' + spec.graphics.listen : ''}`) : null,
      spec.serialConsole ? h('p', {}, 'Serial console: yes') : null);
    if (store.platform) drawMigrate(vm);
  }

  let migrateDrawnFor = null;
  function drawMigrate(vm) {
    const host = store.hosts.get(vm.hostId);
    const targets = [...store.hosts.values()].filter((x) => x.id !== vm.hostId && x.kind === 'HYPERVISOR' && (!host || x.driverId === host.driverId)).sort(byName);
    // Drawn again only when the hosts offered change: a redraw would reset the destination being chosen.
    const drawnFor = JSON.stringify(targets.map((t) => [t.id, t.name, t.state]));
    if (drawnFor === migrateDrawnFor) return;
    migrateDrawnFor = drawnFor;
    const chosen = migrate.querySelector('select')?.value;
    const select = h('select', {name: 'target', 'aria-label': 'Destination host'}, targets.map((t) => h('option', {value: t.id}, `${t.name} (${t.state})`)));
    const button = h('button', {type: 'submit', 'data-action': 'migrate'}, 'Migrate');
    fill(migrate, section('Migrate',
      targets.length === 0 ? h('p', {class: 'muted'}, 'No other host of this driver.')
        : h('form', {class: 'inline', onsubmit: (e) => { e.preventDefault(); act(ctx, button, () => post(`/vms/${seg(id)}/migrate`, {targetHostId: select.value})); }},
          h('label', {}, 'Live-migrate to ', select), button)));
    if (chosen && targets.some((t) => t.id === chosen)) select.value = chosen;
  }

  async function drawExtras() {
    const since = encodeURIComponent(new Date(Date.now() - 3600e3).toISOString());
    const [samples, where, snaps] = await Promise.all([
      get(`/vms/${seg(id)}/stats?from=${since}`).catch((e) => ({error: e})),
      get(`/vms/${seg(id)}/consoles`).catch((e) => ({error: e})),
      get(`/vms/${seg(id)}/snapshots`).catch((e) => ({error: e})),
    ]);
    fill(stats, samples.error ? h('p', {class: 'muted'}, samples.error.message) : [
      timeChart('CPU', samples, [{label: 'CPU', unit: '%', value: (s) => s.cpuPercent}], {range: [0, 100]}),
      timeChart('Memory', samples, [{label: 'used', unit: 'MiB', value: (s) => s.memoryUsedMb}])]);
    fill(consoles, where.error ? h('p', {class: 'muted'}, where.error.message)
      : where.length === 0 ? h('p', {class: 'muted'}, 'None.')
      : h('ul', {}, where.map((c) => h('li', {}, `${c.type}: `, h('code', {}, c.address)))));
    const nameInput = h('input', {name: 'name', required: true, pattern: '[A-Za-z0-9._-]{1,64}', placeholder: 'before-upgrade', 'aria-label': 'Snapshot name'});
    const take = h('button', {type: 'submit', 'data-action': 'snapshot'}, 'Take snapshot');
    fill(snapshots,
      snaps.error ? h('p', {class: 'muted'}, snaps.error.message)
        : snaps.length === 0 ? h('p', {class: 'muted'}, 'None.')
        : h('table', {class: 'striped'}, h('thead', {}, h('tr', {}, ['Name', 'Parent', 'Taken', 'State', 'Memory', ''].map((t) => h('th', {}, t)))),
          h('tbody', {}, snaps.map((s) => h('tr', {'data-snapshot': s.name},
            h('td', {}, s.name + (s.current ? ' (current)' : '')), h('td', {}, s.parent || ''), h('td', {}, time(s.created)), h('td', {}, s.state || ''),
            h('td', {}, s.withMemory ? 'yes' : 'no'),
            h('td', {}, h('button', {type: 'button', class: 'secondary small', onclick: (e) => act(ctx, e.target, () => post(`/vms/${seg(id)}/snapshots/${seg(s.name)}/revert`))}, 'Revert'), ' ',
              h('button', {type: 'button', class: 'secondary small', onclick: (e) => act(ctx, e.target, () => del(`/vms/${seg(id)}/snapshots/${seg(s.name)}`))}, 'Delete')))))),
      h('form', {class: 'inline', onsubmit: (e) => { e.preventDefault(); act(ctx, take, () => post(`/vms/${seg(id)}/snapshots`, {name: nameInput.value})); }}, nameInput, take));
  }

  const redraw = throttle(draw, 200);
  const unsubscribe = store.subscribe((kind, changed) => { if (kind === 'all' || kind === 'vms' || changed === id || kind === 'host' || kind === 'pool') redraw(); });
  const extrasAgain = throttle(drawExtras, 2000);
  const stopEvents = ctx.live.onEvent((event) => { if (event.subjectId === id && event.type.startsWith('VM_SNAPSHOT')) extrasAgain(); });
  const stopTasks = followTasks(ctx, tasks, (t) => t.targetId === id, {target: false});
  draw();
  drawExtras();
  // Read again now: the list may be older than this page.
  store.refresh('vm', id);
  return {el, dispose: () => { unsubscribe(); stopEvents(); stopTasks(); }};
}
