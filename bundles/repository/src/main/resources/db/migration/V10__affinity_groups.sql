-- Strata configuration repository: affinity and anti-affinity groups of a cluster's VMs (issue 17). Portable between
-- H2 2.x and PostgreSQL 15 (see V1).

-- kind: affinity or anti-affinity; enforcement: must or should. host_labels_json: a JSON object of strings, '{}' for
-- a VM-VM rule, the labels of a VM-host rule otherwise. A cluster's groups go with it.
create table affinity_group (
    id               varchar(36)   not null,
    cluster_id       varchar(36)   not null,
    name             varchar(255)  not null,
    description      varchar(4000),
    kind             varchar(16)   not null,
    enforcement      varchar(16)   not null,
    host_labels_json varchar(4000) not null,
    created_at       timestamp(3) with time zone not null,
    constraint pk_affinity_group primary key (id),
    constraint fk_affinity_group_cluster foreign key (cluster_id) references cluster (id) on delete cascade,
    constraint uq_affinity_group_name unique (cluster_id, name),
    constraint ck_affinity_group_kind check (kind in ('affinity', 'anti-affinity')),
    constraint ck_affinity_group_enforcement check (enforcement in ('must', 'should'))
);

-- A VM's membership of a group; a VM may be in several. Deleting the VM (or the group) removes its memberships.
create table affinity_member (
    group_id varchar(36) not null,
    vm_id    varchar(36) not null,
    constraint pk_affinity_member primary key (group_id, vm_id),
    constraint fk_affinity_member_group foreign key (group_id) references affinity_group (id) on delete cascade,
    constraint fk_affinity_member_vm foreign key (vm_id) references vm (id) on delete cascade
);
create index ix_affinity_member_vm on affinity_member (vm_id);
