package org.strata.shell.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.strata.api.StrataException;
import org.strata.api.patch.BaselinePackage;
import org.strata.api.patch.PatchTargets;
import org.strata.api.patch.TargetKind;

/** What the patching commands share: target kinds and baseline packages as the shell writes them, and the CSV. */
final class Patch {

    private Patch() {}

    /** vm, template or image, any case. */
    static TargetKind kind(String raw) {
        String k = raw == null ? "" : raw.strip().toUpperCase(Locale.ROOT);
        for (TargetKind kind : TargetKind.values()) {
            if (kind.name().equals(k)) {
                return kind;
            }
        }
        throw StrataException.invalid("the kind of target must be vm, template or image, was '" + raw + "'");
    }

    static String word(TargetKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** {@code name>=version} or a bare {@code name} (any version); anything else is refused before a call. */
    static BaselinePackage requirement(String given) {
        String g = given.strip();
        int at = g.indexOf(">=");
        if (at < 0) {
            if (g.isEmpty() || !g.matches("[A-Za-z0-9][A-Za-z0-9.+_-]*")) {
                throw StrataException.invalid("a package is name or name>=version, was '" + given + "'");
            }
            return new BaselinePackage(g, null);
        }
        String name = g.substring(0, at).strip();
        String version = g.substring(at + 2).strip();
        if (name.isEmpty() || version.isEmpty() || !name.matches("[A-Za-z0-9][A-Za-z0-9.+_-]*")) {
            throw StrataException.invalid("a package is name or name>=version, was '" + given + "'");
        }
        return new BaselinePackage(name, version);
    }

    static PatchTargets targets(List<String> vms, List<String> templates, List<String> images) {
        return new PatchTargets(orEmpty(vms), orEmpty(templates), orEmpty(images));
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : new ArrayList<>(values);
    }
}
