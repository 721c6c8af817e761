// A cluster (the datacenter layer): its hosts with maintenance and HA state, the calendar of policies for the week,
// and what placement would decide for a VM of a given size, with the reasons.
import {h, fill, badge, time} from '../dom.js';
import {get, seg} from '../api.js';
import {section, throttle} from '../ui.js';

export function clusterView(ctx, id) {
  const {store} = ctx;
  const head = h('div', {class: 'title'});
  const hosts = h('div');
  const ha = h('div');
  const calendar = h('div');
  const placement = h('div');
  const el = h('div', {class: 'cluster'}, head, section('Hosts', hosts), section('High availability', ha),
    section('Calendar of policies (7 days)', calendar), section('Placement', placement));

  function drawHosts() {
    const cluster = store.clusters.get(id);
    fill(head, h('h2', {}, cluster ? cluster.name : 'Cluster', ' ', h('small', {class: 'muted'}, 'cluster')));
    const members = store.clusterHosts.get(id) || [];
    fill(hosts, members.length === 0 ? h('p', {class: 'muted'}, 'No hosts.')
      : h('table', {class: 'striped'}, h('thead', {}, h('tr', {}, ['Host', 'State', 'Maintenance', 'Labels'].map((t) => h('th', {}, t)))),
        h('tbody', {}, members.map((m) => {
          const host = store.hosts.get(m.hostId);
          return h('tr', {'data-testid': 'host-row', 'data-id': m.hostId},
            h('td', {}, h('a', {href: `#/hosts/${m.hostId}`}, host ? host.name : m.hostId)), h('td', {}, badge(host?.state, 'host-state')),
            h('td', {}, m.maintenance || 'none'), h('td', {}, Object.entries(m.labels || {}).map(([k, v]) => `${k}=${v}`).join(', ')));
        }))));
  }

  async function drawRest() {
    const [settings, haHosts, schedule] = await Promise.all([
      get(`/clusters/${seg(id)}/ha`).catch((e) => ({error: e})),
      get(`/clusters/${seg(id)}/ha/hosts`).catch((e) => ({error: e})),
      get(`/clusters/${seg(id)}/schedule?days=7`).catch((e) => ({error: e})),
    ]);
    fill(ha, settings.error ? h('p', {class: 'muted'}, settings.error.message) : [
      h('p', {}, settings.enabled ? `On; admission control ${settings.admission}${settings.hostFailures ? `, tolerates ${settings.hostFailures} host failure(s)` : ''}.` : 'Off.'),
      haHosts.error ? null : h('table', {class: 'striped'}, h('thead', {}, h('tr', {}, ['Host', 'HA state', 'Reason', 'Since', 'Power'].map((t) => h('th', {}, t)))),
        h('tbody', {}, haHosts.map((x) => h('tr', {}, h('td', {}, h('a', {href: `#/hosts/${x.hostId}`}, x.name)), h('td', {}, badge(x.state)),
          h('td', {}, x.reason || ''), h('td', {}, time(x.since)), h('td', {}, x.power || ''))))),
    ]);
    fill(calendar, schedule.error ? h('p', {class: 'muted'}, schedule.error.message) : [
      h('p', {}, 'Now: ', h('strong', {}, schedule.active?.policy || ''), schedule.active?.window ? ` (window ${schedule.active.window})` : ''),
      h('ol', {class: 'timeline'}, (schedule.timeline || []).map((s) => h('li', {}, badge(s.policy), ' ', time(s.start), ' → ', s.end ? time(s.end) : 'on',
        s.window ? ` · ${s.window}` : s.day ? ` · ${s.day}` : ''))),
    ]);
    drawPlacement();
  }

  function drawPlacement() {
    const cpus = h('input', {type: 'number', min: 1, value: 2, name: 'cpus', 'aria-label': 'vCPUs'});
    const memory = h('input', {type: 'number', min: 1, value: 2048, name: 'memoryMb', 'aria-label': 'Memory (MiB)'});
    const result = h('div', {'aria-live': 'polite'});
    const ask = async (e) => {
      e.preventDefault();
      try {
        const answer = await get(`/placement/explain?cluster=${seg(id)}&cpus=${Number(cpus.value)}&memoryMb=${Number(memory.value)}`);
        fill(result, h('p', {}, answer.chosenHostId ? ['Placement would choose ', h('strong', {}, store.hostName(answer.chosenHostId)), ` (policy ${answer.policy}).`] : 'No host fits.'),
          h('table', {class: 'striped', 'data-testid': 'placement'}, h('thead', {}, h('tr', {}, ['Rank', 'Host', 'Score', 'Why not'].map((t) => h('th', {}, t)))),
            h('tbody', {}, answer.hosts.map((x) => h('tr', {}, h('td', {}, x.rank || '–'), h('td', {}, x.hostName), h('td', {}, x.possible ? x.score.toFixed(2) : '–'),
              h('td', {}, (x.refusals || []).join('; ')))))));
      } catch (err) {
        fill(result, h('p', {role: 'alert', 'data-testid': 'problem'}, err.message));
      }
    };
    fill(placement, h('form', {class: 'inline', onsubmit: ask}, h('label', {}, 'vCPUs', cpus), h('label', {}, 'Memory (MiB)', memory),
      h('button', {type: 'submit'}, 'Explain')), result);
  }

  const redraw = throttle(drawHosts, 250);
  const unsubscribe = store.subscribe((kind, changed) => { if (kind === 'all' || kind === 'host' || changed === id) redraw(); });
  drawHosts();
  drawRest();
  return {el, dispose: unsubscribe};
}
