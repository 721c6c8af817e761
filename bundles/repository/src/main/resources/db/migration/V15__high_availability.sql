-- Strata configuration repository: high availability (issue 19, docs/ha.md). Portable between H2 2.x and
-- PostgreSQL 15 (see V1).

-- A VM's HA settings, once set; a VM without a row is disabled. priority: HIGH, MEDIUM or LOW. Deleting the VM deletes
-- them. No index on enabled: the table has a row per VM someone set, and "every enabled VM" reads most of it anyway.
create table vm_ha (
    vm_id    varchar(36) not null,
    enabled  boolean     not null,
    priority varchar(8)  not null,
    constraint pk_vm_ha primary key (vm_id),
    constraint fk_vm_ha_vm foreign key (vm_id) references vm (id) on delete cascade,
    constraint ck_vm_ha_priority check (priority in ('HIGH', 'MEDIUM', 'LOW'))
);

-- The VMs that must run again before the VM restarts, in the order given. Rows rather than a text column so that a
-- VM that is deleted drops out of every order naming it, and an unknown VM cannot be named at all.
create table vm_ha_after (
    vm_id       varchar(36) not null,
    seq         integer     not null,
    after_vm_id varchar(36) not null,
    constraint pk_vm_ha_after primary key (vm_id, after_vm_id),
    constraint fk_vm_ha_after_settings foreign key (vm_id) references vm_ha (vm_id) on delete cascade,
    constraint fk_vm_ha_after_vm foreign key (after_vm_id) references vm (id) on delete cascade
);
create index ix_vm_ha_after_vm on vm_ha_after (after_vm_id);

-- A cluster's HA settings, once set. admission: NONE, HOST_FAILURES, PERCENTAGE or FAILOVER_HOSTS. lease_directory:
-- NULL for none. Deleting the cluster deletes them.
create table cluster_ha (
    cluster_id      varchar(36)   not null,
    enabled         boolean       not null,
    admission       varchar(16)   not null,
    host_failures   integer       not null,
    cpu_percent     integer       not null,
    memory_percent  integer       not null,
    lease_directory varchar(4000),
    constraint pk_cluster_ha primary key (cluster_id),
    constraint fk_cluster_ha_cluster foreign key (cluster_id) references cluster (id) on delete cascade,
    constraint ck_cluster_ha_admission check (admission in ('NONE', 'HOST_FAILURES', 'PERCENTAGE', 'FAILOVER_HOSTS')),
    constraint ck_cluster_ha_host_failures check (host_failures >= 0),
    constraint ck_cluster_ha_cpu check (cpu_percent between 0 and 100),
    constraint ck_cluster_ha_memory check (memory_percent between 0 and 100)
);

-- The cluster's failover hosts. Rows rather than a text column for the same reasons as vm_ha_after: a host that is
-- deleted stops being a failover host (a text column would keep naming it), and an unknown host cannot be named.
create table cluster_ha_failover_host (
    cluster_id varchar(36) not null,
    seq        integer     not null,
    host_id    varchar(36) not null,
    constraint pk_cluster_ha_failover_host primary key (cluster_id, host_id),
    constraint fk_cluster_ha_failover_host_settings foreign key (cluster_id) references cluster_ha (cluster_id)
        on delete cascade,
    constraint fk_cluster_ha_failover_host_host foreign key (host_id) references host (id) on delete cascade
);
create index ix_cluster_ha_failover_host_host on cluster_ha_failover_host (host_id);

-- A host's HA state as detection last recorded it: the HA monitor's bookkeeping, written without history.
create table host_ha (
    host_id    varchar(36)   not null,
    state      varchar(16)   not null,
    reason     varchar(4000),
    entered_at timestamp(3) with time zone not null,
    constraint pk_host_ha primary key (host_id),
    constraint fk_host_ha_host foreign key (host_id) references host (id) on delete cascade,
    constraint ck_host_ha_state check (state in ('UP', 'SUSPECT', 'ISOLATED', 'FAILED', 'FENCING', 'FENCED'))
);

-- The recovery of one failed host. fence: bmc, lease or NULL. open_host_id is host_id while the failover is open
-- (FENCING, RESTARTING, INCOMPLETE) and NULL once it ended, so that one unique constraint keeps a host to one open
-- failover (NULLs never collide, in PostgreSQL as in H2). Deleting the host or the cluster deletes its failovers:
-- they are the history of that host, and there is nothing to resume for a host Strata no longer manages.
create table failover (
    id           varchar(36)   not null,
    host_id      varchar(36)   not null,
    cluster_id   varchar(36)   not null,
    state        varchar(16)   not null,
    open_host_id varchar(36),
    fence        varchar(16),
    reason       varchar(4000),
    detected_at  timestamp(3) with time zone not null,
    started_at   timestamp(3) with time zone not null,
    ended_at     timestamp(3) with time zone,
    constraint pk_failover primary key (id),
    constraint fk_failover_host foreign key (host_id) references host (id) on delete cascade,
    constraint fk_failover_cluster foreign key (cluster_id) references cluster (id) on delete cascade,
    constraint uq_failover_open_host unique (open_host_id),
    constraint ck_failover_state
        check (state in ('FENCING', 'RESTARTING', 'DONE', 'INCOMPLETE', 'UNSAFE', 'CANCELLED')),
    constraint ck_failover_open check ((open_host_id is null) = (state not in ('FENCING', 'RESTARTING', 'INCOMPLETE'))),
    constraint ck_failover_fence check (fence in ('bmc', 'lease'))
);
-- A host's failovers newest first; all failovers newest first; the open ones (what a restarted Strata resumes).
create index ix_failover_host_started on failover (host_id, started_at);
create index ix_failover_started on failover (started_at);
create index ix_failover_state on failover (state);
create index ix_failover_cluster on failover (cluster_id);

-- One HA VM of a failover. vm_id is not a foreign key, and the name is kept: the record of a failover outlives a VM
-- deleted since, and so do the destination host and the task it names. seq: the restart order (priority, then
-- the order the failover was given). state: PENDING, RESTARTING, RUNNING, UNPLACED, FAILED or SKIPPED.
-- stale_removed: once RUNNING elsewhere, whether its old definition on the failed host was removed.
create table failover_vm (
    failover_id   varchar(36)   not null,
    vm_id         varchar(36)   not null,
    seq           integer       not null,
    name          varchar(255)  not null,
    priority      varchar(8)    not null,
    state         varchar(16)   not null,
    host_id       varchar(36),
    message       varchar(4000),
    task_id       varchar(36),
    running_at    timestamp(3) with time zone,
    stale_removed boolean       not null,
    constraint pk_failover_vm primary key (failover_id, vm_id),
    constraint fk_failover_vm_failover foreign key (failover_id) references failover (id) on delete cascade,
    constraint ck_failover_vm_priority check (priority in ('HIGH', 'MEDIUM', 'LOW')),
    constraint ck_failover_vm_state
        check (state in ('PENDING', 'RESTARTING', 'RUNNING', 'UNPLACED', 'FAILED', 'SKIPPED'))
);
