-- Strata configuration repository: which compute hosts see which storage pools (docs/storage.md, "Shared storage").
-- Portable between H2 2.x and PostgreSQL 15 (see V1).
--
-- A pool of a storage host is attached to clusters (every host of the cluster sees it) or to single hosts. A pool
-- with no attachment constrains nothing (Strata does not know who sees it); one with attachments is seen by those
-- hosts only: placement, migration and the start of a VM elsewhere keep its VMs there.
create table storage_attachment (
    storage_host_id varchar(36)  not null,
    pool            varchar(255) not null,
    cluster_id      varchar(36),
    host_id         varchar(36),
    created_at      timestamp(3) with time zone not null,
    constraint fk_storage_attachment_storage foreign key (storage_host_id) references host (id) on delete cascade,
    constraint fk_storage_attachment_cluster foreign key (cluster_id) references cluster (id) on delete cascade,
    constraint fk_storage_attachment_host foreign key (host_id) references host (id) on delete cascade,
    constraint ck_storage_attachment_target check ((cluster_id is null) <> (host_id is null)),
    constraint uq_storage_attachment_cluster unique (storage_host_id, pool, cluster_id),
    constraint uq_storage_attachment_host unique (storage_host_id, pool, host_id)
);
create index ix_storage_attachment_pool on storage_attachment (storage_host_id, pool);
