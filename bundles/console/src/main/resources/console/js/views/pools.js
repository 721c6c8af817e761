// Resource pools with what they reserve and what is used of it, as bars; a tenant's pools or one pool's subtree.
import {h, fill, mb} from '../dom.js';
import {get, seg} from '../api.js';
import {byName} from '../store.js';

export function poolsView(ctx, _unused, params) {
  const {store} = ctx;
  const el = h('div', {});
  const tenantId = params.get('tenant');
  const poolId = params.get('pool');

  function bar(label, part, unit) {
    if (!part) return null;
    const top = Math.max(part.limit ?? 0, part.reserved ?? 0, part.used ?? 0, 1);
    const text = `${label}: ${unit(part.used)} used of ${unit(part.reserved)} reserved${part.limit != null ? `, limit ${unit(part.limit)}` : ''}`;
    return h('div', {class: 'usage'}, h('span', {}, text),
      h('meter', {min: 0, max: top, value: part.used ?? 0, high: part.reserved || top, 'aria-label': text}));
  }

  async function node(pool) {
    let usage = null;
    try { usage = await get(`/pools/${seg(pool.id)}/usage`); } catch (e) { /* without the datacenter layer: no usage */ }
    const tenant = pool.tenantId ? store.tenants.get(pool.tenantId) : null;
    return h('article', {class: 'pool', 'data-testid': 'pool', 'data-id': pool.id},
      h('header', {}, h('strong', {}, pool.name), tenant ? ` · tenant ${tenant.name}` : '', pool.clusterId ? ` · cluster ${store.clusters.get(pool.clusterId)?.name || ''}` : ''),
      usage ? [bar('CPU', usage.cpu, (v) => v == null ? '–' : `${v}`), bar('Memory', usage.memoryMb, (v) => v == null ? '–' : mb(v)),
        h('p', {class: 'muted'}, `${usage.vms} VMs, ${usage.runningVms} running`)] : h('p', {class: 'muted'}, pool.description || ''));
  }

  async function draw() {
    let pools = [...store.pools.values()].sort(byName);
    if (tenantId) pools = pools.filter((p) => p.tenantId === tenantId);
    if (poolId) pools = pools.filter((p) => p.id === poolId || p.parentId === poolId);
    const title = tenantId ? `Pools of tenant ${store.tenants.get(tenantId)?.name || tenantId}` : 'Resource pools';
    fill(el, h('h2', {}, title), pools.length === 0 ? h('p', {class: 'muted'}, store.loaded ? 'No pools.' : 'Loading…')
      : h('div', {class: 'pools'}, await Promise.all(pools.slice(0, 100).map(node))));
  }
  const unsubscribe = store.subscribe((kind) => { if (kind === 'all') draw(); });
  draw();
  return {el, dispose: unsubscribe};
}
