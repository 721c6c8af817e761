-- Strata configuration repository: what the repository knows about itself. Portable between H2 2.x and
-- PostgreSQL 15 (see V1).

-- One row. demo_seed_pending is set only by the start that created the repository (never by this migration), so
-- the demo datacenter is offered to a repository that was really made new, and never to one that merely looks
-- empty. write_checked_at is the last time the health check found the repository writable after a write failed.
create table repository_info (
    id                integer not null,
    demo_seed_pending boolean not null,
    write_checked_at  timestamp(3) with time zone,
    constraint pk_repository_info primary key (id),
    constraint ck_repository_info_one_row check (id = 1)
);
insert into repository_info (id, demo_seed_pending) values (1, false);
