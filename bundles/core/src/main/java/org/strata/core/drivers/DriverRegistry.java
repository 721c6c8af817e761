package org.strata.core.drivers;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.driver.DriverAccepts;
import org.strata.api.driver.DriverInfo;
import org.strata.api.driver.DriverService;
import org.strata.api.event.Event;
import org.strata.api.inventory.HostKind;
import org.strata.core.events.EventLog;
import org.strata.repository.StoredHost;
import org.strata.spi.Driver;
import org.strata.spi.DriverDescriptor;
import org.strata.spi.Vocabulary;
import org.strata.spi.hardware.HardwareDriver;
import org.strata.spi.hypervisor.HypervisorDriver;
import org.strata.spi.storage.StorageDriver;

/**
 * Every driver running in the platform, tracked as OSGi services. Declarative Services calls bind and
 * unbind as driver bundles start, stop, update or go away; nothing else in the platform restarts. A host
 * whose driver is absent is reported as DRIVER_UNAVAILABLE and operations on it fail at once.
 */
@Component(service = {DriverRegistry.class, DriverService.class})
public final class DriverRegistry implements DriverService {

    private static final Logger LOG = LoggerFactory.getLogger(DriverRegistry.class);

    private record Registered(Driver driver, DriverDescriptor descriptor, String bundle, long serviceId) {}

    private final EventLog events;
    private final Map<String, Registered> drivers = new ConcurrentHashMap<>();
    private final List<Consumer<String>> removalListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> arrivalListeners = new CopyOnWriteArrayList<>();

    @Activate
    public DriverRegistry(@Reference EventLog events) {
        this.events = events;
    }

    @Reference(
            service = Driver.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            unbind = "unbindDriver")
    void bindDriver(Driver driver, ServiceReference<?> reference) {
        register(driver, bundleName(reference), serviceId(reference));
    }

    void unbindDriver(Driver driver, ServiceReference<?> reference) {
        unregister(serviceId(reference));
    }

    /** Adds a driver; {@code serviceId} identifies its registration, {@code bundle} names who ships it. */
    public void register(Driver driver, String bundle, long serviceId) {
        DriverDescriptor descriptor;
        try {
            descriptor = driver.descriptor();
        } catch (RuntimeException e) {
            LOG.error("Ignoring a driver from bundle {}: its descriptor failed", bundle, e);
            return;
        }
        Registered entry = new Registered(driver, descriptor, bundle, serviceId);
        Registered existing = drivers.putIfAbsent(descriptor.id(), entry);
        if (existing != null) {
            events.record(
                    Event.Severity.WARNING,
                    "DRIVER_DUPLICATE",
                    "driver",
                    descriptor.id(),
                    "Driver id '" + descriptor.id() + "' from bundle " + entry.bundle() + " is ignored: bundle "
                            + existing.bundle() + " already provides it");
            return;
        }
        LOG.info(
                "Driver {} {} ({}) registered by bundle {}",
                descriptor.id(),
                descriptor.version(),
                descriptor.kind(),
                entry.bundle());
        events.record(
                Event.Severity.INFO,
                "DRIVER_REGISTERED",
                "driver",
                descriptor.id(),
                "Driver " + descriptor.id() + " " + descriptor.version() + " is available");
        notify(arrivalListeners, descriptor.id(), "arrived");
    }

    // A ConcurrentHashMap: its iterator is weakly consistent, and removing the entry seen is allowed.
    @SuppressWarnings("ModifyCollectionInEnhancedForLoop")
    public void unregister(long serviceId) {
        for (Map.Entry<String, Registered> e : drivers.entrySet()) {
            // By service id, so that an ignored duplicate going away never removes the driver that won.
            if (e.getValue().serviceId() == serviceId && drivers.remove(e.getKey(), e.getValue())) {
                LOG.info("Driver {} unregistered", e.getKey());
                events.record(
                        Event.Severity.WARNING,
                        "DRIVER_UNREGISTERED",
                        "driver",
                        e.getKey(),
                        "Driver " + e.getKey()
                                + " is no longer available; hosts it manages are unavailable until it returns");
                notify(removalListeners, e.getKey(), "went away");
            }
        }
    }

    /**
     * Tells {@code listener} the id of every driver that goes away, after it has gone, so that whoever holds
     * sessions of that driver can close them (a stopped bundle's classes must not stay in use).
     *
     * @return closing it ends the subscription
     */
    public AutoCloseable onRemoval(Consumer<String> listener) {
        removalListeners.add(listener);
        return () -> removalListeners.remove(listener);
    }

    /**
     * Tells {@code listener} the id of every driver that arrives (a bundle started or was updated), after it
     * is usable, so that the hosts it manages can be caught up with at once rather than at the next reconcile.
     *
     * @return closing it ends the subscription
     */
    public AutoCloseable onArrival(Consumer<String> listener) {
        arrivalListeners.add(listener);
        return () -> arrivalListeners.remove(listener);
    }

    private static void notify(List<Consumer<String>> listeners, String driverId, String what) {
        for (Consumer<String> listener : listeners) {
            try {
                listener.accept(driverId);
            } catch (RuntimeException ex) {
                LOG.warn("A listener failed when driver {} {}", driverId, what, ex);
            }
        }
    }

    @Override
    public List<DriverInfo> drivers() {
        return drivers.values().stream()
                .map(DriverRegistry::info)
                .sorted(Comparator.comparing(DriverInfo::id))
                .toList();
    }

    @Override
    public DriverInfo driver(String id) {
        Registered entry = drivers.get(id);
        if (entry == null) {
            throw StrataException.notFound("driver", id);
        }
        return info(entry);
    }

    public boolean isAvailable(String driverId) {
        return drivers.containsKey(driverId);
    }

    public Optional<DriverDescriptor> descriptor(String driverId) {
        return Optional.ofNullable(drivers.get(driverId)).map(Registered::descriptor);
    }

    /**
     * The running driver with that id, as the contract of its kind.
     *
     * @throws StrataException DRIVER_UNAVAILABLE when no such driver runs; UNSUPPORTED when it is of another kind
     */
    public <T extends Driver> T require(String driverId, Class<T> contract, String forWhat) {
        Registered entry = drivers.get(driverId);
        if (entry == null) {
            throw new StrataException(
                    ErrorCode.DRIVER_UNAVAILABLE,
                    "driver '" + driverId + "' is not available, so " + forWhat
                            + " cannot be managed until it returns");
        }
        if (!contract.isInstance(entry.driver())) {
            throw new StrataException(
                    ErrorCode.UNSUPPORTED,
                    "driver '" + driverId + "' is a " + entry.descriptor().kind() + " driver and cannot manage "
                            + forWhat + " that way");
        }
        return contract.cast(entry.driver());
    }

    /**
     * The running driver of a host, as the contract of its kind. The host's stored kind is checked first, so that
     * asking a host for what it is not (VMs of a storage host or a machine, volumes of a hypervisor host, the power
     * of a host that is no machine) is refused the same way, UNSUPPORTED, whether its driver runs or not.
     *
     * @throws StrataException UNSUPPORTED when the host's recorded kind, or its running driver, is of another kind;
     *                         DRIVER_UNAVAILABLE when its driver is not running
     */
    public <T extends Driver> T require(StoredHost host, Class<T> contract, String forWhat) {
        HostKind needed = hostKind(contract);
        if (host.kind() != null && needed != null && host.kind() != needed) {
            throw new StrataException(
                    ErrorCode.UNSUPPORTED,
                    forWhat + " is a " + noun(host.kind()) + " (kind "
                            + host.kind() + ", driver '" + host.driverId() + "'), not a " + noun(needed)
                            + ": it cannot be managed that way");
        }
        return require(host.driverId(), contract, forWhat);
    }

    /** The kind of host a driver contract manages; null for a contract that manages none. */
    private static HostKind hostKind(Class<? extends Driver> contract) {
        if (HypervisorDriver.class.isAssignableFrom(contract)) {
            return HostKind.HYPERVISOR;
        }
        if (StorageDriver.class.isAssignableFrom(contract)) {
            return HostKind.STORAGE;
        }
        if (HardwareDriver.class.isAssignableFrom(contract)) {
            return HostKind.MACHINE;
        }
        return null;
    }

    private static String noun(HostKind kind) {
        return switch (kind) {
            case HYPERVISOR -> "hypervisor host";
            case STORAGE -> "storage host";
            case MACHINE -> "bare-metal machine";
        };
    }

    /** Ids of the running drivers, for error messages that help the user pick one. */
    public String availableIds() {
        return drivers.keySet().stream().sorted().collect(Collectors.joining(", "));
    }

    private static DriverInfo info(Registered entry) {
        DriverDescriptor d = entry.descriptor();
        return new DriverInfo(
                d.id(),
                d.kind().name(),
                d.vendor(),
                d.version(),
                d.description(),
                d.capabilities().stream().map(Enum::name).collect(Collectors.toSet()),
                entry.bundle(),
                accepts(d.accepts()));
    }

    private static DriverAccepts accepts(Vocabulary v) {
        return new DriverAccepts(
                v.diskFormats(),
                v.diskBuses(),
                v.nicModels(),
                v.volumeFormats(),
                v.importFormats(),
                v.poolNames() == null ? null : v.poolNames().description(),
                v.volumeNames() == null ? null : v.volumeNames().description(),
                v.maxUserNameLength() == 0 ? null : v.maxUserNameLength(),
                v.maxPasswordLength() == 0 ? null : v.maxPasswordLength());
    }

    private static String bundleName(ServiceReference<?> reference) {
        return reference.getBundle() == null ? "?" : reference.getBundle().getSymbolicName();
    }

    private static long serviceId(ServiceReference<?> reference) {
        Object id = reference.getProperty("service.id");
        return id instanceof Long l ? l : -1L;
    }
}
