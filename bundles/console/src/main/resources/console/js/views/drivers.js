// The drivers running now, with what they can do; hosts whose driver is away show which one they wait for.
import {h, fill, badge} from '../dom.js';
import {byName} from '../store.js';

export function driversView(ctx) {
  const {store} = ctx;
  const el = h('div', {});
  function draw() {
    const running = new Set(store.drivers.map((d) => d.id));
    const waiting = [...new Set([...store.hosts.values()].filter((x) => !running.has(x.driverId)).map((x) => x.driverId))].sort();
    fill(el, h('h2', {}, 'Drivers'),
      h('table', {class: 'striped'}, h('thead', {}, h('tr', {}, ['Driver', 'Kind', 'Version', 'Vendor', 'State', 'Hosts', 'Capabilities'].map((t) => h('th', {}, t)))),
        h('tbody', {}, [
          ...store.drivers.map((d) => h('tr', {'data-testid': 'driver-row', 'data-id': d.id},
            h('td', {}, h('strong', {}, d.id), h('br'), h('small', {class: 'muted'}, d.description || '')),
            h('td', {}, (d.kind || '').toLowerCase()), h('td', {}, d.version), h('td', {}, d.vendor),
            h('td', {}, badge('RUNNING', 'driver-state')),
            h('td', {}, String([...store.hosts.values()].filter((x) => x.driverId === d.id).length)),
            h('td', {class: 'caps'}, (d.capabilities || []).join(', ')))),
          ...waiting.map((id) => h('tr', {'data-testid': 'driver-row', 'data-id': id},
            h('td', {}, h('strong', {}, id)), h('td', {}), h('td', {}), h('td', {}), h('td', {}, badge('NOT RUNNING', 'driver-state')),
            h('td', {}, String([...store.hosts.values()].filter((x) => x.driverId === id).length)), h('td', {}, 'its hosts wait for it'))),
        ])));
  }
  const unsubscribe = store.subscribe((kind) => { if (kind === 'drivers' || kind === 'all' || kind === 'host') draw(); });
  draw();
  return {el, dispose: unsubscribe};
}

export {byName};
