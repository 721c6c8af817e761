// Search by name across the inventory (as loaded: every datacenter, cluster, pool, host and VM the user may see).
import {h, badge} from '../dom.js';
import {byName} from '../store.js';

const LIMIT = 200;

export function searchView(ctx, _unused, params) {
  const {store} = ctx;
  const q = (params.get('q') || '').trim().toLowerCase();
  const input = document.querySelector('#search input');
  if (input && input.value.trim().toLowerCase() !== q) input.value = params.get('q') || '';
  const el = h('div', {});
  function draw() {
    const found = (map) => [...map.values()].filter((x) => String(x.name).toLowerCase().includes(q)).sort(byName);
    const group = (title, items, render) => items.length === 0 ? null : h('section', {}, h('h3', {}, `${title} (${items.length})`),
      h('ul', {class: 'results'}, items.slice(0, LIMIT).map(render)), items.length > LIMIT ? h('p', {class: 'muted'}, `and ${items.length - LIMIT} more: refine the search`) : null);
    const groups = q === '' ? [] : [
      group('VMs', found(store.vms), (vm) => h('li', {'data-testid': 'vm-row', 'data-id': vm.id}, h('a', {href: `#/vms/${vm.id}`}, vm.name), ' ', badge(vm.state, 'vm-state'))),
      group('Hosts', found(store.hosts), (x) => h('li', {'data-testid': 'host-row', 'data-id': x.id}, h('a', {href: `#/hosts/${x.id}`}, x.name), ' ', badge(x.state, 'host-state'))),
      group('Clusters', found(store.clusters), (c) => h('li', {}, c.name)),
      group('Pools', found(store.pools), (p) => h('li', {}, h('a', {href: `#/pools?pool=${p.id}`}, p.name))),
      group('Datacenters', found(store.datacenters), (d) => h('li', {}, d.name)),
    ].filter(Boolean);
    el.replaceChildren(h('h2', {}, q ? `Search: ${params.get('q')}` : 'Search'),
      ...(groups.length ? groups : [h('p', {}, q ? 'Nothing has that in its name.' : 'Type a name in the search box.')]));
  }
  const unsubscribe = store.subscribe((kind) => { if (kind === 'all' || kind === 'vms') draw(); });
  draw();
  return {el, dispose: unsubscribe};
}
