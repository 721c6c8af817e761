package org.strata.api.history;

import org.strata.api.Page;
import org.strata.api.PageRequest;

/** The configuration repository's change history, newest first. */
public interface HistoryService {

    /** Changes, all or filtered by entity type and/or id (each may be null). */
    Page<HistoryEntry> history(String entityType, String entityId, PageRequest page);
}
