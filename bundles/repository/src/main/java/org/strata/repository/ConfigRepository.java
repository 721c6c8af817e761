package org.strata.repository;

/**
 * Strata's configuration repository. Each write method is one database transaction that changes the
 * object and records one {@link org.strata.api.history.HistoryEntry} (who, when, before, after); if anything fails, nothing is
 * written. Methods throw {@link org.strata.api.StrataException}: NOT_FOUND for a missing object,
 * INVALID_INPUT for a reference to a missing object, CONFLICT for a duplicate name or an object still in use,
 * INTERNAL when the database fails.
 *
 * <p>Callers validate the shape of specs (names present, lengths); the repository checks what only the
 * database can check atomically: references, uniqueness and emptiness.
 *
 * <p>One store per aggregate ({@link DatacenterStore}, {@link HostStore}, {@link MachineStore}, {@link VmStore},
 * {@link HistoryStore}, {@link EventStore}, {@link TaskStore}, {@link RepositoryState}), each an OSGi service of its
 * own: a bundle asks for the store it needs, and a new aggregate (clusters, policies, HA state, schedules, OS
 * profiles) adds a store rather than widening this interface. This one is all of them, for code that opens a
 * repository itself (tests, benchmarks); it is not registered as a service: ask for the stores.
 */
public interface ConfigRepository
        extends DatacenterStore,
                HostStore,
                MachineStore,
                VmStore,
                HistoryStore,
                EventStore,
                TaskStore,
                RepositoryState {}
