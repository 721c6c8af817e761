// The inventory at a glance: counts by state, then every VM and every host in lists that draw only what is in sight.
import {h, fill, badge, mb} from '../dom.js';
import {virtualList} from '../vlist.js';
import {throttle} from '../ui.js';
import {byName} from '../store.js';

export function inventoryView(ctx) {
  const {store} = ctx;
  const summary = h('div', {class: 'cards'});
  const filter = h('input', {type: 'search', placeholder: 'Filter VMs by name', 'aria-label': 'Filter VMs by name'});
  const stateFilter = h('select', {'aria-label': 'VM state'},
    ['any state', 'RUNNING', 'STOPPED', 'PAUSED', 'SUSPENDED', 'CRASHED', 'UNKNOWN'].map((s) => h('option', {value: s === 'any state' ? '' : s}, s)));
  const vms = virtualList({
    label: 'Virtual machines',
    header: h('div', {class: 'vhead', 'aria-hidden': 'true'}, h('span', {}, 'VM'), h('span', {}, 'State'), h('span', {}, 'Host'), h('span', {}, 'vCPUs'), h('span', {}, 'Memory')),
    render: (vm) => h('div', {class: 'vcols', 'data-testid': 'vm-row', 'data-id': vm.id},
      h('span', {}, h('a', {href: `#/vms/${vm.id}`}, vm.name)),
      h('span', {}, badge(vm.state, 'vm-state')),
      h('span', {}, store.platform ? h('a', {href: `#/hosts/${vm.hostId}`}, store.hostName(vm.hostId)) : ''),
      h('span', {}, vm.cpus),
      h('span', {}, mb(vm.memoryMb))),
    empty: 'No VM matches.',
  });
  const hosts = virtualList({
    label: 'Hosts',
    header: h('div', {class: 'vhead', 'aria-hidden': 'true'}, h('span', {}, 'Host'), h('span', {}, 'State'), h('span', {}, 'Kind'), h('span', {}, 'Driver'), h('span', {}, 'VMs')),
    render: (host) => h('div', {class: 'vcols', 'data-testid': 'host-row', 'data-id': host.id},
      h('span', {}, h('a', {href: `#/hosts/${host.id}`}, host.name)),
      h('span', {}, badge(host.state, 'host-state')),
      h('span', {}, (host.kind || '').toLowerCase()),
      h('span', {}, host.driverId),
      h('span', {}, String(vmCount.get(host.id) || 0))),
    empty: 'No host.',
  });
  let vmCount = new Map();

  function draw() {
    const counts = (items, key) => items.reduce((m, x) => m.set(x[key], (m.get(x[key]) || 0) + 1), new Map());
    const allVms = [...store.vms.values()];
    vmCount = counts(allVms, 'hostId');
    const card = (title, items, href) => h('article', {class: 'card'}, h('header', {}, h('a', {href}, title), ' ', h('strong', {}, String(items.length))),
      h('ul', {class: 'states'}, [...counts(items, 'state')].sort().map(([s, n]) => h('li', {}, badge(s), ' ', String(n)))));
    fill(summary,
      store.platform ? card('Hosts', [...store.hosts.values()], '#/inventory') : null,
      card('VMs', allVms, '#/inventory'),
      store.platform ? h('article', {class: 'card'}, h('header', {}, 'Datacenters ', h('strong', {}, String(store.datacenters.size))),
        h('p', {}, `${store.clusters.size} clusters, ${store.pools.size} pools, ${store.tenants.size} tenants`)) : null);
    const text = filter.value.trim().toLowerCase();
    const state = stateFilter.value;
    vms.set(allVms.filter((vm) => (!text || vm.name.toLowerCase().includes(text)) && (!state || vm.state === state)).sort(byName));
    hosts.set([...store.hosts.values()].sort(byName));
  }

  const redraw = throttle(draw, 250);
  filter.addEventListener('input', redraw);
  stateFilter.addEventListener('change', redraw);
  const unsubscribe = store.subscribe(redraw);
  const el = h('div', {class: 'inventory'},
    h('div', {class: 'title'}, h('h2', {}, 'Inventory'),
      h('div', {class: 'actions'},
        h('a', {href: '#/vms/new', role: 'button'}, 'New VM'),
        store.platform ? h('a', {href: '#/hosts/new', role: 'button', class: 'secondary'}, 'Add host') : null,
        store.platform ? h('a', {href: '#/discovery', role: 'button', class: 'secondary'}, 'Discover BMCs') : null)),
    summary,
    h('section', {}, h('h3', {}, 'Virtual machines'), h('div', {class: 'filters'}, filter, stateFilter), vms.el),
    store.platform ? h('section', {}, h('h3', {}, 'Hosts'), hosts.el) : null);
  queueMicrotask(draw);
  return {el, dispose: unsubscribe};
}
