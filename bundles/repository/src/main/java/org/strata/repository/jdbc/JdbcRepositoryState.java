package org.strata.repository.jdbc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.StrataException;
import org.strata.repository.RepositoryHealth;
import org.strata.repository.RepositoryState;

/** The repository's own state over JDBC: the repository_info row, and its health. */
final class JdbcRepositoryState implements RepositoryState {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcRepositoryState.class);

    private final Transactions tx;
    private final DatabaseFailures failures;
    private final boolean createdNow;

    JdbcRepositoryState(Transactions tx, DatabaseFailures failures, boolean createdNow) {
        this.tx = tx;
        this.failures = failures;
        this.createdNow = createdNow;
    }

    @Override
    public boolean createdNow() {
        return createdNow;
    }

    @Override
    public boolean demoSeedPending() {
        return tx.inTransaction("reading the repository's own state", c -> {
            try (var s = c.prepareStatement("select demo_seed_pending from repository_info where id = 1");
                    var rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        });
    }

    @Override
    public void demoSeedDone() {
        tx.inTransaction("recording that the demo datacenter was offered", c -> {
            return Rows.update(c, "update repository_info set demo_seed_pending = false where id = 1");
        });
    }

    @Override
    public RepositoryHealth health() {
        DatabaseFailures.Failure failed = failures.last();
        try {
            if (failed == null) {
                tx.inTransaction("checking the repository", c -> {
                    try (var s = c.prepareStatement("select id from repository_info where id = 1");
                            var rs = s.executeQuery()) {
                        return rs.next();
                    }
                });
                return RepositoryHealth.ok();
            }
            // A write failed since the last one that worked: only a write shows that it can be written again.
            tx.inTransaction("checking that the repository can be written", c -> {
                return Rows.update(c, "update repository_info set write_checked_at = ? where id = 1", Rows.now());
            });
            failures.cleared();
            LOG.info(
                    "The configuration repository can be written again (it failed at {} while {}: {})",
                    failed.at(),
                    failed.action(),
                    failed.reason());
            return RepositoryHealth.ok();
        } catch (StrataException e) {
            DatabaseFailures.Failure latest = failures.last();
            DatabaseFailures.Failure now = latest == null ? failed : latest;
            return RepositoryHealth.down(
                    now == null ? e.getMessage() : "cannot be written since " + now.at() + " (" + now.reason() + ")");
        }
    }
}
