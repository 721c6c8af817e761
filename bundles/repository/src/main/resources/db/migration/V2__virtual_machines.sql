-- Strata configuration repository: virtual machines and what each host reported at its last contact.
-- Portable between H2 2.x and PostgreSQL 15 (see V1).

-- What the host reported about itself (the API's HostInfo as JSON), rewritten at each successful contact.
-- An observation, not configuration: writing it records no history entry.
alter table host add column info_json varchar(65536);

-- A VM of the inventory. id is Strata's id; hypervisor_id the hypervisor's own (equal for VMs Strata defined).
-- spec_json is the API's VmSpec as JSON: configuration, so every change of it is in the history.
-- state is the last power state seen: live state, changed without history (state changes are events).
create table vm (
    id               varchar(36)   not null,
    host_id          varchar(36)   not null,
    hypervisor_id    varchar(255)  not null,
    name             varchar(255)  not null,
    spec_json        varchar(65536) not null,
    state            varchar(16)   not null,
    managed          boolean       not null,
    state_changed_at timestamp(3) with time zone not null,
    created_at       timestamp(3) with time zone not null,
    constraint pk_vm primary key (id),
    constraint fk_vm_host foreign key (host_id) references host (id),
    constraint uq_vm_hypervisor_id unique (host_id, hypervisor_id)
);
create index ix_vm_host on vm (host_id);
