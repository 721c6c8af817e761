// Forms that create: a VM (placement picks the host when none is chosen), a host, a BMC discovery. Each is one API
// call; a refusal is shown in the API's words next to the form, and nothing is checked here that the API checks.
import {h, fill} from '../dom.js';
import {post} from '../api.js';
import {act} from '../ui.js';
import {byName} from '../store.js';

function field(label, input, help) {
  return h('label', {}, label, input, help ? h('small', {}, help) : null);
}

function form(ctx, title, fields, submitLabel, call, after) {
  const button = h('button', {type: 'submit'}, submitLabel);
  const done = h('div', {'aria-live': 'polite'});
  const el = h('form', {class: 'create', onsubmit: async (e) => {
    e.preventDefault();
    const answer = await act(ctx, button, () => call(new FormData(el)));
    if (answer) fill(done, after(answer));
  }}, h('h2', {}, title), ...fields, button, done);
  return {el};
}

export function newVmView(ctx) {
  const {store} = ctx;
  const hosts = [...store.hosts.values()].filter((x) => x.kind === 'HYPERVISOR').sort(byName);
  const pools = [...store.pools.values()].sort(byName);
  return form(ctx, 'New VM', [
    field('Name', h('input', {name: 'name', required: true, autocomplete: 'off'})),
    h('div', {class: 'grid'},
      field('vCPUs', h('input', {name: 'cpus', type: 'number', min: 1, value: 1, required: true})),
      field('Memory (MiB)', h('input', {name: 'memoryMb', type: 'number', min: 16, value: 1024, required: true}))),
    field('Host', h('select', {name: 'hostId'}, h('option', {value: ''}, 'placement chooses (needs a pool in a cluster)'),
      hosts.map((x) => h('option', {value: x.id}, `${x.name} (${x.state})`)))),
    field('Pool', h('select', {name: 'poolId'}, h('option', {value: ''}, 'none'), pools.map((p) => h('option', {value: p.id}, p.name)))),
    field('Disk image', h('input', {name: 'disk', placeholder: '/var/lib/libvirt/images/web-01.qcow2'}), 'optional: a disk file on the host'),
    field('Network', h('input', {name: 'network', placeholder: 'default'}), 'optional: a network of the host'),
    field('Boot from', h('select', {name: 'boot'}, ['disk', 'network', 'cdrom'].map((b) => h('option', {value: b}, b)))),
  ], 'Create', (data) => {
    const spec = {name: data.get('name'), cpus: Number(data.get('cpus')), memoryMb: Number(data.get('memoryMb'))};
    if (data.get('disk')) spec.disks = [{source: data.get('disk'), format: data.get('disk').endsWith('.qcow2') ? 'qcow2' : 'raw'}];
    if (data.get('network')) spec.nics = [{source: data.get('network')}];
    spec.bootOrder = [data.get('boot')];
    const body = {spec};
    if (data.get('hostId')) body.hostId = data.get('hostId');
    if (data.get('poolId')) body.poolId = data.get('poolId');
    return post('/vms', body);
  }, (task) => h('p', {}, 'Creating: follow it on ', h('a', {href: '#/tasks'}, 'Tasks'), ` (task ${task.id}).`));
}

export function newHostView(ctx) {
  const {store} = ctx;
  return form(ctx, 'Add host', [
    field('Name', h('input', {name: 'name', required: true})),
    field('Datacenter', h('select', {name: 'datacenterId', required: true}, [...store.datacenters.values()].sort(byName).map((d) => h('option', {value: d.id}, d.name)))),
    field('Driver', h('select', {name: 'driverId', required: true}, store.drivers.map((d) => h('option', {value: d.id}, `${d.id} (${(d.kind || '').toLowerCase()})`)))),
    field('Address', h('input', {name: 'address', required: true, placeholder: 'qemu+tcp://kvm-01/system, esx://esx-01/, 10.0.0.5:623'})),
    h('div', {class: 'grid'},
      field('User name', h('input', {name: 'username', autocomplete: 'off'})),
      field('Password', h('input', {name: 'password', type: 'password', autocomplete: 'new-password'}))),
  ], 'Add', (data) => {
    const body = {name: data.get('name'), datacenterId: data.get('datacenterId'), driverId: data.get('driverId'), address: data.get('address')};
    if (data.get('username')) body.username = data.get('username');
    if (data.get('password')) body.password = data.get('password');
    return post('/hosts', body);
  }, (host) => {
    store.hosts.set(host.id, host);
    store.emit('host', host.id);
    return h('p', {}, 'Added: ', h('a', {href: `#/hosts/${host.id}`}, host.name));
  });
}

export function discoveryView(ctx) {
  const {store} = ctx;
  return form(ctx, 'Discover BMCs', [
    field('Datacenter', h('select', {name: 'datacenterId', required: true}, [...store.datacenters.values()].sort(byName).map((d) => h('option', {value: d.id}, d.name)))),
    field('Driver', h('select', {name: 'driverId'}, store.drivers.filter((d) => d.kind === 'HARDWARE').map((d) => h('option', {value: d.id}, d.id)))),
    field('Addresses', h('input', {name: 'addresses', required: true, placeholder: '10.0.0.0/26 or 10.0.0.1-10.0.0.40'})),
    field('Ports', h('input', {name: 'ports', value: '623'})),
    h('div', {class: 'grid'},
      field('BMC user name', h('input', {name: 'username', required: true, autocomplete: 'off'})),
      field('BMC password', h('input', {name: 'password', type: 'password', required: true, autocomplete: 'new-password'}))),
  ], 'Discover', (data) => post('/hardware/discoveries', {
    datacenterId: data.get('datacenterId'), driverId: data.get('driverId'), addresses: data.get('addresses'),
    ports: data.get('ports') || undefined, credentials: [{username: data.get('username'), password: data.get('password')}],
  }), (task) => h('p', {}, 'Discovering: follow it on ', h('a', {href: '#/tasks'}, 'Tasks'), ` (task ${task.id}).`));
}
