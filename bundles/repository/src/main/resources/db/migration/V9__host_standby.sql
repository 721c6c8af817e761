-- Strata configuration repository: power management (issue 17). A cluster host that power management emptied and
-- powered off through its BMC is in standby: it gets no VMs until power management has powered it on again and its
-- hypervisor answers. standby_since is when it entered standby (NULL when it is not in standby). Portable between
-- H2 2.x and PostgreSQL 15 (see V1).

alter table cluster_host add column standby boolean default false not null;
alter table cluster_host add column standby_since timestamp(3) with time zone;
