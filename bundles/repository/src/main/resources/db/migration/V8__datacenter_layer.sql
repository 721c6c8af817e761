-- Strata configuration repository: the datacenter layer (clusters, tenants, pools that allocate, VMs in pools,
-- affinity groups). Portable between H2 2.x and PostgreSQL 15 (see V1).

create table tenant (
    id              varchar(36)   not null,
    name            varchar(255)  not null,
    description     varchar(4000),
    -- the quota; NULL is unlimited
    quota_vms       integer,
    quota_cpus      integer,
    quota_memory_mb bigint,
    quota_storage_gb bigint,
    created_at      timestamp(3) with time zone not null,
    constraint pk_tenant primary key (id),
    constraint uq_tenant_name unique (name)
);

-- A cluster of hypervisor hosts of one datacenter. schedule_json is its calendar of policies (NULL: none).
create table cluster (
    id                   varchar(36)   not null,
    datacenter_id        varchar(36)   not null,
    name                 varchar(255)  not null,
    description          varchar(4000),
    policy               varchar(32)   not null,
    automation           varchar(16)   not null,
    balancing_level      integer       not null,
    max_migrations       integer       not null,
    min_powered_on_hosts integer       not null,
    cpu_overcommit       double precision not null,
    memory_overcommit    double precision not null,
    schedule_json        varchar(65536),
    created_at           timestamp(3) with time zone not null,
    constraint pk_cluster primary key (id),
    constraint fk_cluster_datacenter foreign key (datacenter_id) references datacenter (id),
    constraint uq_cluster_name unique (datacenter_id, name)
);

-- A host's membership of a cluster: one cluster at most. Removing the host removes its membership with it.
-- maintenance: NONE, ENTERING or IN. labels_json: the host's placement labels, a JSON object of strings.
create table cluster_host (
    host_id     varchar(36)   not null,
    cluster_id  varchar(36)   not null,
    maintenance varchar(16)   not null,
    labels_json varchar(4000) not null,
    constraint pk_cluster_host primary key (host_id),
    constraint fk_cluster_host_host foreign key (host_id) references host (id) on delete cascade,
    constraint fk_cluster_host_cluster foreign key (cluster_id) references cluster (id),
    constraint ck_cluster_host_maintenance check (maintenance in ('NONE', 'ENTERING', 'IN'))
);
create index ix_cluster_host_cluster on cluster_host (cluster_id);

-- Pools allocate: shares, reservations, expandable reservations (limits were there since V1); a pool may run its
-- VMs on one cluster and belong to a tenant.
alter table resource_pool add column cluster_id varchar(36);
alter table resource_pool add column tenant_id varchar(36);
alter table resource_pool add column cpu_shares integer default 4000 not null;
alter table resource_pool add column memory_shares integer default 4000 not null;
alter table resource_pool add column cpu_reservation integer default 0 not null;
alter table resource_pool add column memory_reservation_mb bigint default 0 not null;
alter table resource_pool add column expandable boolean default true not null;
alter table resource_pool add constraint fk_pool_cluster foreign key (cluster_id) references cluster (id);
alter table resource_pool add constraint fk_pool_tenant foreign key (tenant_id) references tenant (id);
create index ix_pool_cluster on resource_pool (cluster_id);
create index ix_pool_tenant on resource_pool (tenant_id);

-- Every VM Strata creates from now on belongs to a pool; VMs found on hosts, and those recorded before, have none
-- until one is given.
alter table vm add column pool_id varchar(36);
alter table vm add constraint fk_vm_pool foreign key (pool_id) references resource_pool (id);
create index ix_vm_pool on vm (pool_id);
