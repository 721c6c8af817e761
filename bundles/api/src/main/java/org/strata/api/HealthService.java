package org.strata.api;

/** The platform's own health: liveness, readiness and the state of its parts. Cheap enough to poll every second. */
public interface HealthService {

    Health health();
}
