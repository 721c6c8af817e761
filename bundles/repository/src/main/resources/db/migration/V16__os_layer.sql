-- Strata configuration repository: the OS layer (issue 20, docs/os.md). Portable between H2 2.x and PostgreSQL 15
-- (see V1).

-- Golden images: a volume on a storage host holding a bootable disk of a profile's OS, and for NAS boot its kernel,
-- initrd (paths on the Strata node) and NFS root (server:/path). The profile is a driver's: no foreign key, the driver
-- may be away while its images stay.
create table os_image (
    id              varchar(36)   not null,
    name            varchar(128)  not null,
    profile_id      varchar(64)   not null,
    storage_host_id varchar(36),
    pool            varchar(255),
    volume          varchar(255),
    kernel          varchar(4000),
    initrd          varchar(4000),
    nfs_root        varchar(4000),
    created_at      timestamp with time zone not null,
    constraint pk_os_image primary key (id),
    constraint uq_os_image_name unique (name),
    constraint fk_os_image_host foreign key (storage_host_id) references host (id)
);

-- Install trees: folders on the Strata node the boot service serves under /boot/trees/{id}/.
create table os_install_tree (
    id         varchar(36)   not null,
    name       varchar(128)  not null,
    profile_id varchar(64)   not null,
    path       varchar(4000) not null,
    files      integer       not null,
    created_at timestamp with time zone not null,
    constraint pk_os_install_tree primary key (id),
    constraint uq_os_install_tree_name unique (name)
);

-- One provisioning. open_target_id and open_mac are target_id and boot_mac while it is not final (PREPARING, BOOTING,
-- INSTALLING, INSTALLED): one open provisioning per target and per MAC address, which is how a booting machine is
-- told apart. token_hash is the SHA-256 of the callback token (looked up by it); token is the token itself,
-- encrypted as host passwords are, because the boot service writes it into the machine's iPXE script. request_json is
-- the API's ProvisionRequest, from which the files are rendered again at every request (they are never stored).
create table provisioning (
    id             varchar(36)   not null,
    target_type    varchar(16)   not null,
    target_id      varchar(36)   not null,
    profile_id     varchar(64)   not null,
    driver_id      varchar(64)   not null,
    method         varchar(16)   not null,
    hostname       varchar(63)   not null,
    state          varchar(16)   not null,
    message        varchar(4000),
    task_id        varchar(36),
    image_id       varchar(36),
    tree_id        varchar(36),
    boot_mac       varchar(17)   not null,
    token_hash     varchar(64)   not null,
    token          varchar(512)  not null,
    request_json   varchar(65536) not null,
    open_target_id varchar(36),
    open_mac       varchar(17),
    created_at     timestamp with time zone not null,
    ended_at       timestamp with time zone,
    constraint pk_provisioning primary key (id),
    constraint uq_provisioning_token unique (token_hash),
    constraint uq_provisioning_open_target unique (open_target_id),
    constraint uq_provisioning_open_mac unique (open_mac),
    constraint fk_provisioning_image foreign key (image_id) references os_image (id),
    constraint fk_provisioning_tree foreign key (tree_id) references os_install_tree (id),
    constraint ck_provisioning_method check (method in ('NETWORK_INSTALL', 'IMAGE_DEPLOY', 'SAN_BOOT', 'NAS_BOOT')),
    constraint ck_provisioning_state check (state in ('PREPARING', 'BOOTING', 'INSTALLING', 'INSTALLED', 'BOOTED',
        'FAILED', 'CANCELLED')),
    constraint ck_provisioning_open check ((open_target_id is null) = (state in ('BOOTED', 'FAILED', 'CANCELLED')))
);
create index ix_provisioning_created on provisioning (created_at);

-- What happened to a provisioning, in order: Strata's steps and the callbacks it received.
create table provisioning_step (
    provisioning_id varchar(36)   not null,
    seq             integer       not null,
    step            varchar(64)   not null,
    detail          varchar(4000),
    at              timestamp with time zone not null,
    constraint pk_provisioning_step primary key (provisioning_id, seq),
    constraint fk_provisioning_step foreign key (provisioning_id) references provisioning (id) on delete cascade
);
