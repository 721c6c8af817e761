-- Strata configuration repository: a host names the bare-metal machine whose BMC manages its power.
-- Portable between H2 2.x and PostgreSQL 15 (see V1).

-- Nullable: most hosts have no BMC known to Strata. The foreign key keeps a named BMC from vanishing under
-- the host; the repository refuses such a delete first with a message naming the host that uses it.
alter table host add column bmc_host_id varchar(36);
alter table host add constraint fk_host_bmc foreign key (bmc_host_id) references host (id);
