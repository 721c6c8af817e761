package org.strata.datacenter.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.strata.api.StrataException;
import org.strata.api.datacenter.Cluster;
import org.strata.api.datacenter.ClusterPolicy;
import org.strata.api.datacenter.ClusterSchedule;
import org.strata.api.datacenter.PolicySegment;
import org.strata.api.event.Event;
import org.strata.datacenter.allocation.Pages;
import org.strata.engine.EventFeed;
import org.strata.repository.ClusterStore;

/**
 * The clusters' calendars at run time: stored as JSON with their cluster, compiled into {@link PolicyCalendar}s, and
 * watched by one {@link EdgeClock}, which records a {@code CLUSTER_POLICY_CHANGED} event at each edge. After a restart
 * nothing is caught up: the policy in force is what the calendar says now.
 */
@Component(service = ClusterCalendars.class)
public final class ClusterCalendars {

    private static final Set<String> POLICIES =
            ClusterPolicy.ALL.stream().map(ClusterPolicy::name).collect(Collectors.toUnmodifiableSet());

    private final ClusterStore store;
    private final EventFeed events;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final ScheduledExecutorService executor;
    private final EdgeClock edges;
    /** The policy last announced per cluster, so that a change is told once whether the clock or a new calendar saw it. */
    private final Map<String, String> announced = new java.util.concurrent.ConcurrentHashMap<>();

    @Activate
    public ClusterCalendars(@Reference ClusterStore store, @Reference EventFeed events) {
        this(store, events, Clock.systemUTC(), Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "strata-policy-calendar");
            t.setDaemon(true);
            return t;
        }));
        edges.start();
    }

    ClusterCalendars(ClusterStore store, EventFeed events, Clock clock, ScheduledExecutorService executor) {
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.executor = executor;
        this.edges = new EdgeClock(clock, executor, this::all, this::onEdge);
    }

    @Deactivate
    void close() {
        edges.close();
        executor.shutdownNow();
    }

    /** The cluster's calendar as stored, if it has one. */
    public java.util.Optional<ClusterSchedule> schedule(String clusterId) {
        return store.schedule(clusterId).map(this::read);
    }

    /** Checks and stores a calendar (null removes it), then re-arms the clock for the cluster. */
    public void set(Cluster cluster, ClusterSchedule schedule, String principal) {
        announced.putIfAbsent(cluster.id(), active(cluster).policy());
        String text = null;
        if (schedule != null) {
            PolicyCalendar calendar = compile(cluster, schedule);
            try {
                calendar.requireLive(clock.instant());
            } catch (IllegalArgumentException e) {
                throw StrataException.invalid(e.getMessage());
            }
            try {
                text = json.writeValueAsString(schedule);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot render a calendar as JSON", e);
            }
        }
        store.setSchedule(cluster.id(), text, principal);
        edges.scheduleChanged(cluster.id());
        PolicySegment now = active(cluster);
        announce(
                cluster.id(),
                cluster.name(),
                now.policy(),
                now.window(),
                now.day(),
                clock.instant(),
                "its calendar changed");
    }

    /** The policy in force now. */
    public PolicySegment active(Cluster cluster) {
        Instant now = clock.instant();
        PolicyCalendar calendar = calendar(cluster);
        if (calendar == null) {
            return new PolicySegment(cluster.policy(), null, null, cluster.created(), null);
        }
        Activation a = calendar.activeAt(now);
        return new PolicySegment(a.policy(), a.window(), a.day(), a.since(), a.until());
    }

    /** What the cluster follows from now for that many days. */
    public List<PolicySegment> timeline(Cluster cluster, int days) {
        if (days < 1 || days > 366) {
            throw StrataException.invalid("days must be 1 to 366, was " + days);
        }
        Instant now = clock.instant();
        PolicyCalendar calendar = calendar(cluster);
        if (calendar == null) {
            return List.of(new PolicySegment(cluster.policy(), null, null, now, now.plus(Duration.ofDays(days))));
        }
        return calendar.timeline(now, now.plus(Duration.ofDays(days))).stream()
                .map(s -> new PolicySegment(s.policy(), s.window(), s.day(), s.start(), s.end()))
                .toList();
    }

    private PolicyCalendar calendar(Cluster cluster) {
        return store.schedule(cluster.id())
                .map(text -> compile(cluster, read(text)))
                .orElse(null);
    }

    /** The API's calendar as the evaluator takes it; INVALID_INPUT with the field at fault. */
    static PolicyCalendar compile(Cluster cluster, ClusterSchedule schedule) {
        try {
            ZoneId zone = schedule.zone() == null ? null : ZoneId.of(schedule.zone());
            List<Window> windows = schedule.windows().stream()
                    .map(w -> new Window(
                            w.name(),
                            w.policy(),
                            w.start(),
                            w.end(),
                            w.zone() == null ? zone : ZoneId.of(w.zone()),
                            w.except()))
                    .toList();
            List<PolicyDay> days = schedule.policyDays().stream()
                    .map(d -> new PolicyDay(d.date(), d.policy()))
                    .toList();
            return new PolicyCalendar(new Schedule(zone, cluster.policy(), windows, days), POLICIES);
        } catch (DateTimeException e) {
            throw StrataException.invalid("zone: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw StrataException.invalid(e.getMessage());
        }
    }

    private ClusterSchedule read(String text) {
        try {
            return json.readValue(text, ClusterSchedule.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored calendar cannot be read", e);
        }
    }

    /** Every cluster with a calendar, compiled; a calendar that no longer compiles is left out (and logged). */
    private Map<String, PolicyCalendar> all() {
        Map<String, PolicyCalendar> calendars = new HashMap<>();
        for (Cluster c : Pages.all(page -> store.clusters(null, page))) {
            try {
                PolicyCalendar calendar = calendar(c);
                if (calendar != null) {
                    calendars.put(c.id(), calendar);
                }
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(ClusterCalendars.class)
                        .warn("The calendar of cluster {} is left aside: {}", c.name(), e.getMessage());
            }
        }
        return calendars;
    }

    private void onEdge(PolicyEdge edge) {
        String name = store.cluster(edge.clusterId()).map(Cluster::name).orElse(edge.clusterId());
        announce(edge.clusterId(), name, edge.newPolicy(), edge.window(), edge.day(), edge.at(), null);
    }

    /** Records CLUSTER_POLICY_CHANGED when the policy differs from the one last announced for the cluster. */
    private void announce(
            String clusterId, String name, String policy, String window, String day, Instant at, String cause) {
        String before = announced.put(clusterId, policy);
        if (policy.equals(before)) {
            return; // another window with the same policy: nothing a user would call a change
        }
        String by = window != null
                ? "window '" + window + "'"
                : day != null ? "policy day " + day : "its own policy outside every window";
        events.record(
                Event.Severity.INFO,
                "CLUSTER_POLICY_CHANGED",
                "cluster",
                clusterId,
                "cluster " + name + " follows " + policy + " from " + at + " (" + by
                        + (before == null ? "" : "; was " + before) + (cause == null ? "" : "; " + cause) + ")");
    }
}
