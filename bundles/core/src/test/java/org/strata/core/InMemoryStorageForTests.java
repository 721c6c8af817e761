package org.strata.core;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import org.strata.spi.Capability;
import org.strata.spi.DriverDescriptor;
import org.strata.spi.DriverException;
import org.strata.spi.DriverKind;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.Vocabulary;
import org.strata.spi.storage.StorageDriver;
import org.strata.spi.storage.StorageSession;
import org.strata.spi.storage.VolumeInfo;

/**
 * A hand-written storage backend for core's unit tests (core may not name a concrete driver): one pool
 * "default" per driver, volumes in a map. The real dir-pool driver is tested against libvirt in its module.
 */
public final class InMemoryStorageForTests implements StorageDriver {

    public final Map<String, VolumeInfo> volumes = new ConcurrentHashMap<>();
    private final Set<Capability> capabilities;
    private final Vocabulary vocabulary;

    public InMemoryStorageForTests(Set<Capability> capabilities) {
        this(capabilities, Vocabulary.ANY);
    }

    public InMemoryStorageForTests(Set<Capability> capabilities, Vocabulary vocabulary) {
        this.capabilities = capabilities;
        this.vocabulary = vocabulary;
    }

    @Override
    public DriverDescriptor descriptor() {
        return new DriverDescriptor(
                "memstore", DriverKind.STORAGE, "tests", "1", "in-memory storage", capabilities, vocabulary);
    }

    /** Sessions opened and closed so far: the pool's use of the driver is visible to tests. */
    public final java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();

    public final java.util.concurrent.atomic.AtomicInteger closed = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public StorageSession open(Endpoint endpoint) {
        opened.incrementAndGet();
        return new StorageSession() {
            @Override
            public List<String> pools() {
                return List.of("default");
            }

            @Override
            public List<VolumeInfo> volumes(String pool) {
                pool(pool);
                return volumes.values().stream()
                        .sorted((a, b) -> a.name().compareTo(b.name()))
                        .toList();
            }

            @Override
            public VolumeInfo createVolume(String pool, String name, long capacityBytes, String format) {
                pool(pool);
                if (volumes.containsKey(name)) {
                    throw new DriverException(Fault.CONFLICT, "volume " + name + " exists");
                }
                VolumeInfo v = new VolumeInfo(pool, name, capacityBytes, 0, format, "/pool/" + name);
                volumes.put(name, v);
                return v;
            }

            @Override
            public void deleteVolume(String pool, String name) {
                volume(pool, name);
                volumes.remove(name);
            }

            @Override
            public VolumeInfo cloneVolume(String pool, String source, String newName) {
                VolumeInfo s = volume(pool, source);
                return createVolume(pool, newName, s.capacityBytes(), s.format());
            }

            @Override
            public VolumeInfo resizeVolume(String pool, String name, long capacityBytes) {
                VolumeInfo v = volume(pool, name);
                if (capacityBytes < v.capacityBytes()) {
                    throw new DriverException(Fault.CONFLICT, "shrinking is not supported");
                }
                VolumeInfo grown = new VolumeInfo(pool, name, capacityBytes, v.allocationBytes(), v.format(), v.path());
                volumes.put(name, grown);
                return grown;
            }

            @Override
            public VolumeInfo importVolume(
                    String pool,
                    String name,
                    String sourcePath,
                    String sourceFormat,
                    String format,
                    IntConsumer progress) {
                progress.accept(30);
                progress.accept(70);
                return createVolume(pool, name, 1L << 30, format);
            }

            private void pool(String pool) {
                if (!pool.equals("default")) {
                    throw new DriverException(Fault.NOT_FOUND, "no pool " + pool);
                }
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        };
    }
}
