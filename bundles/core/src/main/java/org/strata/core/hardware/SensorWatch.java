package org.strata.core.hardware;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.event.Event;
import org.strata.api.hardware.Sensor;
import org.strata.api.hardware.SensorSample;
import org.strata.core.drivers.DriverRegistry;
import org.strata.core.events.EventLog;
import org.strata.core.monitoring.MetricsStore;
import org.strata.core.sessions.SessionPool;
import org.strata.repository.HostStore;
import org.strata.repository.StoredHost;
import org.strata.spi.Capability;
import org.strata.spi.DriverKind;
import org.strata.spi.hardware.BmcSession;
import org.strata.spi.hardware.HardwareDriver;

/**
 * Polls the sensors of every machine whose driver has {@code SENSORS} into the {@link MetricsStore}, and
 * raises an event when a sensor's status changes: WARNING when it crosses a non-critical threshold, ERROR for
 * critical and non-recoverable, INFO when it is back to normal. The message names the reading and the
 * threshold it crossed.
 *
 * <p>Baseline: the first reading of a sensor (after Strata starts, or a machine is added) raises an event
 * only when that sensor is already outside its thresholds: a machine found with a dead fan must be reported,
 * while hundreds of "now normal" events at every restart would bury it. UNKNOWN (the sensor reads nothing,
 * e.g. a powered-off chassis) is not a change: the last known status is kept, so a sensor flapping between
 * a reading and none raises nothing.
 *
 * <p>Machines are polled one after the other; a BMC that does not answer costs its driver's time-out and is
 * skipped until the next round.
 */
final class SensorWatch {

    private static final Logger LOG = LoggerFactory.getLogger(SensorWatch.class);
    private static final String UNKNOWN = "UNKNOWN";
    private static final String NORMAL = "NORMAL";

    private final HostStore repository;
    private final DriverRegistry drivers;
    private final SessionPool<HardwareDriver, BmcSession> sessions;
    private final MetricsStore store;
    private final EventLog events;
    private final Clock clock;
    /** Host id, then sensor name: the last known status other than UNKNOWN. */
    private final Map<String, Map<String, String>> known = new ConcurrentHashMap<>();

    SensorWatch(
            HostStore repository,
            DriverRegistry drivers,
            SessionPool<HardwareDriver, BmcSession> sessions,
            MetricsStore store,
            EventLog events,
            Clock clock) {
        this.repository = repository;
        this.drivers = drivers;
        this.sessions = sessions;
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    /** One round over every machine whose driver reads sensors. */
    synchronized void poll() {
        Set<String> polled = new HashSet<>();
        for (StoredHost host : sensorHosts()) {
            polled.add(host.id());
            try {
                List<Sensor> sensors = sessions.call(host, BmcSession::sensors).stream()
                        .map(HardwareManager::sensor)
                        .toList();
                record(host, sensors, clock.instant());
            } catch (StrataException e) {
                LOG.debug("No sensor readings from machine {}: {}", host.name(), e.getMessage());
            }
        }
        // Machines removed, or whose driver went away, must not hold memory.
        known.keySet().retainAll(polled);
        store.retainSensorHosts(polled);
    }

    private void record(StoredHost host, List<Sensor> sensors, Instant at) {
        Map<String, String> last = known.computeIfAbsent(host.id(), id -> new ConcurrentHashMap<>());
        for (Sensor s : sensors) {
            String status = s.status() == null ? UNKNOWN : s.status();
            store.addSensor(host.id(), s.name(), new SensorSample(at, s.value(), status));
            if (UNKNOWN.equals(status)) {
                continue;
            }
            String before = last.put(s.name(), status);
            boolean changed = before == null ? !NORMAL.equals(status) : !before.equals(status);
            if (changed) {
                raise(host, s, status, before);
            }
        }
        Set<String> names = sensors.stream().map(Sensor::name).collect(Collectors.toSet());
        last.keySet().retainAll(names);
        store.retainSensors(host.id(), names);
    }

    private void raise(StoredHost host, Sensor s, String status, String before) {
        Event.Severity severity = switch (status) {
            case NORMAL -> Event.Severity.INFO;
            case "WARNING" -> Event.Severity.WARNING;
            default -> Event.Severity.ERROR;
        };
        String unit = s.unit() == null || s.unit().isBlank() ? "" : " " + s.unit();
        StringBuilder message = new StringBuilder("Sensor '").append(s.name()).append("'");
        if (s.type() != null) {
            message.append(" (").append(s.type()).append(")");
        }
        message.append(" of machine '")
                .append(host.name())
                .append("' is ")
                .append(status)
                .append(": ")
                .append(s.value() == null ? "no reading" : number(s.value()) + unit);
        String crossed = crossed(s, unit);
        if (crossed != null) {
            message.append(", ").append(crossed);
        }
        message.append(before == null ? " (first reading)" : " (was " + before + ")");
        events.record(severity, "SENSOR_" + status, "host", host.id(), message.toString());
    }

    /** The most severe threshold the reading is at or beyond, in words, or null. */
    static String crossed(Sensor s, String unit) {
        Double v = s.value();
        if (v == null) {
            return null;
        }
        if (s.lowerNonRecoverable() != null && v <= s.lowerNonRecoverable()) {
            return "at or below the lower non-recoverable threshold " + number(s.lowerNonRecoverable()) + unit;
        }
        if (s.upperNonRecoverable() != null && v >= s.upperNonRecoverable()) {
            return "at or above the upper non-recoverable threshold " + number(s.upperNonRecoverable()) + unit;
        }
        if (s.lowerCritical() != null && v <= s.lowerCritical()) {
            return "at or below the lower critical threshold " + number(s.lowerCritical()) + unit;
        }
        if (s.upperCritical() != null && v >= s.upperCritical()) {
            return "at or above the upper critical threshold " + number(s.upperCritical()) + unit;
        }
        if (s.lowerNonCritical() != null && v <= s.lowerNonCritical()) {
            return "at or below the lower non-critical threshold " + number(s.lowerNonCritical()) + unit;
        }
        if (s.upperNonCritical() != null && v >= s.upperNonCritical()) {
            return "at or above the upper non-critical threshold " + number(s.upperNonCritical()) + unit;
        }
        return null;
    }

    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private List<StoredHost> sensorHosts() {
        List<StoredHost> all = new java.util.ArrayList<>();
        int offset = 0;
        while (true) {
            List<StoredHost> page = repository
                    .hosts(null, new PageRequest(offset, PageRequest.MAX_LIMIT))
                    .items();
            page.stream()
                    .filter(h -> drivers.descriptor(h.driverId())
                            .map(d -> d.kind() == DriverKind.HARDWARE && d.can(Capability.SENSORS))
                            .orElse(false))
                    .forEach(all::add);
            if (page.size() < PageRequest.MAX_LIMIT) {
                return all;
            }
            offset += page.size();
        }
    }
}
