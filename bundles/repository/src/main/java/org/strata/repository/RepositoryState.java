package org.strata.repository;

/**
 * The repository itself: whether it was created now, the initial inventory offer, its health.
 * Part of the {@link ConfigRepository}, whose rules on transactions, history and errors hold here.
 */
public interface RepositoryState {

    // The repository itself.

    /** True when this start created the repository (an embedded file made now, or a server schema made empty). */
    boolean createdNow();

    /**
     * True while a repository that Strata created new has not yet been offered the demo datacenter. Recorded when
     * the repository is created, so that a repository that is merely empty (everything deleted, or a damaged
     * file) is never seeded.
     */
    boolean demoSeedPending();

    /** Records that the demo datacenter was offered (made or declined): it never will be again. */
    void demoSeedDone();

    /**
     * Whether the repository can be used now. After a write failed because of the database or its disk, this
     * tries a write of its own, so that it reports the repository up again as soon as it can be written.
     */
    RepositoryHealth health();
}
