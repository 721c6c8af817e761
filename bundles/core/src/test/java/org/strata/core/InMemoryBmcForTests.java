package org.strata.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.strata.spi.Capability;
import org.strata.spi.DriverDescriptor;
import org.strata.spi.DriverException;
import org.strata.spi.DriverKind;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.Vocabulary;
import org.strata.spi.hardware.BmcIdentity;
import org.strata.spi.hardware.BmcSession;
import org.strata.spi.hardware.FruInfo;
import org.strata.spi.hardware.HardwareDriver;
import org.strata.spi.hardware.SelEntry;
import org.strata.spi.hardware.SensorReading;

/**
 * A hand-written hardware driver for core's unit tests (core may not name a concrete driver): BMCs in a map
 * by "host:port", each with a GUID, one user and password, a chassis, sensors the test changes, FRU and SEL.
 * An address with no BMC is UNREACHABLE; a wrong password AUTHENTICATION_FAILED, as a real BMC answers. The
 * real IPMI driver is tested against ipmi_sim in its own module.
 */
public final class InMemoryBmcForTests implements HardwareDriver {

    /** One simulated BMC; tests change its fields directly. */
    public static final class Bmc {
        public final String guid;
        public final String username;
        public final String password;
        public volatile BmcSession.ChassisPower power = BmcSession.ChassisPower.OFF;
        public volatile BmcSession.BootDevice bootDevice;
        public volatile boolean bootPersistent;
        public final java.util.concurrent.atomic.AtomicInteger identifyCount =
                new java.util.concurrent.atomic.AtomicInteger();
        public volatile String firmware = "1.0";
        public volatile byte[] lastImage;
        public final Map<String, SensorReading> sensors = Collections.synchronizedMap(new java.util.LinkedHashMap<>());
        public final List<SelEntry> sel = new CopyOnWriteArrayList<>();

        public Bmc(String guid, String username, String password) {
            this.guid = guid;
            this.username = username;
            this.password = password;
        }

        public void sensor(SensorReading reading) {
            sensors.put(reading.name(), reading);
        }
    }

    public final Map<String, Bmc> bmcs = new ConcurrentHashMap<>();
    /** Every endpoint a session was asked for, in order (the password masked by Secret). */
    public final List<Endpoint> opened = new CopyOnWriteArrayList<>();

    public final AtomicInteger openSessions = new AtomicInteger();
    /** Addresses whose open hangs until {@link #release} or an interrupt, to test cancellation. */
    public final Set<String> hanging = ConcurrentHashMap.newKeySet();

    public final CountDownLatch release = new CountDownLatch(1);
    /** Addresses whose open throws this, as it is: what users read of a driver's failure, or of its bug. */
    public final Map<String, RuntimeException> failing = new ConcurrentHashMap<>();

    public final AtomicInteger hangingNow = new AtomicInteger();
    /**
     * When set, each session's close counts it down and then waits (10 s at most) until it reaches zero: closes
     * made one after another never get there, closes made together do. {@link #closesNotTogether} counts the
     * closes whose wait ran out.
     */
    public volatile CountDownLatch closeTogether;

    public final AtomicInteger closesNotTogether = new AtomicInteger();
    private final String id;
    private final Set<Capability> capabilities;
    private final Vocabulary vocabulary;

    public InMemoryBmcForTests(String id, Set<Capability> capabilities) {
        this(id, capabilities, Vocabulary.ANY);
    }

    public InMemoryBmcForTests(String id, Set<Capability> capabilities, Vocabulary vocabulary) {
        this.id = id;
        this.capabilities = capabilities;
        this.vocabulary = vocabulary;
    }

    public Bmc add(String address, String guid, String username, String password) {
        Bmc bmc = new Bmc(guid, username, password);
        bmcs.put(address, bmc);
        return bmc;
    }

    @Override
    public DriverDescriptor descriptor() {
        return new DriverDescriptor(id, DriverKind.HARDWARE, "tests", "1", "in-memory BMCs", capabilities, vocabulary);
    }

    @Override
    public BmcSession open(Endpoint endpoint) {
        opened.add(endpoint);
        RuntimeException failure = failing.get(endpoint.address());
        if (failure != null) {
            throw failure;
        }
        if (hanging.contains(endpoint.address())) {
            hangingNow.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                hangingNow.decrementAndGet();
            }
            throw new DriverException(Fault.UNREACHABLE, "no answer from " + endpoint.address());
        }
        Bmc bmc = bmcs.get(endpoint.address());
        if (bmc == null) {
            throw new DriverException(Fault.UNREACHABLE, "no answer from " + endpoint.address());
        }
        char[] given = endpoint.password().reveal();
        if (!bmc.username.equals(endpoint.username()) || !bmc.password.equals(new String(given))) {
            throw new DriverException(
                    Fault.AUTHENTICATION_FAILED,
                    "the BMC at " + endpoint.address() + " refused user '" + endpoint.username() + "'");
        }
        openSessions.incrementAndGet();
        return new Session(bmc);
    }

    private final class Session implements BmcSession {
        private final Bmc bmc;
        private volatile boolean closed;

        Session(Bmc bmc) {
            this.bmc = bmc;
        }

        private void live() {
            if (closed) {
                throw new DriverException(Fault.DRIVER_FAILURE, "session used after close");
            }
        }

        @Override
        public BmcIdentity identity() {
            live();
            return new BmcIdentity(bmc.guid, "ACME", "R-" + bmc.guid.substring(0, 4), bmc.firmware);
        }

        @Override
        public ChassisPower powerState() {
            live();
            return bmc.power;
        }

        @Override
        public void power(PowerAction action) {
            live();
            switch (action) {
                case ON, CYCLE, RESET -> bmc.power = ChassisPower.ON;
                case OFF, SOFT_OFF -> bmc.power = ChassisPower.OFF;
                case IDENTIFY -> bmc.identifyCount.incrementAndGet();
            }
        }

        @Override
        public void bootDevice(BootDevice device, boolean persistent) {
            live();
            bmc.bootDevice = device;
            bmc.bootPersistent = persistent;
        }

        @Override
        public BootDevice bootDevice() {
            live();
            return bmc.bootDevice;
        }

        @Override
        public List<SensorReading> sensors() {
            live();
            synchronized (bmc.sensors) {
                return new ArrayList<>(bmc.sensors.values());
            }
        }

        @Override
        public List<FruInfo> fru() {
            live();
            return List.of(new FruInfo(
                    0,
                    "Rack Mount Chassis",
                    "CH-1",
                    "CS-" + bmc.guid.substring(0, 4),
                    "ACME",
                    "Board X",
                    "BS-1",
                    "BP-1",
                    "ACME",
                    "Server R",
                    "SP-1",
                    "v2",
                    "PS-" + bmc.guid.substring(0, 4)));
        }

        @Override
        public List<SelEntry> eventLog() {
            live();
            return List.copyOf(bmc.sel);
        }

        @Override
        public void updateFirmware(byte[] image) {
            live();
            if (!capabilities.contains(Capability.FIRMWARE_UPDATE)) {
                BmcSession.super.updateFirmware(image);
            }
            bmc.lastImage = image.clone();
            bmc.firmware = "2.0";
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                openSessions.decrementAndGet();
                CountDownLatch gate = closeTogether;
                if (gate != null) {
                    gate.countDown();
                    try {
                        if (!gate.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                            closesNotTogether.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        closesNotTogether.incrementAndGet();
                    }
                }
            }
        }
    }
}
