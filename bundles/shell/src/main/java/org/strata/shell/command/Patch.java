package org.strata.shell.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.strata.api.StrataException;
import org.strata.api.patch.BaselinePackage;
import org.strata.api.patch.Compliance;
import org.strata.api.patch.PatchTargets;
import org.strata.api.patch.TargetKind;

/** What the patching commands share: target kinds and baseline packages as the shell writes them, and the CSV. */
final class Patch {

    /**
     * The compliance CSV's header: the same columns as REST's {@code ?format=csv} (a copy of the web service's
     * writer: neither bundle may import the other, and the API has no writer for it).
     */
    static final String CSV_HEADER = "baseline,target_kind,target_id,target_name,status,method,missing,reason,scanned";

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

    /** {@code name installed->required}; "none" for a package not installed, "any" for no minimum. */
    static String missing(List<Compliance.MissingPackage> missing) {
        return missing.stream()
                .map(m -> m.name() + " " + (m.installed() == null ? "none" : m.installed()) + "->"
                        + (m.required() == null ? "any" : m.required()))
                .collect(Collectors.joining("; "));
    }

    /** RFC 4180, CRLF line ends: a header line, then one line per target. */
    static String csv(List<Compliance> report) {
        StringBuilder out = new StringBuilder(CSV_HEADER).append("\r\n");
        for (Compliance c : report) {
            List<String> fields = List.of(
                    text(c.baselineId()),
                    c.targetKind() == null ? "" : word(c.targetKind()),
                    text(c.targetId()),
                    text(c.targetName()),
                    c.status() == null ? "" : c.status().name(),
                    text(c.method()),
                    missing(c.missing()),
                    text(c.reason()),
                    c.scanned() == null ? "" : c.scanned().toString());
            out.append(fields.stream().map(Patch::field).collect(Collectors.joining(",")))
                    .append("\r\n");
        }
        return out.toString();
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static String field(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
