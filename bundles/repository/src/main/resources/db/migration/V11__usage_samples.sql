-- Strata configuration repository: the samples behind the cost and utilization report (docs/datacenter.md). Portable
-- between H2 2.x and PostgreSQL 15 (see V1). V9 and V10 belong to other parts of the datacenter layer. Flyway applies
-- whatever versions exist in order, gaps included (V8 then V11 works), but a database that has applied V11 refuses a
-- V9 or V10 that appears afterwards ("Detected resolved migration not applied to database: 9", probed with Flyway
-- 9.22): V9 and V10 must ship in the same release as V11, or before it.
--
-- Each row stands for period_s seconds ending at sampled_at: a raw sample (hourly = false) for the time since the
-- sample before it, or, once older than the raw retention, the roll-up of one hour's raw samples (hourly = true,
-- sampled_at the hour's start, the figures averaged over the hour weighted by each sample's period). No foreign keys:
-- the history of a pool or cluster outlives it.

create table usage_pool_sample (
    pool_id             varchar(36)  not null,
    sampled_at          timestamp(3) with time zone not null,
    hourly              boolean      not null,
    period_s            integer      not null,
    tenant_id           varchar(36),
    cluster_id          varchar(36),
    -- vCPUs and MiB: the pool's reservation, what its powered-on VMs hold, what they were measured using
    cpu_reserved        double precision not null,
    cpu_allocated       double precision not null,
    cpu_used            double precision not null,
    memory_reserved_mb  double precision not null,
    memory_allocated_mb double precision not null,
    memory_used_mb      double precision not null,
    vms                 double precision not null,
    running_vms         double precision not null,
    constraint pk_usage_pool_sample primary key (pool_id, sampled_at)
);
create index ix_usage_pool_sample_tenant on usage_pool_sample (tenant_id, sampled_at);
create index ix_usage_pool_sample_at on usage_pool_sample (sampled_at);

-- hosts: members of the cluster; hosts_on: those the platform reached; hosts_saved: those not in maintenance that it
-- could not reach while the cluster followed the power-saving policy. policy: the policy in force at the sample.
create table usage_cluster_sample (
    cluster_id          varchar(36)  not null,
    sampled_at          timestamp(3) with time zone not null,
    hourly              boolean      not null,
    period_s            integer      not null,
    policy              varchar(32)  not null,
    hosts               double precision not null,
    hosts_on            double precision not null,
    hosts_saved         double precision not null,
    constraint pk_usage_cluster_sample primary key (cluster_id, sampled_at)
);
create index ix_usage_cluster_sample_at on usage_cluster_sample (sampled_at);
