-- Strata configuration repository: bare-metal machines.
-- Portable between H2 2.x and PostgreSQL 15 (see V1).

-- A bare-metal machine is a host whose driver is a hardware driver and whose address is its BMC's
-- "host:port". This row holds what its BMC says of it; the GUID identifies the machine wherever its BMC
-- answers, so a BMC seen again at another address is matched, not added twice. Identity fields are
-- observations (rewritten without history); creating the machine and moving its address are configuration
-- and are recorded in the host's history.
create table machine (
    host_id           varchar(36)   not null,
    guid              varchar(64)   not null,
    manufacturer      varchar(255),
    product           varchar(255),
    firmware_revision varchar(255),
    last_seen_at      timestamp(3) with time zone not null,
    constraint pk_machine primary key (host_id),
    constraint fk_machine_host foreign key (host_id) references host (id),
    constraint uq_machine_guid unique (guid)
);
