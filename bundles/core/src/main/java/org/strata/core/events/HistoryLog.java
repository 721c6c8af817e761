package org.strata.core.events;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.history.HistoryEntry;
import org.strata.api.history.HistoryService;
import org.strata.repository.HistoryStore;

/** The change history, as the repository records it with every write. */
@Component(service = HistoryService.class)
public final class HistoryLog implements HistoryService {

    private final HistoryStore repository;

    @Activate
    public HistoryLog(@Reference HistoryStore repository) {
        this.repository = repository;
    }

    @Override
    public Page<HistoryEntry> history(String entityType, String entityId, PageRequest page) {
        return repository.history(entityType, entityId, page);
    }
}
