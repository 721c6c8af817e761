-- Strata configuration repository: what a host is (HYPERVISOR, STORAGE or MACHINE, the API's HostKind), stored with
-- it so that it is known while its driver is away. Portable between H2 2.x and PostgreSQL 15 (see V1).

-- Nullable: a host recorded before this migration whose kind cannot be told here stays NULL until its driver runs;
-- core then records the driver's kind (ConfigRepository.recordHostKinds). Every host added from now on has one.
alter table host add column kind varchar(16);

-- The rule for existing rows, applied once: a host with a machine row was found through its BMC (V3), so it is a
-- machine whatever its driver; otherwise the kind follows from the driver ids shipped with Strata when kinds began
-- to be stored (each driver's descriptor says the same). A driver id not listed (a vendor's) is left NULL.
update host set kind = 'MACHINE' where id in (select host_id from machine);
update host set kind = 'HYPERVISOR' where kind is null and driver_id in ('demo', 'kvm', 'xen', 'esx');
update host set kind = 'STORAGE' where kind is null and driver_id in ('libvirt-dir', 'esx-datastore');
update host set kind = 'MACHINE' where kind is null and driver_id in ('ipmi');

alter table host add constraint ck_host_kind check (kind in ('HYPERVISOR', 'STORAGE', 'MACHINE'));
create index ix_host_kind on host (kind);
