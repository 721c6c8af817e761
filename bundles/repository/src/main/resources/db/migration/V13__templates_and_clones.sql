-- Strata configuration repository: templates and where cloned VMs came from (docs/api.md, "Snapshots, templates
-- and clones"). Portable between H2 2.x and PostgreSQL 15 (see V1).

-- A template is a stopped VM that cannot be started; it is what linked clones share disks with.
alter table vm add column template boolean default false not null;
-- The VM or template a VM was cloned from. No foreign key: a full clone outlives its source. A linked clone's
-- source cannot be deleted while the clone exists, which core checks (with a message naming the clones).
alter table vm add column origin_id varchar(36);
alter table vm add column origin_linked boolean default false not null;
alter table vm add column origin_snapshot varchar(255);
-- "Which linked clones use this template" is asked at every delete of a VM.
create index ix_vm_origin on vm (origin_id);
