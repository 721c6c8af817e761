package org.strata.repository;

import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.history.HistoryEntry;

/**
 * The history of configuration changes, written by the other stores in their transactions.
 * Part of the {@link ConfigRepository}, whose rules on transactions, history and errors hold here.
 */
public interface HistoryStore {

    // History, newest first; filters may be null.
    Page<HistoryEntry> history(String entityType, String entityId, PageRequest page);
}
