package org.strata.api.patch;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The CSV form of a compliance report (RFC 4180, CRLF line ends), as REST's {@code ?format=csv}, SOAP's
 * {@code getComplianceCsv} and the shell's {@code patch-compliance --csv} write it: a header line, then one line per
 * target, its missing packages in one field as {@code name installed->required} separated by {@code ;} ({@code none}
 * for a package not installed, {@code any} for no minimum). As {@link org.strata.api.datacenter.UsageCsv} is for the
 * usage report.
 */
public final class ComplianceCsv {

    public static final String HEADER =
            "baseline,target_kind,target_id,target_name,status,method,missing,reason,scanned";

    private ComplianceCsv() {}

    public static String write(List<Compliance> report) {
        StringBuilder out = new StringBuilder(HEADER).append("\r\n");
        for (Compliance c : report) {
            List<String> fields = List.of(
                    text(c.baselineId()),
                    c.targetKind() == null ? "" : c.targetKind().name().toLowerCase(java.util.Locale.ROOT),
                    text(c.targetId()),
                    text(c.targetName()),
                    c.status() == null ? "" : c.status().name(),
                    text(c.method()),
                    missing(c.missing()),
                    text(c.reason()),
                    c.scanned() == null ? "" : c.scanned().toString());
            out.append(fields.stream().map(ComplianceCsv::field).collect(Collectors.joining(",")))
                    .append("\r\n");
        }
        return out.toString();
    }

    /** {@code name installed->required}; "none" for a package not installed, "any" for no minimum. */
    public static String missing(List<Compliance.MissingPackage> missing) {
        return missing.stream()
                .map(m -> m.name() + " " + (m.installed() == null ? "none" : m.installed()) + "->"
                        + (m.required() == null ? "any" : m.required()))
                .collect(Collectors.joining("; "));
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    /** Quoted when it holds a comma, a quote or a line break, its quotes doubled (RFC 4180, 2.6 and 2.7). */
    public static String field(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
