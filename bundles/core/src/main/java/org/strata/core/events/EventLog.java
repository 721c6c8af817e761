package org.strata.core.events;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.Event;
import org.strata.api.EventService;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.repository.ConfigRepository;
import org.strata.repository.NewEvent;

/** Records events in the repository and serves them back. */
@Component(service = {EventLog.class, EventService.class})
public final class EventLog implements EventService {

    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);

    private final ConfigRepository repository;

    @Activate
    public EventLog(@Reference ConfigRepository repository) {
        this.repository = repository;
    }

    /** Records an event; a failure to record is logged, never passed on to the work that raised it. */
    public void record(Event.Severity severity, String type, String subjectType, String subjectId, String message) {
        try {
            repository.appendEvent(severity, type, subjectType, subjectId, message);
        } catch (RuntimeException e) {
            LOG.warn("Could not record event {} about {} {}: {}", type, subjectType, subjectId, e.getMessage());
        }
    }

    /** Records several events in one transaction; a failure is logged, never passed on. */
    public void recordAll(List<NewEvent> drafts) {
        if (drafts.isEmpty()) {
            return;
        }
        try {
            repository.appendEvents(drafts);
        } catch (RuntimeException e) {
            LOG.warn("Could not record {} events ({} about {} {} first): {}", drafts.size(), drafts.get(0).type(),
                    drafts.get(0).subjectType(), drafts.get(0).subjectId(), e.getMessage());
        }
    }

    @Override
    public Page<Event> events(String subjectId, PageRequest page) {
        return repository.events(subjectId, page);
    }
}
