package org.strata.engine;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The body of a task. Returns a short result (an id, a count, a new state) or null. An exception fails the
 * task: a {@link org.strata.api.StrataException} or a {@link org.strata.spi.DriverException} with its code and
 * message, anything else as an internal error whose details go to the log only.
 */
@ConsumerType
@FunctionalInterface
public interface TaskWork {
    String run(TaskContext context) throws Exception;
}
