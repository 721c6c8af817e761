// The inventory as the console knows it: read once in pages, then kept current by the event stream (an event about
// an object makes the console read that object again), or by polling for a user whose role cannot follow streams.
import {get, allPages, seg, ApiError} from './api.js';

export class Store {
  constructor() {
    this.datacenters = new Map();
    this.clusters = new Map();
    this.clusterHosts = new Map(); // cluster id -> [cluster host] (membership, maintenance)
    this.hosts = new Map();
    this.vms = new Map();
    this.pools = new Map();
    this.tenants = new Map();
    this.drivers = [];
    this.platform = true; // false: a user scoped to tenants (no infrastructure, no streams)
    this.layers = {datacenter: true};
    this.listeners = new Set();
    this.pending = new Map();
    this.loaded = false;
  }

  /** fn(kind, id) after each change; kind 'all' after a load. Returns a function that unsubscribes. */
  subscribe(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  emit(kind, id) {
    for (const fn of this.listeners) {
      try { fn(kind, id); } catch (e) { console.error(e); }
    }
  }

  /** emit, once for several calls within a frame: pages of VMs arrive faster than anyone needs to redraw. */
  emitSoon(kind) {
    this.soon = this.soon || new Set();
    if (this.soon.has(kind)) return;
    this.soon.add(kind);
    setTimeout(() => { this.soon.delete(kind); this.emit(kind); }, 50);
  }

  /** Reads everything the user may see; VMs arrive page by page, each page shown as it comes. */
  async load() {
    const optional = async (what, fn) => {
      try { await fn(); } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        if (e.status === 403) this.platform = false;
        else if (e.status === 503) this.layers[what] = false;
        else throw e;
      }
    };
    await optional('inventory', () => allPages('/datacenters', (items) => items.forEach((d) => this.datacenters.set(d.id, d))));
    await optional('inventory', () => allPages('/hosts', (items) => items.forEach((h) => this.hosts.set(h.id, h))));
    await optional('datacenter', async () => {
      await allPages('/clusters', (items) => items.forEach((c) => this.clusters.set(c.id, c)));
      await Promise.all([...this.clusters.keys()].map((id) => this.readMembers(id)));
    });
    await optional('inventory', () => allPages('/pools', (items) => items.forEach((p) => this.pools.set(p.id, p))));
    await optional('datacenter', () => allPages('/tenants', (items) => items.forEach((t) => this.tenants.set(t.id, t))));
    await optional('inventory', async () => { this.drivers = await get('/drivers'); });
    this.emit('all');
    let first = true;
    await allPages('/vms', (items) => {
      items.forEach((v) => this.vms.set(v.id, v));
      if (first) {
        first = false;
        this.loaded = true;
        this.emit('vms');
      } else {
        this.emitSoon('vms');
      }
    });
    this.loaded = true;
    this.emit('all');
  }

  /** Reads one object again (several asks for the same one within 25 ms make one request). */
  refresh(kind, id) {
    const key = kind + ':' + id;
    if (this.pending.has(key)) return this.pending.get(key);
    const paths = {vm: `/vms/${seg(id)}`, host: `/hosts/${seg(id)}`, cluster: `/clusters/${seg(id)}`, pool: `/pools/${seg(id)}`};
    const maps = {vm: this.vms, host: this.hosts, cluster: this.clusters, pool: this.pools};
    if (!paths[kind]) return Promise.resolve();
    const done = new Promise((resolve) => setTimeout(resolve, 25)).then(async () => {
      try {
        maps[kind].set(id, await get(paths[kind]));
        if (kind === 'cluster') await this.readMembers(id);
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) maps[kind].delete(id);
        else console.warn(`could not read ${kind} ${id}: ${e.message}`);
      } finally {
        this.pending.delete(key);
      }
      this.emit(kind, id);
    });
    this.pending.set(key, done);
    return done;
  }

  /**
   * Reads the infrastructure again: hosts, datacenters, clusters and pools are added and removed without an event
   * (a POST answered at once), so another client's changes to them show within this period.
   */
  async reloadInfrastructure() {
    if (!this.platform) return;
    try {
      await replaceAll('/hosts', this.hosts);
      await replaceAll('/datacenters', this.datacenters);
      await replaceAll('/pools', this.pools);
      if (this.layers.datacenter) {
        await replaceAll('/clusters', this.clusters);
        await Promise.all([...this.clusters.keys()].map((id) => this.readMembers(id)));
      }
    } catch (e) {
      console.warn('could not read the infrastructure again: ' + e.message);
    }
    this.emit('all');
  }

  /** A cluster's hosts, with their maintenance state and labels. */
  async readMembers(clusterId) {
    this.clusterHosts.set(clusterId, await get(`/clusters/${seg(clusterId)}/hosts`));
  }

  /** Reads the VM list again (polling, for users who cannot follow the event stream). */
  async reloadVms() {
    await replaceAll('/vms', this.vms);
    this.emit('vms');
  }

  async reloadDrivers() {
    this.drivers = await get('/drivers');
    this.emit('drivers');
  }

  vmsOf(hostId) {
    return [...this.vms.values()].filter((v) => v.hostId === hostId).sort(byName);
  }

  /** The cluster a host belongs to, with its membership record (maintenance state), or null. */
  clusterOf(hostId) {
    for (const [id, members] of this.clusterHosts) {
      const member = members.find((m) => m.hostId === hostId);
      if (member) return {cluster: this.clusters.get(id), member};
    }
    return null;
  }

  hostName(id) {
    const host = this.hosts.get(id);
    return host ? host.name : id;
  }
}

/** Reads a whole list again into map: what is listed is put, what is no longer listed is removed. */
async function replaceAll(path, map) {
  const seen = new Set();
  await allPages(path, (items) => items.forEach((x) => { seen.add(x.id); map.set(x.id, x); }));
  for (const id of [...map.keys()]) if (!seen.has(id)) map.delete(id);
}

// One collator for every sort: localeCompare with options builds one per call, which is most of sorting 20,000 VMs.
const collator = new Intl.Collator(undefined, {numeric: true});
export const byName = (a, b) => collator.compare(String(a.name), String(b.name));
