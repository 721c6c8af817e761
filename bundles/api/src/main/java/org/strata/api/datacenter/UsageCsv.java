package org.strata.api.datacenter;

import java.math.BigDecimal;
import java.util.List;

/**
 * The CSV form of a {@link UsageReport} (RFC 4180): a header line, then one line per step; CRLF line ends.
 *
 * <p>Here, beside the report, because REST ({@code ?format=csv}) and the shell ({@code usage-report --csv}) must write
 * the same file and neither may import the other. Pure: no state, no I/O, the same report gives the same text.
 */
public final class UsageCsv {

    /** The header line, without its line end. */
    public static final String HEADER = "scope,subject,start,end,covered_hours,cpu_reserved,cpu_allocated,cpu_used,"
            + "memory_reserved_mb,memory_allocated_mb,memory_used_mb,vm_hours,host_hours_powered_on,"
            + "host_hours_saved";

    private UsageCsv() {}

    /** The whole report as CSV text: the header, then one line per step of {@link UsageReport#steps()}. */
    public static String write(UsageReport report) {
        StringBuilder out = new StringBuilder(HEADER).append("\r\n");
        for (UsageStep s : report.steps()) {
            List<String> fields = List.of(
                    report.scope(),
                    report.subjectName(),
                    s.start().toString(),
                    s.end().toString(),
                    number(s.coveredHours()),
                    number(s.cpuReserved()),
                    number(s.cpuAllocated()),
                    number(s.cpuUsed()),
                    number(s.memoryReservedMb()),
                    number(s.memoryAllocatedMb()),
                    number(s.memoryUsedMb()),
                    number(s.vmHours()),
                    number(s.hostHoursPoweredOn()),
                    number(s.hostHoursSaved()));
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(field(fields.get(i)));
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    /** Quoted when it holds a comma, a quote or a line break, its quotes doubled (RFC 4180, 2.6 and 2.7). */
    static String field(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /** Plain decimal notation: spreadsheets read "0.0001" everywhere, "1.0E-4" not. */
    static String number(double v) {
        BigDecimal d = BigDecimal.valueOf(v).stripTrailingZeros();
        return d.signum() == 0 ? "0" : d.toPlainString();
    }
}
