package org.strata.repository.jdbc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.history.HistoryEntry;
import org.strata.api.inventory.Datacenter;
import org.strata.api.inventory.DatacenterSpec;
import org.strata.repository.ClusterStore;
import org.strata.repository.ConfigRepository;
import org.strata.repository.DatacenterStore;
import org.strata.repository.EventStore;
import org.strata.repository.HistoryStore;
import org.strata.repository.HostStore;
import org.strata.repository.MachineStore;
import org.strata.repository.RepositoryState;
import org.strata.repository.TaskStore;
import org.strata.repository.TenantStore;
import org.strata.repository.VmStore;

/**
 * What the component registers: each store under its own interface, as an object of its own, and nothing under the
 * union; and that it withdraws them before it closes the database. The framework is a hand-written fake bundle
 * context (no OSGi framework runs in unit tests) that records registrations; the database is a real H2 file. The
 * distribution's integration tests run the component in Karaf.
 */
public class RepositoryComponentTest {

    private static final List<Class<?>> STORES = List.of(
            DatacenterStore.class,
            HostStore.class,
            MachineStore.class,
            VmStore.class,
            HistoryStore.class,
            EventStore.class,
            TaskStore.class,
            RepositoryState.class,
            ClusterStore.class,
            TenantStore.class,
            org.strata.repository.AffinityStore.class,
            org.strata.repository.UsageStore.class,
            org.strata.repository.VolumeStore.class,
            org.strata.repository.HaStore.class,
            org.strata.repository.OsStore.class,
            org.strata.repository.PatchStore.class);

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private record Registration(Class<?> type, Object service, Object description) {}

    private final List<Registration> registered = new ArrayList<>();
    private final List<Class<?>> unregistered = new ArrayList<>();

    @Test
    public void eachStoreIsAServiceOfItsOwnUntilDeactivation() throws Exception {
        RepositoryComponent component = new RepositoryComponent(config(), fakeContext());

        assertEquals(STORES, registered.stream().map(Registration::type).toList());
        Map<Object, Boolean> objects = new IdentityHashMap<>();
        for (Registration r : registered) {
            assertTrue(
                    r.type().getSimpleName() + " is served by a "
                            + r.service().getClass().getSimpleName(),
                    r.type().isInstance(r.service()));
            assertFalse("no store is the union", r.service() instanceof ConfigRepository);
            assertEquals("Strata configuration repository: " + r.type().getSimpleName(), r.description());
            objects.put(r.service(), true);
        }
        assertEquals("one object per store", STORES.size(), objects.size());

        // The stores work together over one database: a change made through one is in the history of another.
        Datacenter dc = service(DatacenterStore.class).createDatacenter(new DatacenterSpec("paris", null), "alice");
        List<HistoryEntry> history = service(HistoryStore.class)
                .history("datacenter", dc.id(), PageRequest.first())
                .items();
        assertEquals(
                List.of(HistoryEntry.Action.CREATE),
                history.stream().map(HistoryEntry::action).toList());
        assertTrue(service(RepositoryState.class).health().up());

        component.deactivate();
        List<Class<?>> reversed = new ArrayList<>(STORES);
        Collections.reverse(reversed);
        assertEquals("withdrawn last first", reversed, unregistered);
        assertThrows(
                "the database is closed after the services went",
                StrataException.class,
                () -> service(DatacenterStore.class).datacenters(PageRequest.first()));
    }

    private <S> S service(Class<S> type) {
        return registered.stream()
                .filter(r -> r.type() == type)
                .map(r -> type.cast(r.service()))
                .findFirst()
                .orElseThrow();
    }

    private RepositoryComponent.Config config() {
        Path dir = temp.getRoot().toPath();
        Map<String, Object> values = Map.of(
                "url",
                "jdbc:h2:file:" + dir.resolve("strata/repository") + ";WRITE_DELAY=0",
                "user",
                "sa",
                "password",
                "pw",
                "passwordFile",
                "",
                "keyFile",
                dir.resolve("strata-secret.key").toString(),
                "poolSize",
                2,
                "failure_stops_platform",
                false);
        return (RepositoryComponent.Config) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {RepositoryComponent.Config.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return RepositoryComponent.Config.class;
                    }
                    Object value = values.get(method.getName());
                    if (value == null) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return value;
                });
    }

    /** Records registerService(Class, Object, Dictionary) and unregister(); refuses everything else. */
    private BundleContext fakeContext() {
        return (BundleContext) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("registerService") && args[0] instanceof Class<?> type) {
                        Dictionary<?, ?> properties = (Dictionary<?, ?>) args[2];
                        registered.add(new Registration(type, args[1], properties.get(Constants.SERVICE_DESCRIPTION)));
                        return Proxy.newProxyInstance(
                                getClass().getClassLoader(), new Class<?>[] {ServiceRegistration.class}, (r, m, a) -> {
                                    if (m.getName().equals("unregister")) {
                                        unregistered.add(type);
                                        return null;
                                    }
                                    throw new UnsupportedOperationException(m.getName());
                                });
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
