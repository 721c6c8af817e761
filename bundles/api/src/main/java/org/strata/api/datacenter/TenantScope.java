package org.strata.api.datacenter;

import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.strata.api.ErrorCode;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.inventory.InventoryService;
import org.strata.api.inventory.ResourcePool;
import org.strata.api.task.Task;
import org.strata.api.vm.VirtualMachine;

/**
 * What a user may see and change, from its JAAS roles (since 1.1): the one rule that REST, SOAP and the shell apply
 * alike. A user with a platform role ({@code admin}, {@code operator}, its old name {@code manager}, {@code viewer}) is
 * <em>unscoped</em>: it sees everything its role lets it. A user without one but with {@code tenant-admin} or
 * {@code tenant-user} is <em>scoped</em> to the tenants its roles {@code tenant:<name>} name: it sees those tenants,
 * their pools and the VMs in them, and nothing else. Another tenant's object answers NOT_FOUND, as if it did not exist,
 * so that nothing leaks; infrastructure (hosts, clusters, datacenters, drivers, placement) answers FORBIDDEN, since
 * that it exists is no secret.
 *
 * @param scoped     whether the user is limited to its tenants
 * @param poolAdmin  whether it may create, change and delete its tenants' pools ({@code tenant-admin})
 * @param principal  the user's name: the tasks it submitted are its own
 * @param tenantIds  ids of its tenants (empty when unscoped: the sets mean nothing then)
 * @param poolIds    ids of its tenants' pools, children included
 */
public record TenantScope(
        boolean scoped, boolean poolAdmin, String principal, Set<String> tenantIds, Set<String> poolIds) {

    /** Roles that make a user unscoped. */
    public static final Set<String> PLATFORM_ROLES = Set.of("admin", "operator", "manager", "viewer");

    public static final String TENANT_ADMIN = "tenant-admin";
    public static final String TENANT_USER = "tenant-user";
    public static final String TENANT_ROLE_PREFIX = "tenant:";

    /** What a scoped user is told on infrastructure. */
    public static final String NEEDS_PLATFORM_ROLE = "this needs a platform role (admin, operator or viewer)";

    public TenantScope {
        tenantIds = Set.copyOf(tenantIds);
        poolIds = Set.copyOf(poolIds);
    }

    /** The scope of a platform user: everything. */
    public static TenantScope unscoped(String principal) {
        return new TenantScope(false, true, principal, Set.of(), Set.of());
    }

    /** Whether roles make a user scoped (no platform role, a tenant role), before any lookup. */
    public static boolean isScoped(Collection<String> roles) {
        return roles.stream().noneMatch(PLATFORM_ROLES::contains)
                && (roles.contains(TENANT_ADMIN) || roles.contains(TENANT_USER));
    }

    /** The tenant names that roles {@code tenant:<name>} give, lower case. */
    public static Set<String> tenantNames(Collection<String> roles) {
        Set<String> names = new TreeSet<>();
        for (String role : roles) {
            if (role.startsWith(TENANT_ROLE_PREFIX) && role.length() > TENANT_ROLE_PREFIX.length()) {
                names.add(role.substring(TENANT_ROLE_PREFIX.length()).toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    /**
     * The scope of a user with these roles. Unscoped users cost nothing; a scoped one costs a lookup per tenant role
     * and one pass over the pools. A role naming a tenant that does not exist gives nothing.
     */
    public static TenantScope of(
            String principal, Collection<String> roles, TenantService tenants, InventoryService inventory) {
        if (!isScoped(roles)) {
            return unscoped(principal);
        }
        Set<String> tenantIds = new HashSet<>();
        for (String name : tenantNames(roles)) {
            try {
                tenantIds.add(tenants.tenantNamed(name).id());
            } catch (StrataException e) {
                if (e.code() != ErrorCode.NOT_FOUND) {
                    throw e;
                }
            }
        }
        Set<String> poolIds = new HashSet<>();
        if (!tenantIds.isEmpty()) {
            for (ResourcePool p : allPools(inventory, null)) {
                if (p.tenantId() != null && tenantIds.contains(p.tenantId())) {
                    poolIds.add(p.id());
                }
            }
        }
        return new TenantScope(true, roles.contains(TENANT_ADMIN), principal, tenantIds, poolIds);
    }

    // ---- lists

    /**
     * One page of the pools the user sees, of a datacenter or all ({@code datacenterId} may be null), in the
     * inventory's order. A tenant has few pools, so they are read in full and the page cut here.
     */
    public Page<ResourcePool> pools(InventoryService inventory, String datacenterId, PageRequest page) {
        if (!scoped) {
            return inventory.pools(datacenterId, page);
        }
        java.util.List<ResourcePool> visible = poolIds.isEmpty()
                ? java.util.List.of()
                : allPools(inventory, datacenterId).stream()
                        .filter(p -> seesPool(p.id()))
                        .toList();
        int from = Math.min(page.offset(), visible.size());
        int to = Math.min(from + page.limit(), visible.size());
        return new Page<>(visible.subList(from, to), page.offset(), page.limit(), visible.size());
    }

    /** One page of the tenants the user sees, by name. */
    public Page<Tenant> tenants(TenantService service, PageRequest page) {
        if (!scoped) {
            return service.tenants(page);
        }
        java.util.List<Tenant> visible = tenantIds.stream()
                .map(service::tenant)
                .sorted(java.util.Comparator.comparing(Tenant::name))
                .toList();
        int from = Math.min(page.offset(), visible.size());
        int to = Math.min(from + page.limit(), visible.size());
        return new Page<>(visible.subList(from, to), page.offset(), page.limit(), visible.size());
    }

    /** The parts of pool trees the user sees: each of its tenants' topmost pools, with its subtree, as a root. */
    public java.util.List<PoolUsage> tree(java.util.List<PoolUsage> roots) {
        if (!scoped) {
            return roots;
        }
        java.util.List<PoolUsage> visible = new java.util.ArrayList<>();
        java.util.ArrayDeque<PoolUsage> todo = new java.util.ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            PoolUsage pool = todo.pop();
            if (seesPool(pool.poolId())) {
                visible.add(pool);
            } else if (pool.children() != null) {
                todo.addAll(pool.children());
            }
        }
        return visible;
    }

    /** Every pool, of a datacenter or all, page after page: a platform has few pools (hundreds, not millions). */
    private static java.util.List<ResourcePool> allPools(InventoryService inventory, String datacenterId) {
        java.util.List<ResourcePool> all = new java.util.ArrayList<>();
        while (true) {
            Page<ResourcePool> page = inventory.pools(datacenterId, new PageRequest(all.size(), PageRequest.MAX_LIMIT));
            all.addAll(page.items());
            if (page.items().isEmpty() || all.size() >= page.total()) {
                return all;
            }
        }
    }

    // ---- questions

    public boolean seesTenant(String tenantId) {
        return !scoped || tenantIds.contains(tenantId);
    }

    public boolean seesPool(String poolId) {
        return !scoped || (poolId != null && poolIds.contains(poolId));
    }

    public boolean seesVm(VirtualMachine vm) {
        return seesPool(vm.poolId());
    }

    /** A task the user submitted, or one about a VM it sees ({@code vmOf} reads a VM by id, null when none). */
    public boolean seesTask(Task task, java.util.function.Function<String, VirtualMachine> vmOf) {
        if (!scoped || Objects.equals(task.principal(), principal)) {
            return true;
        }
        if (!"vm".equalsIgnoreCase(task.targetType()) || task.targetId() == null) {
            return false;
        }
        VirtualMachine vm = vmOf.apply(task.targetId());
        return vm != null && seesVm(vm);
    }

    // ---- checks that answer as REST, SOAP and the shell must

    /** The tenant, or NOT_FOUND when the user may not see it. */
    public Tenant tenant(Tenant tenant) {
        return visible(tenant, t -> seesTenant(t.id()), "tenant", tenant.id());
    }

    /** The pool, or NOT_FOUND when the user may not see it. */
    public ResourcePool pool(ResourcePool pool) {
        return visible(pool, p -> seesPool(p.id()), "pool", pool.id());
    }

    /** The VM, or NOT_FOUND when the user may not see it. */
    public VirtualMachine vm(VirtualMachine vm) {
        return visible(vm, this::seesVm, "VM", vm.id());
    }

    /** The task, or NOT_FOUND unless the user submitted it or sees the VM it is about. */
    public Task task(Task task, org.strata.api.vm.VmService vms) {
        return visible(
                task,
                t -> seesTask(t, id -> {
                    try {
                        return vms.vm(id);
                    } catch (StrataException e) {
                        return null;
                    }
                }),
                "task",
                task.id());
    }

    /** NOT_FOUND unless the user sees that pool (for an id given in a request). */
    public void requirePool(String poolId) {
        if (!seesPool(poolId)) {
            throw StrataException.notFound("pool", poolId);
        }
    }

    /** FORBIDDEN for a scoped user: infrastructure, and changes only platform roles make. */
    public void requirePlatform() {
        if (scoped) {
            throw new StrataException(ErrorCode.FORBIDDEN, NEEDS_PLATFORM_ROLE);
        }
    }

    /** FORBIDDEN for a scoped user who is not a tenant admin: changing pools. */
    public void requirePoolAdmin() {
        if (scoped && !poolAdmin) {
            throw new StrataException(
                    ErrorCode.FORBIDDEN, "changing pools needs the role tenant-admin or a platform role");
        }
    }

    /**
     * Checks a VM's creation: a scoped user names a pool of its tenants and no host (placement chooses); INVALID_INPUT
     * or NOT_FOUND otherwise.
     */
    public void checkCreate(String hostId, String poolId) {
        if (!scoped) {
            return;
        }
        if (hostId != null && !hostId.isBlank()) {
            throw StrataException.invalid("a tenant user names a pool only, not a host: placement chooses the host");
        }
        if (poolId == null || poolId.isBlank()) {
            throw StrataException.invalid("poolId is required: a tenant user creates VMs in a pool of its tenant");
        }
        requirePool(poolId);
    }

    /**
     * Checks a pool's creation or change by a scoped user: a tenant admin, the pool under a pool of its tenants
     * ({@code existing} is null on a create), the tenant, when named, one of its own.
     */
    public void checkPool(org.strata.api.inventory.PoolSpec spec, ResourcePool existing) {
        if (!scoped) {
            return;
        }
        requirePoolAdmin();
        if (existing != null) {
            pool(existing);
        }
        String parent = spec.parentId() != null ? spec.parentId() : existing == null ? null : existing.parentId();
        if (parent == null) {
            throw StrataException.invalid(
                    "a tenant admin's pool goes under a pool of its tenant: parentId is required");
        }
        requirePool(parent);
        if (spec.tenantId() != null && !tenantIds.contains(spec.tenantId())) {
            throw StrataException.notFound("tenant", spec.tenantId());
        }
    }

    private static <T> T visible(T object, Predicate<T> sees, String kind, String id) {
        if (!sees.test(object)) {
            throw StrataException.notFound(kind, id);
        }
        return object;
    }
}
