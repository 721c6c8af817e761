-- Strata configuration repository: patching (issue 21, docs/os-patching.md). Portable between H2 2.x and
-- PostgreSQL 15 (see V1).

-- Package repositories. A local one (is_local) is Strata's own: its files are on the Strata node and its url is not
-- stored (null), because it follows Strata's address; an external one keeps the url guests reach it at.
create table patch_repository (
    id          varchar(36)   not null,
    name        varchar(64)   not null,
    family      varchar(64)   not null,
    is_local    boolean       not null,
    url         varchar(4000),
    suite       varchar(255)  not null,
    components  varchar(4000) not null,
    created_at  timestamp with time zone not null,
    constraint pk_patch_repository primary key (id),
    constraint uq_patch_repository_name unique (name),
    constraint ck_patch_repository_url check (is_local = (url is null))
);

-- A local repository's package files, as their control data names them. One file per name, version and
-- architecture (its file name follows from them, and is unique too).
create table patch_repository_package (
    repository_id varchar(36)   not null,
    file_name     varchar(512)  not null,
    name          varchar(255)  not null,
    version       varchar(255)  not null,
    architecture  varchar(64)   not null,
    size_bytes    bigint        not null,
    sha256        varchar(64)   not null,
    uploaded_at   timestamp with time zone not null,
    constraint pk_patch_repository_package primary key (repository_id, file_name),
    constraint uq_patch_repository_package unique (repository_id, name, version, architecture),
    constraint fk_patch_repository_package foreign key (repository_id) references patch_repository (id)
        on delete cascade
);

-- Baselines. Deleting a repository a baseline names is refused (the foreign key, without cascade).
create table patch_baseline (
    id            varchar(36)   not null,
    name          varchar(128)  not null,
    profile_id    varchar(64)   not null,
    repository_id varchar(36)   not null,
    everything    boolean       not null,
    created_at    timestamp with time zone not null,
    updated_at    timestamp with time zone not null,
    constraint pk_patch_baseline primary key (id),
    constraint uq_patch_baseline_name unique (name),
    constraint fk_patch_baseline_repository foreign key (repository_id) references patch_repository (id)
);

-- A baseline's required packages, in the order given.
create table patch_baseline_package (
    baseline_id     varchar(36)  not null,
    seq             integer      not null,
    name            varchar(255) not null,
    minimum_version varchar(255),
    constraint pk_patch_baseline_package primary key (baseline_id, seq),
    constraint fk_patch_baseline_package foreign key (baseline_id) references patch_baseline (id) on delete cascade
);

-- The software a VM, template or golden image had when last read: one row per target, replaced on each read. Its
-- packages are one text of lines "name TAB version TAB architecture": a guest has thousands, always read and written
-- whole, never queried one by one (rows per package made a read of 3,000 packages thousands of inserts).
create table patch_software (
    target_kind varchar(16)   not null,
    target_id   varchar(36)   not null,
    method      varchar(16)   not null,
    os          varchar(255),
    family      varchar(64),
    package_count integer     not null,
    packages    varchar(10000000) not null,
    read_at     timestamp with time zone not null,
    constraint pk_patch_software primary key (target_kind, target_id),
    constraint ck_patch_software_kind check (target_kind in ('VM', 'TEMPLATE', 'IMAGE'))
);

-- Each target's verdict against a baseline at its last scan: replaced per scan, gone with the baseline. missing is
-- lines "name TAB required TAB installed" (an empty field for null).
create table patch_compliance (
    baseline_id varchar(36)   not null,
    target_kind varchar(16)   not null,
    target_id   varchar(36)   not null,
    target_name varchar(255)  not null,
    status      varchar(16)   not null,
    method      varchar(16),
    missing     varchar(10000000) not null,
    reason      varchar(4000),
    scanned_at  timestamp with time zone not null,
    constraint pk_patch_compliance primary key (baseline_id, target_kind, target_id),
    constraint fk_patch_compliance_baseline foreign key (baseline_id) references patch_baseline (id)
        on delete cascade,
    constraint ck_patch_compliance_kind check (target_kind in ('VM', 'TEMPLATE', 'IMAGE')),
    constraint ck_patch_compliance_status check (status in ('COMPLIANT', 'NON_COMPLIANT', 'UNKNOWN',
        'NOT_APPLICABLE'))
);
create index ix_patch_compliance_target on patch_compliance (target_kind, target_id);

-- Patch windows: remediation against a baseline when the window opens (start and end are Quartz cron expressions
-- read in zone). targets is lines "KIND TAB id" (empty: what the baseline's last scan found non-compliant).
-- last_opened is the opening of the window's last run: a window runs once per opening, across restarts too.
create table patch_window (
    id           varchar(36)   not null,
    name         varchar(64)   not null,
    baseline_id  varchar(36)   not null,
    targets      varchar(1000000) not null,
    start_cron   varchar(255)  not null,
    end_cron     varchar(255)  not null,
    zone         varchar(64)   not null,
    batch_size   integer       not null,
    last_opened  timestamp with time zone,
    last_task_id varchar(36),
    created_at   timestamp with time zone not null,
    constraint pk_patch_window primary key (id),
    constraint uq_patch_window_name unique (name),
    constraint fk_patch_window_baseline foreign key (baseline_id) references patch_baseline (id) on delete cascade,
    constraint ck_patch_window_batch check (batch_size > 0)
);
