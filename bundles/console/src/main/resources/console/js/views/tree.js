// The inventory tree: datacenters, their clusters, hosts and each host's VMs; pools and tenants beside. A host's VMs
// are drawn only while it is open, so a thousand hosts cost a thousand lines, not twenty thousand.
import {h, fill, badge} from '../dom.js';
import {byName} from '../store.js';

export function inventoryTree(ctx) {
  const {store} = ctx;
  const open = new Set();
  let first = true;
  const el = h('nav', {class: 'tree', 'aria-label': 'Inventory'});

  function details(key, summary, children, {lazy} = {}) {
    const d = h('details', {'data-key': key, open: open.has(key)}, h('summary', {}, summary));
    const body = h('div', {class: 'children'});
    d.append(body);
    const draw = () => fill(body, typeof children === 'function' ? children() : children);
    if (!lazy || open.has(key)) draw();
    d.addEventListener('toggle', () => {
      if (d.open) { open.add(key); if (lazy) draw(); } else open.delete(key);
    });
    return d;
  }

  function hostNode(host) {
    const vms = () => {
      const list = store.vmsOf(host.id);
      return list.length === 0 ? h('p', {class: 'muted'}, 'no VMs')
        : h('ul', {}, list.map((vm) => h('li', {'data-vm': vm.id},
          h('a', {href: `#/vms/${vm.id}`}, vm.name), ' ', badge(vm.state))));
    };
    const summary = [h('a', {href: `#/hosts/${host.id}`}, host.name), ' ', badge(host.state)];
    if (host.kind !== 'HYPERVISOR') return h('div', {class: 'leaf', 'data-host': host.id}, summary, ' ', h('small', {class: 'muted'}, host.kind.toLowerCase()));
    return details('host:' + host.id, summary, vms, {lazy: true});
  }

  function update() {
    const clustered = new Set();
    for (const members of store.clusterHosts.values()) members.forEach((m) => clustered.add(m.hostId));
    const hosts = [...store.hosts.values()].sort(byName);
    if (first && store.datacenters.size) {
      // Datacenters start open: there are few, and their hosts are what one comes to see.
      first = false;
      store.datacenters.forEach((dc) => open.add('dc:' + dc.id));
    }
    const dcs = [...store.datacenters.values()].sort(byName).map((dc) => {
      const clusters = [...store.clusters.values()].filter((c) => c.datacenterId === dc.id).sort(byName);
      return details('dc:' + dc.id, h('span', {}, dc.name), () => [
        ...clusters.map((c) => details('cluster:' + c.id, h('span', {}, h('a', {href: `#/clusters/${c.id}`}, c.name), ' ', h('small', {class: 'muted'}, 'cluster')),
          () => (store.clusterHosts.get(c.id) || []).map((m) => store.hosts.get(m.hostId)).filter(Boolean).sort(byName).map(hostNode),
          {lazy: true})),
        ...hosts.filter((host) => host.datacenterId === dc.id && !clustered.has(host.id)).map(hostNode),
      ]);
    });
    const parts = [];
    if (store.platform) {
      parts.push(h('h2', {class: 'tree-title'}, 'Datacenters'), ...(dcs.length ? dcs : [h('p', {class: 'muted'}, store.loaded ? 'none' : 'loading…')]));
    } else {
      // A tenant's user sees its VMs only: no hosts.
      const vms = [...store.vms.values()].sort(byName);
      parts.push(h('h2', {class: 'tree-title'}, 'My VMs'), h('ul', {}, vms.map((vm) => h('li', {'data-vm': vm.id},
        h('a', {href: `#/vms/${vm.id}`}, vm.name), ' ', badge(vm.state)))));
    }
    if (store.pools.size) {
      parts.push(h('h2', {class: 'tree-title'}, 'Pools'), h('ul', {}, poolTree(store, null)));
    }
    if (store.tenants.size) {
      parts.push(h('h2', {class: 'tree-title'}, 'Tenants'),
        h('ul', {}, [...store.tenants.values()].sort(byName).map((t) => h('li', {}, h('a', {href: `#/pools?tenant=${t.id}`}, t.name)))));
    }
    fill(el, parts);
  }

  update();
  return {el, update};
}

function poolTree(store, parentId) {
  return [...store.pools.values()].filter((p) => (p.parentId || null) === parentId).sort(byName).map((p) => {
    const children = poolTree(store, p.id);
    return h('li', {}, h('a', {href: `#/pools?pool=${p.id}`}, p.name), children.length ? h('ul', {}, children) : null);
  });
}
