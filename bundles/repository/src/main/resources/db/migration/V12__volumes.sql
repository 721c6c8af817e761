-- Strata configuration repository: what Strata last saw of the storage hosts' volumes, the storage inventory by which
-- tenants' storage quotas count VM disks (docs/datacenter.md, "Storage in quotas"). Portable between H2 2.x and
-- PostgreSQL 15 (see V1).
--
-- An observation, not configuration: rows are rewritten whenever a storage host lists a pool or Strata creates,
-- clones, resizes, imports or deletes a volume, and no history entry is written. A storage host's rows go with it.

create table volume (
    host_id        varchar(36)   not null,
    pool           varchar(255)  not null,
    name           varchar(255)  not null,
    -- what a VM disk's source names to use the volume (the API's Volume.path)
    path           varchar(1024) not null,
    capacity_bytes bigint        not null,
    seen_at        timestamp(3) with time zone not null,
    constraint pk_volume primary key (host_id, pool, name),
    constraint fk_volume_host foreign key (host_id) references host (id) on delete cascade
);
-- Admission looks disks up by path.
create index ix_volume_path on volume (path);
