package org.strata.repository.jdbc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.strata.api.inventory.HostInfo;

/**
 * What hosts reported, parsed once per stored text. A host's report changes only when it is refreshed, and it is
 * read with every GET of the host, where parsing its JSON cost more CPU than the two queries that read the host
 * (docs/performance.md, "Cheaper requests"). Each entry keeps the text it was parsed from, so a changed row is
 * parsed again and nothing can be answered from a stale entry; {@link HostInfo} is immutable, so callers may share
 * one. At most {@code capacity} hosts are kept; when full the cache is emptied and fills again as hosts are read.
 */
final class HostInfoCache {

    private record Parsed(String text, HostInfo info) {}

    private final JsonSnapshots json;
    private final int capacity;
    private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

    HostInfoCache(JsonSnapshots json, int capacity) {
        this.json = json;
        this.capacity = capacity;
    }

    /** The report of host {@code hostId} stored as {@code text}. */
    HostInfo parse(String hostId, String text) {
        Parsed known = parsed.get(hostId);
        if (known != null && known.text().equals(text)) {
            return known.info();
        }
        HostInfo info = json.fromJson(text, HostInfo.class);
        if (parsed.size() >= capacity) {
            parsed.clear();
        }
        parsed.put(hostId, new Parsed(text, info));
        return info;
    }

    int size() {
        return parsed.size();
    }
}
