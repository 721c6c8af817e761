package org.strata.core.tasks;

/** The body of a task. Returns a short result (an id, a count, a new state) or null. */
@FunctionalInterface
public interface TaskWork {
    String run(TaskContext context) throws Exception;
}
