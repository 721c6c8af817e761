package org.strata.driver.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.storage.PoolInfo;
import org.strata.spi.storage.StorageSession;
import org.strata.spi.storage.VolumeInfo;

/** A session with one demo storage host; every call takes the host's lock. */
final class DemoStorageSession implements StorageSession {

    static final String POOL = "default-pool";
    /** What the demo pool holds in all: enough to try with, small enough that "full" can be tried too. */
    static final long POOL_CAPACITY = 100L << 30;
    /** What a new qcow2 volume takes before anything is written to it. */
    static final long QCOW2_ALLOCATION = 196_608;

    private final Backend backend;

    DemoStorageSession(Backend backend) {
        this.backend = backend;
    }

    @Override
    public List<String> pools() {
        return List.of(POOL);
    }

    @Override
    public List<PoolInfo> poolInfo() {
        synchronized (backend) {
            return List.of(new PoolInfo(POOL, POOL_CAPACITY, POOL_CAPACITY - backend.used()));
        }
    }

    @Override
    public List<VolumeInfo> volumes(String pool) {
        requirePool(pool);
        synchronized (backend) {
            return new ArrayList<>(backend.volumes.values());
        }
    }

    @Override
    public VolumeInfo volume(String pool, String name) {
        requirePool(pool);
        synchronized (backend) {
            return find(name);
        }
    }

    @Override
    public VolumeInfo createVolume(String pool, String name, long capacityBytes, String format) {
        requirePool(pool);
        synchronized (backend) {
            if (backend.volumes.containsKey(name)) {
                throw new DriverException(Fault.CONFLICT, "pool " + POOL + " already has a volume '" + name + "'");
            }
            requireRoom(capacityBytes);
            VolumeInfo volume = volume(name, capacityBytes, format);
            backend.volumes.put(name, volume);
            return volume;
        }
    }

    @Override
    public void deleteVolume(String pool, String name) {
        requirePool(pool);
        synchronized (backend) {
            find(name);
            backend.volumes.remove(name);
        }
    }

    @Override
    public VolumeInfo cloneVolume(String pool, String source, String newName) {
        requirePool(pool);
        synchronized (backend) {
            VolumeInfo original = find(source);
            if (backend.volumes.containsKey(newName)) {
                throw new DriverException(Fault.CONFLICT, "pool " + POOL + " already has a volume '" + newName + "'");
            }
            requireRoom(original.capacityBytes());
            VolumeInfo copy = new VolumeInfo(
                    POOL,
                    newName,
                    original.capacityBytes(),
                    original.allocationBytes(),
                    original.format(),
                    path(newName));
            backend.volumes.put(newName, copy);
            return copy;
        }
    }

    @Override
    public VolumeInfo resizeVolume(String pool, String name, long capacityBytes) {
        requirePool(pool);
        synchronized (backend) {
            VolumeInfo v = find(name);
            if (capacityBytes < v.capacityBytes()) {
                throw new DriverException(
                        Fault.CONFLICT, "volume '" + name + "' has " + v.capacityBytes() + " bytes: volumes only grow");
            }
            requireRoom(capacityBytes - v.capacityBytes());
            VolumeInfo grown = volume(name, capacityBytes, v.format());
            backend.volumes.put(name, grown);
            return grown;
        }
    }

    @Override
    public void close() {
        // Nothing is held open.
    }

    private VolumeInfo volume(String name, long capacityBytes, String format) {
        long allocation = "raw".equals(format) ? capacityBytes : Math.min(capacityBytes, QCOW2_ALLOCATION);
        return new VolumeInfo(POOL, name, capacityBytes, allocation, format, path(name));
    }

    private String path(String name) {
        return "/var/lib/strata-demo/" + backend.key.replaceAll("[^A-Za-z0-9._-]", "_") + "/" + POOL + "/" + name;
    }

    private VolumeInfo find(String name) {
        VolumeInfo v = backend.volumes.get(name);
        if (v == null) {
            throw new DriverException(Fault.NOT_FOUND, "no volume '" + name + "' in pool '" + POOL + "'");
        }
        return v;
    }

    private void requireRoom(long bytes) {
        long free = POOL_CAPACITY - backend.used();
        if (bytes > free) {
            throw new DriverException(
                    Fault.CONFLICT,
                    "pool " + POOL + " has " + (free >> 20) + " MiB free, " + (bytes >> 20) + " MiB asked");
        }
    }

    private static void requirePool(String pool) {
        if (!POOL.equals(pool)) {
            throw new DriverException(
                    Fault.NOT_FOUND, "no pool '" + pool + "' on this demo storage host (it has " + POOL + ")");
        }
    }

    /** One demo storage host: its volumes by name, guarded by this object's monitor. */
    static final class Backend {
        final String key;
        final Map<String, VolumeInfo> volumes = new TreeMap<>();

        Backend(String key) {
            this.key = key;
        }

        long used() {
            return volumes.values().stream()
                    .mapToLong(VolumeInfo::capacityBytes)
                    .sum();
        }
    }
}
