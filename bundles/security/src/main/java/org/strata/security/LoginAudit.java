package org.strata.security;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every login: a line in the security log (Karaf's logger {@code audit}, data/log/security.log) and an event
 * in Strata's event log. Refusals during a lockout are logged but are one event only, when the lockout starts: an
 * attacker's thousand tries must not bury the event log.
 */
final class LoginAudit {

    /** Event Admin topic that core records as Strata events (type, severity, subjectType, subjectId, message). */
    static final String EVENT_TOPIC = "org/strata/events/record";

    private static final Logger AUDIT = LoggerFactory.getLogger("audit");

    private final Consumer<Map<String, Object>> events;

    /** @param events posts one event's properties to {@value #EVENT_TOPIC} */
    LoginAudit(Consumer<Map<String, Object>> events) {
        this.events = events;
    }

    void succeeded(String user, LoginOrigin origin) {
        AUDIT.info(
                "LOGIN SUCCEEDED user=\"{}\" channel={} address={}",
                Text.token(user),
                origin.channel(),
                origin.address());
        event(
                "LOGIN_SUCCEEDED",
                "INFO",
                user,
                "user '" + Text.token(user) + "' logged in over " + origin.channel() + " from " + origin.address());
    }

    void failed(String user, LoginOrigin origin, Optional<Duration> lockout) {
        AUDIT.info(
                "LOGIN FAILED user=\"{}\" channel={} address={}{}",
                Text.token(user),
                origin.channel(),
                origin.address(),
                lockout.map(d -> " locked-out-for=" + d.toSeconds() + "s").orElse(""));
        event(
                "LOGIN_FAILED",
                "WARNING",
                user,
                "user '" + Text.token(user) + "' failed to log in over "
                        + origin.channel() + " from " + origin.address()
                        + lockout.map(d -> "; further logins refused for " + d.toSeconds() + " s")
                                .orElse(""));
    }

    void refused(String user, LoginOrigin origin, Duration retryAfter) {
        AUDIT.info(
                "LOGIN REFUSED user=\"{}\" channel={} address={} retry-after={}s (too many failed logins)",
                Text.token(user),
                origin.channel(),
                origin.address(),
                retryAfter.toSeconds());
    }

    private void event(String type, String severity, String user, String message) {
        events.accept(Map.of(
                "type",
                type,
                "severity",
                severity,
                "subjectType",
                "user",
                "subjectId",
                Text.token(user),
                "message",
                message));
    }
}
