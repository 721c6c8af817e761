package org.strata.shell.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.security.PrivilegedAction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.security.auth.Subject;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.impl.action.command.DefaultActionPreparator;
import org.junit.Test;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.datacenter.Quota;
import org.strata.api.datacenter.Tenant;
import org.strata.api.datacenter.TenantService;
import org.strata.api.inventory.InventoryService;
import org.strata.api.inventory.ResourcePool;
import org.strata.shell.ActionRunner;
import org.strata.shell.ActionRunner.Result;
import org.strata.shell.StrataAction;
import org.strata.shell.jaas.RolePrincipal;
import org.strata.shell.jaas.UserPrincipal;

/**
 * The shell applies the same tenant scope as REST and SOAP, from the session subject's roles: bob, a tenant user of
 * acme, lists acme's VM only, gets NOT_FOUND for a VM outside acme's pools, and FORBIDDEN for infrastructure.
 */
public class TenantScopeCommandsTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private final ServicesForTests.VmServiceForTests vms = new ServicesForTests.VmServiceForTests();
    private final ServicesForTests.TaskServiceForTests tasks = new ServicesForTests.TaskServiceForTests();
    private final ServicesForTests.InventoryServiceForTests realInventory =
            new ServicesForTests.InventoryServiceForTests();
    private final List<Tenant> tenantList = List.of(
            new Tenant("t-1", "acme", null, new Quota(null, null, null, null), T0),
            new Tenant("t-2", "globex", null, new Quota(null, null, null, null), T0));

    /** The test inventory, with pools of two tenants: p-acme (t-1) and p-globex (t-2). */
    private final InventoryService inventory = (InventoryService) Proxy.newProxyInstance(
            InventoryService.class.getClassLoader(), new Class<?>[] {InventoryService.class}, (proxy, method, args) -> {
                if (method.getName().equals("pools")) {
                    PageRequest page = (PageRequest) args[1];
                    List<ResourcePool> all = List.of(pool("p-acme", "t-1"), pool("p-globex", "t-2"));
                    return new Page<>(all, page.offset(), page.limit(), all.size());
                }
                try {
                    return method.invoke(realInventory, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });

    private final TenantService tenants = (TenantService) Proxy.newProxyInstance(
            TenantService.class.getClassLoader(),
            new Class<?>[] {TenantService.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "tenantNamed" ->
                    tenantList.stream()
                            .filter(t -> t.name().equals(args[0]))
                            .findFirst()
                            .orElseThrow(() -> StrataException.notFound("tenant", (String) args[0]));
                case "tenant" ->
                    tenantList.stream()
                            .filter(t -> t.id().equals(args[0]))
                            .findFirst()
                            .orElseThrow(() -> StrataException.notFound("tenant", (String) args[0]));
                case "tenants" -> new Page<>(tenantList, 0, 50, tenantList.size());
                default -> throw new UnsupportedOperationException(method.getName());
            });

    private static ResourcePool pool(String id, String tenant) {
        return new ResourcePool(id, "dc-1", null, id, null, null, null, T0, null, tenant, 4000, 4000, 0, 0, true);
    }

    private static Session session() {
        return (Session) Proxy.newProxyInstance(
                Session.class.getClassLoader(),
                new Class<?>[] {Session.class},
                (proxy, method, args) -> method.getReturnType() == boolean.class ? Boolean.FALSE : null);
    }

    /** Runs a command as Karaf would, inside a session subject of this user with these roles. */
    private Result runAs(String user, Set<String> roles, StrataAction action, Object... args) throws Exception {
        assertTrue(new DefaultActionPreparator().prepare(action, session(), List.of(args)));
        for (Class<?> c = action.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(Reference.class)) {
                    f.setAccessible(true);
                    for (Object service : List.of(vms, inventory, tasks, tenants)) {
                        if (f.getType().isInstance(service)) {
                            f.set(action, service);
                        }
                    }
                }
            }
        }
        List<Principal> principals = new ArrayList<>();
        principals.add(new UserPrincipal(user));
        roles.forEach(r -> principals.add(new RolePrincipal(r)));
        Subject subject = new Subject(false, Set.copyOf(principals), Set.of(), Set.of());
        return Subject.doAs(subject, (PrivilegedAction<Result>) () -> ActionRunner.run(action));
    }

    private Result bob(StrataAction action, Object... args) throws Exception {
        return runAs("bob", Set.of("tenant-user", "tenant:acme", "ssh"), action, args);
    }

    @Test
    public void aTenantUserListsOnlyItsTenantsVms() throws Exception {
        Result list = bob(new VmList());
        assertNull(list.failure());
        assertTrue(list.out(), list.out().contains("vm-a") && list.out().contains("acme-web"));
        assertFalse(list.out(), list.out().contains("vm-1"));
        assertTrue(list.out(), list.out().contains("Showing 1-1 of 1"));
        Result carol = runAs("carol", Set.of("tenant-user", "tenant:globex"), new VmList());
        assertTrue(carol.out(), carol.out().contains("Showing 0 of 0"));
        // A platform viewer who also holds tenant roles is unscoped, as over REST.
        Result vera = runAs("vera", Set.of("viewer", "tenant-user", "tenant:acme"), new VmList());
        assertTrue(vera.out(), vera.out().contains("vm-1"));
        assertEquals(
                "FORBIDDEN: this needs a platform role (admin, operator or viewer)",
                bob(new VmList(), "--host", "h-1").failure());
    }

    @Test
    public void anotherTenantsVmIsNotFound() throws Exception {
        assertTrue(bob(new VmInfoCommand(), "vm-a").out().contains("acme-web"));
        assertEquals(
                "NOT_FOUND: VM 'vm-1' does not exist",
                bob(new VmInfoCommand(), "vm-1").failure());
        assertEquals(
                "NOT_FOUND: VM 'vm-1' does not exist",
                bob(new VmStart(), "vm-1").failure());
        assertEquals(
                "NOT_FOUND: VM 'vm-1' does not exist",
                bob(new VmDelete(), "vm-1").failure());
        assertNull(bob(new VmStart(), "vm-a").failure());
        assertEquals(List.of("start", "vm-a"), vms.last().subList(0, 2));
    }

    @Test
    public void aTenantUserNamesAPoolNotAHost() throws Exception {
        // (The "-" host of vm-create, for placement, is read by Karaf's parser as an undefined option; REST and SOAP
        // are where a tenant user creates without a host.)
        assertTrue(bob(new VmCreate(), "--pool", "p-acme", "--cpus", "1", "--memory", "256", "h-1", "x")
                .failure()
                .contains("names a pool only"));
    }

    @Test
    public void tasksAreThoseAboutItsVms() throws Exception {
        Result own = bob(new TaskInfo(), "task-a");
        assertNull(own.failure());
        assertTrue(own.out(), own.out().contains("vm-a"));
        assertEquals(
                "NOT_FOUND: task 'task-vm.start' does not exist",
                bob(new TaskInfo(), "task-1").failure());
        assertEquals(
                "NOT_FOUND: task 'task-vm.start' does not exist",
                bob(new TaskCancel(), "task-1").failure());
        assertEquals(
                "FORBIDDEN: this needs a platform role (admin, operator or viewer)",
                bob(new TaskList()).failure());
    }

    @Test
    public void infrastructureCommandsAreRefusedAndListsAreScoped() throws Exception {
        assertEquals(
                "FORBIDDEN: this needs a platform role (admin, operator or viewer)",
                bob(new HostList()).failure());
        Result pools = bob(new PoolList());
        assertTrue(pools.out(), pools.out().contains("p-acme") && !pools.out().contains("p-globex"));
        Result tenantsSeen = bob(new TenantList());
        assertTrue(
                tenantsSeen.out(),
                tenantsSeen.out().contains("acme") && !tenantsSeen.out().contains("globex"));
        assertEquals(
                "NOT_FOUND: tenant 't-2' does not exist",
                bob(new TenantUsageCommand(), "t-2").failure());
    }
}
