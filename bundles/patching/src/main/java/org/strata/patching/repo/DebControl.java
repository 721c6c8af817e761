package org.strata.patching.repo;

import java.util.List;
import java.util.Map;

/**
 * The control data of a Debian binary package: its paragraph's fields in their order (continuation lines kept as
 * they are, without the trailing newline).
 *
 * @param fields every field, name to value, in the file's order
 */
record DebControl(List<Map.Entry<String, String>> fields) {

    DebControl {
        fields = List.copyOf(fields);
    }

    /** A field's value, or null. Field names are case-insensitive (Debian Policy 5.1). */
    String field(String name) {
        for (Map.Entry<String, String> f : fields) {
            if (f.getKey().equalsIgnoreCase(name)) {
                return f.getValue();
            }
        }
        return null;
    }

    String name() {
        return field("Package");
    }

    String version() {
        return field("Version");
    }

    String architecture() {
        return field("Architecture");
    }
}
