package org.strata.core.monitoring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.strata.api.hardware.SensorSample;
import org.strata.api.monitor.HostSample;
import org.strata.api.monitor.VmSample;
import org.strata.core.CoreSettings;

/**
 * Recent statistics per VM and per host, in memory only: monitoring data is recreated within minutes after
 * a restart and is not worth a database write per sample.
 *
 * <p>Memory is bounded by construction: each series is a ring buffer of {@code capacity} samples (the
 * oldest is overwritten), and there is one series per VM and per host that the monitor still sees
 * ({@link #retainVms}, {@link #retainHosts} drop the others). So the store holds at most
 * {@code capacity x (VMs + hosts)} samples. A VM's samples are kept by column, about 32 bytes a sample
 * (docs/performance.md, {@code bench/metrics-memory.sh}): 360 samples for 1000 VMs is about 12 MB.
 * Sensor readings of bare-metal machines are kept in rings too, one series per machine and sensor
 * ({@link #retainSensorHosts} drops the machines no longer polled), but as objects (the sample, its Instant and
 * its Double): about 75 bytes a sample (measured on JDK 17 with compressed pointers), so 360 samples of 30
 * sensors on 500 machines is about 400 MB; lower {@code monitor.samples} or raise the interval for big fleets.
 */
@Component(
        service = MetricsStore.class,
        configurationPid = "org.strata.core",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class MetricsStore {

    private final int capacity;
    private final Map<String, VmRing> vms = new ConcurrentHashMap<>();
    private final Map<String, Ring<HostSample>> hosts = new ConcurrentHashMap<>();
    /** Host id, then sensor name. */
    private final Map<String, Map<String, Ring<SensorSample>>> sensors = new ConcurrentHashMap<>();

    @Activate
    public MetricsStore(CoreSettings settings) {
        this(settings.monitor_samples());
    }

    public MetricsStore(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("monitor.samples must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    public int capacity() {
        return capacity;
    }

    public void addVm(String vmId, VmSample sample) {
        vms.computeIfAbsent(vmId, id -> new VmRing(capacity)).add(sample);
    }

    public void addHost(String hostId, HostSample sample) {
        hosts.computeIfAbsent(hostId, id -> new Ring<>(capacity)).add(sample);
    }

    /** The host's latest sample, if the monitor has one. */
    public Optional<HostSample> latestHost(String hostId) {
        Ring<HostSample> ring = hosts.get(hostId);
        return ring == null ? Optional.empty() : ring.last();
    }

    /** Samples of a VM, oldest first, with {@code from <= at <= to}; either bound may be null. */
    public List<VmSample> vm(String vmId, Instant from, Instant to) {
        VmRing ring = vms.get(vmId);
        return ring == null ? List.of() : ring.between(from, to);
    }

    public List<HostSample> host(String hostId, Instant from, Instant to) {
        Ring<HostSample> ring = hosts.get(hostId);
        return ring == null ? List.of() : ring.between(from, to, HostSample::at);
    }

    public void addSensor(String hostId, String sensor, SensorSample sample) {
        sensors.computeIfAbsent(hostId, id -> new ConcurrentHashMap<>())
                .computeIfAbsent(sensor, name -> new Ring<>(capacity))
                .add(sample);
    }

    /** Samples of one sensor of a machine, oldest first, with {@code from <= at <= to}; either bound may be null. */
    public List<SensorSample> sensor(String hostId, String sensor, Instant from, Instant to) {
        Map<String, Ring<SensorSample>> ofHost = sensors.get(hostId);
        Ring<SensorSample> ring = ofHost == null ? null : ofHost.get(sensor);
        return ring == null ? List.of() : ring.between(from, to, SensorSample::at);
    }

    /** Drops the sensor series of every machine not in {@code hostIds}. */
    public void retainSensorHosts(Set<String> hostIds) {
        sensors.keySet().retainAll(hostIds);
    }

    /** Drops the series of sensors a machine no longer reports. */
    public void retainSensors(String hostId, Set<String> names) {
        Map<String, Ring<SensorSample>> ofHost = sensors.get(hostId);
        if (ofHost != null) {
            ofHost.keySet().retainAll(names);
        }
    }

    public void forgetVm(String vmId) {
        vms.remove(vmId);
    }

    /** Drops the series of every VM not in {@code vmIds}: deleted VMs must not hold memory forever. */
    public void retainVms(Set<String> vmIds) {
        vms.keySet().retainAll(vmIds);
    }

    public void retainHosts(Set<String> hostIds) {
        hosts.keySet().retainAll(hostIds);
    }

    /** How many series are kept; with {@link #capacity} this bounds the memory used. */
    public int seriesCount() {
        return vms.size()
                + hosts.size()
                + sensors.values().stream().mapToInt(Map::size).sum();
    }

    /** A fixed-size ring of samples in time order. */
    private static final class Ring<T> {
        private final Object[] items;
        private int next;
        private int size;

        Ring(int capacity) {
            this.items = new Object[capacity];
        }

        @SuppressWarnings("unchecked")
        synchronized Optional<T> last() {
            return size == 0 ? Optional.empty() : Optional.of((T) items[(next - 1 + items.length) % items.length]);
        }

        synchronized void add(T item) {
            items[next] = item;
            next = (next + 1) % items.length;
            size = Math.min(size + 1, items.length);
        }

        @SuppressWarnings("unchecked")
        synchronized List<T> between(Instant from, Instant to, Function<T, Instant> time) {
            List<T> result = new ArrayList<>();
            int first = (next - size + items.length) % items.length;
            for (int i = 0; i < size; i++) {
                T item = (T) items[(first + i) % items.length];
                Instant at = time.apply(item);
                if ((from == null || !at.isBefore(from)) && (to == null || !at.isAfter(to))) {
                    result.add(item);
                }
            }
            return result;
        }
    }

    /**
     * A ring of VM samples by column. The arrays start small and double up to the capacity, so a VM seen for a
     * few rounds costs a few samples, not a full series; once full, the ring wraps.
     */
    private static final class VmRing {
        private static final int FIRST_LENGTH = 8;
        private final int capacity;
        /** Nanoseconds since the epoch: exact, and fits a long until the year 2262. */
        private long[] at;

        private float[] cpuPercent;
        private int[] memoryUsedMb;
        private float[] diskRead;
        private float[] diskWrite;
        private float[] netRx;
        private float[] netTx;
        private int next;
        private int size;

        VmRing(int capacity) {
            this.capacity = capacity;
            allocate(Math.min(capacity, FIRST_LENGTH));
        }

        private void allocate(int length) {
            at = Arrays.copyOf(at == null ? new long[0] : at, length);
            cpuPercent = Arrays.copyOf(cpuPercent == null ? new float[0] : cpuPercent, length);
            memoryUsedMb = Arrays.copyOf(memoryUsedMb == null ? new int[0] : memoryUsedMb, length);
            diskRead = Arrays.copyOf(diskRead == null ? new float[0] : diskRead, length);
            diskWrite = Arrays.copyOf(diskWrite == null ? new float[0] : diskWrite, length);
            netRx = Arrays.copyOf(netRx == null ? new float[0] : netRx, length);
            netTx = Arrays.copyOf(netTx == null ? new float[0] : netTx, length);
        }

        synchronized void add(VmSample sample) {
            if (size == at.length && at.length < capacity) {
                // Not wrapped yet: the samples are in order at [0, size), so growing keeps the order; next had
                // wrapped to 0 and must point past them again.
                allocate(Math.min(capacity, at.length * 2));
                next = size;
            }
            Instant when = sample.at();
            at[next] = when.getEpochSecond() * 1_000_000_000L + when.getNano();
            cpuPercent[next] = (float) sample.cpuPercent();
            memoryUsedMb[next] = (int) Math.min(Integer.MAX_VALUE, Math.max(0, sample.memoryUsedMb()));
            diskRead[next] = (float) sample.diskReadBytesPerSec();
            diskWrite[next] = (float) sample.diskWriteBytesPerSec();
            netRx[next] = (float) sample.netRxBytesPerSec();
            netTx[next] = (float) sample.netTxBytesPerSec();
            next = (next + 1) % at.length;
            size = Math.min(size + 1, at.length);
        }

        synchronized List<VmSample> between(Instant from, Instant to) {
            List<VmSample> result = new ArrayList<>();
            int length = at.length;
            int first = (next - size + length) % length;
            for (int n = 0; n < size; n++) {
                int i = (first + n) % length;
                Instant when = Instant.ofEpochSecond(
                        Math.floorDiv(at[i], 1_000_000_000L), Math.floorMod(at[i], 1_000_000_000L));
                if ((from == null || !when.isBefore(from)) && (to == null || !when.isAfter(to))) {
                    result.add(new VmSample(
                            when,
                            decimal(cpuPercent[i]),
                            memoryUsedMb[i],
                            decimal(diskRead[i]),
                            decimal(diskWrite[i]),
                            decimal(netRx[i]),
                            decimal(netTx[i])));
                }
            }
            return result;
        }

        /** The shortest decimal that reads back as this float: 0.1f gives 0.1, not 0.10000000149011612. */
        private static double decimal(float value) {
            return Float.isFinite(value) ? Double.parseDouble(Float.toString(value)) : value;
        }
    }
}
