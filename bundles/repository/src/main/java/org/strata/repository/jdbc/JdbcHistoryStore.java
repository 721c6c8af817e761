package org.strata.repository.jdbc;

import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.history.HistoryEntry;
import org.strata.repository.HistoryStore;

/**
 * Reads the change history over JDBC. It is written by the other stores, each entry in the transaction of the
 * change it records (through the same {@link HistoryDao}), never through this store.
 */
final class JdbcHistoryStore implements HistoryStore {

    private final Transactions tx;
    private final HistoryDao history;

    JdbcHistoryStore(Transactions tx, HistoryDao history) {
        this.tx = tx;
        this.history = history;
    }

    @Override
    public Page<HistoryEntry> history(String entityType, String entityId, PageRequest page) {
        return tx.inTransaction("reading the history", c -> history.page(c, entityType, entityId, page));
    }
}
