-- Strata configuration repository: indexes for the list orders, found missing by the fleet benchmark
-- (bench/fleet.sh, docs/performance.md). Portable between H2 2.x and PostgreSQL 15 (see V1).

-- VM lists are ordered by name then id, all VMs or those of one host. Without these the database read and
-- sorted every VM for each page, whatever its size: in H2, 8 ms at 20,000 VMs and 1.6 s at 200,000 for the
-- first 50 (bench/jmh.sh, docs/performance.md).
create index ix_vm_name on vm (name, id);
create index ix_vm_host_name on vm (host_id, name, id);
-- Hosts are ordered the same way; the unique name index alone leaves the id tie-break to a sort.
create index ix_host_name on host (name, id);
