// A host: what it reported about itself, its VMs, statistics; for a machine with a BMC its power, sensors (with
// thresholds and history) and event log; maintenance mode through its cluster.
import {h, fill, badge, facts, mb, time} from '../dom.js';
import {get, post, del, seg, ApiError} from '../api.js';
import {buttonBar, section, taskTable, followTasks, throttle, showProblem} from '../ui.js';
import {timeChart} from '../chart.js';

export function hostView(ctx, id) {
  const {store, live} = ctx;
  // The heading and buttons stay the same elements while drawn again (focus goes to the heading; see buttonBar).
  const heading = h('h2', {}, 'Host');
  const actions = buttonBar(ctx);
  const head = h('div', {class: 'title'}, heading, actions.el);
  const about = h('div');
  const vms = h('div');
  const stats = h('div', {class: 'charts'});
  const power = h('div');
  const powerState = h('div');
  const powerActions = buttonBar(ctx);
  const sensors = h('div');
  const sensorChart = h('div', {class: 'charts'});
  const sel = h('div');
  const tasks = taskTable(false);
  const el = h('div', {class: 'host'}, head, about, section('VMs', vms), section('Statistics', stats),
    h('div', {'data-part': 'hardware'}, power, sensors, sensorChart, sel), section('Tasks', tasks));
  let asked = false;
  let drawnFor = null; // the host the statistics and hardware parts were first drawn for, once the list is loaded

  function drawHost() {
    const host = store.hosts.get(id);
    if (!host) {
      // Added after the list was read (by another client): ask for it alone, once.
      if (store.loaded && !asked) { asked = true; store.refresh('host', id); }
      fill(heading, 'Host');
      actions.update([]);
      fill(about, h('p', {}, store.loaded ? 'This host does not exist (or is not yours to see).' : 'Loading…'));
      return;
    }
    const membership = store.clusterOf(id);
    const buttons = [{action: 'refresh', label: 'Refresh', secondary: true, run: () => post(`/hosts/${seg(id)}/refresh`)}];
    if (membership) {
      const cluster = membership.cluster.id;
      const maintenance = `/clusters/${seg(cluster)}/hosts/${seg(id)}/maintenance`;
      const after = () => store.refresh('cluster', cluster);
      buttons.push(membership.member.maintenance && membership.member.maintenance !== 'none'
        ? {action: 'exit-maintenance', label: 'Exit maintenance', run: () => del(maintenance), after}
        : {action: 'enter-maintenance', label: 'Enter maintenance', secondary: true, run: () => post(maintenance), after});
    }
    fill(heading, host.name, ' ', badge(host.state, 'host-state'));
    actions.update(buttons);
    const info = host.info || {};
    fill(about, facts([
      ['Kind', (host.kind || '').toLowerCase()],
      ['Driver', h('a', {href: '#/drivers'}, host.driverId)],
      ['Address', host.address],
      ['State reason', host.stateReason],
      ['Datacenter', store.datacenters.get(host.datacenterId)?.name],
      ['Cluster', membership ? `${membership.cluster.name}${membership.member.maintenance && membership.member.maintenance !== 'none' ? ` (maintenance: ${membership.member.maintenance})` : ''}` : null],
      ['Pool', store.pools.get(host.poolId)?.name],
      ['Hypervisor', info.hypervisor ? `${info.hypervisor} ${info.hypervisorVersion || ''}` : null],
      ['CPU', info.cpus ? `${info.cpus} × ${info.cpuModel || ''}` : null],
      ['Memory', mb(info.memoryMb)],
      ['Capabilities', (info.capabilities || []).join(', ')],
      ['BMC', host.bmcHostId ? h('a', {href: `#/hosts/${host.bmcHostId}`}, store.hostName(host.bmcHostId)) : null],
      ['Last contact', time(info.refreshed)],
    ]));
    const list = store.vmsOf(id);
    fill(vms, host.kind !== 'HYPERVISOR' ? h('p', {class: 'muted'}, 'Not a hypervisor host.')
      : list.length === 0 ? h('p', {class: 'muted'}, 'No VMs.')
      : h('table', {class: 'striped'}, h('thead', {}, h('tr', {}, h('th', {}, 'VM'), h('th', {}, 'State'), h('th', {}, 'vCPUs'), h('th', {}, 'Memory'))),
        h('tbody', {}, list.map((vm) => h('tr', {'data-testid': 'vm-row', 'data-id': vm.id},
          h('td', {}, h('a', {href: `#/vms/${vm.id}`}, vm.name)), h('td', {}, badge(vm.state, 'vm-state')), h('td', {}, vm.cpus), h('td', {}, mb(vm.memoryMb)))))));
  }

  async function drawStats() {
    const host = store.hosts.get(id);
    if (!host || host.kind === 'STORAGE' || host.kind === 'MACHINE') { fill(stats, h('p', {class: 'muted'}, 'No statistics for this kind of host.')); return; }
    try {
      const samples = await get(`/hosts/${seg(id)}/stats?from=${encodeURIComponent(new Date(Date.now() - 3600e3).toISOString())}`);
      fill(stats,
        timeChart('CPU', samples, [{label: 'CPU', unit: '%', value: (s) => s.cpuPercent}], {range: [0, 100]}),
        timeChart('Memory', samples, [{label: 'used', unit: 'MiB', value: (s) => s.memoryUsedMb}, {label: 'total', unit: 'MiB', value: (s) => s.memoryTotalMb}]));
    } catch (e) {
      fill(stats, h('p', {class: 'muted'}, e.message));
    }
  }

  async function drawHardware() {
    const host = store.hosts.get(id);
    if (!host || host.kind !== 'MACHINE') { fill(power); fill(sensors); fill(sel); return; }
    const [state, readings, records] = await Promise.all([
      get(`/hosts/${seg(id)}/power`).catch((e) => ({error: e})),
      get(`/hosts/${seg(id)}/sensors`).catch((e) => ({error: e})),
      get(`/hosts/${seg(id)}/sel`).catch((e) => ({error: e})),
    ]);
    const powerButton = (op, label) => ({action: 'power-' + op, label, secondary: true,
      run: () => post(`/hosts/${seg(id)}/power/${op}`), after: () => setTimeout(drawHardware, 1000)});
    powerActions.update([powerButton('on', 'Power on'), powerButton('softoff', 'Shut down'), powerButton('off', 'Power off'),
      powerButton('cycle', 'Power cycle'), powerButton('reset', 'Reset'), powerButton('identify', 'Identify')]);
    fill(powerState, state.error ? h('p', {class: 'muted'}, state.error.message) : h('p', {}, 'Power: ', badge(state.state, 'power-state')));
    if (!power.firstChild) fill(power, section('Power', powerState, powerActions.el));
    const threshold = (v) => (v === null || v === undefined ? '–' : String(v));
    fill(sensors, section('Sensors', readings.error ? h('p', {class: 'muted'}, readings.error.message)
      : h('table', {class: 'striped sensors'},
        h('thead', {}, h('tr', {}, ['Sensor', 'Type', 'Reading', 'Status', 'Lower (nr / cr / nc)', 'Upper (nc / cr / nr)', ''].map((t) => h('th', {}, t)))),
        h('tbody', {}, readings.map((s) => h('tr', {'data-testid': 'sensor-row', 'data-name': s.name},
          h('td', {}, s.name), h('td', {}, s.type || ''), h('td', {}, s.value === null || s.value === undefined ? '–' : `${s.value} ${s.unit || ''}`),
          h('td', {}, badge(s.status, 'sensor-status')),
          h('td', {}, [s.lowerNonRecoverable, s.lowerCritical, s.lowerNonCritical].map(threshold).join(' / ')),
          h('td', {}, [s.upperNonCritical, s.upperCritical, s.upperNonRecoverable].map(threshold).join(' / ')),
          h('td', {}, h('button', {type: 'button', class: 'secondary small', onclick: () => drawSensorHistory(s)}, 'History'))))))));
    fill(sel, section('Event log (SEL)', records.error ? h('p', {class: 'muted'}, records.error.message)
      : records.length === 0 ? h('p', {class: 'muted'}, 'Empty.')
      : h('table', {class: 'striped'}, h('thead', {}, h('tr', {}, ['#', 'Time', 'Sensor', 'Description'].map((t) => h('th', {}, t)))),
        h('tbody', {}, records.slice(-100).reverse().map((r) => h('tr', {}, h('td', {}, r.recordId), h('td', {}, time(r.at)), h('td', {}, r.sensor || ''), h('td', {}, r.description || '')))))));
  }

  async function drawSensorHistory(sensor) {
    try {
      const samples = await get(`/hosts/${seg(id)}/sensors/${seg(sensor.name)}/history?from=${encodeURIComponent(new Date(Date.now() - 6 * 3600e3).toISOString())}`);
      fill(sensorChart, timeChart(`${sensor.name} (last 6 h)`, samples, [{label: sensor.name, unit: sensor.unit, value: (s) => s.value}]));
    } catch (e) {
      showProblem(e);
    }
  }

  const redraw = throttle(drawHost, 250);
  const unsubscribe = store.subscribe((kind, changed) => {
    if (kind === 'all' || kind === 'vms' || changed === id || kind === 'vm' || kind === 'cluster') redraw();
    if ((kind === 'all' || changed === id) && !drawnFor) { drawnFor = store.hosts.get(id); if (drawnFor) { drawStats(); drawHardware(); } }
  });
  const hardwareAgain = throttle(() => drawHardware(), 1000);
  const stopEvents = live.onEvent((event) => {
    if (event.subjectId === id && (event.type.startsWith('SENSOR_') || event.type.startsWith('HOST_'))) hardwareAgain();
  });
  const stopTasks = followTasks(ctx, tasks, (t) => t.targetId === id, {target: false});
  drawHost();
  drawnFor = store.hosts.get(id);
  if (drawnFor) { drawStats(); drawHardware(); }
  return {el, dispose: () => { unsubscribe(); stopEvents(); stopTasks(); }};
}
