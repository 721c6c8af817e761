package org.strata.api.health;

/** The platform's own health: liveness, readiness and the state of its parts. Cheap enough to poll every second. */
public interface HealthService {

    Health health();
}
