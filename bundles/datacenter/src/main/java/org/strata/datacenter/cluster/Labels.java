package org.strata.datacenter.cluster;

import java.util.Map;
import org.strata.api.StrataException;

/** What a host's placement labels may be: a few short keys and values that a filter compares as they are. */
final class Labels {

    private static final String KEY = "[A-Za-z0-9][A-Za-z0-9._/-]{0,62}";
    private static final String VALUE = "[A-Za-z0-9._/-]{0,63}";

    private Labels() {}

    static Map<String, String> valid(Map<String, String> labels) {
        if (labels == null) {
            return Map.of();
        }
        if (labels.size() > 32) {
            throw StrataException.invalid("a host has at most 32 labels");
        }
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (e.getKey() == null || !e.getKey().matches(KEY)) {
                throw StrataException.invalid("label key '" + e.getKey() + "' must be 1 to 63 letters, digits, '.',"
                        + " '_', '/' or '-', starting with a letter or digit");
            }
            if (e.getValue() == null || !e.getValue().matches(VALUE)) {
                throw StrataException.invalid("label " + e.getKey() + " must have a value of at most 63 letters,"
                        + " digits, '.', '_', '/' or '-'");
            }
        }
        return Map.copyOf(labels);
    }
}
