package org.strata.repository;

/**
 * Whether the repository can be used now.
 *
 * @param up     reads work, and writes do too as far as is known (a write that failed has been followed by one
 *               that worked)
 * @param detail why it is down, in words fit for an operator; null when up
 */
public record RepositoryHealth(boolean up, String detail) {

    public static RepositoryHealth ok() {
        return new RepositoryHealth(true, null);
    }

    public static RepositoryHealth down(String detail) {
        return new RepositoryHealth(false, detail);
    }
}
