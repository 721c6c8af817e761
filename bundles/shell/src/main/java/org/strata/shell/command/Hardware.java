package org.strata.shell.command;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.StrataException;
import org.strata.api.hardware.FruRecord;
import org.strata.api.hardware.HardwareInventory;
import org.strata.shell.Output;

/** How the hardware commands check their words and show a machine's inventory. */
final class Hardware {

    private Hardware() {}

    /** Checked before anything is sent, so that a typo gets the list of what is allowed. */
    static String oneOf(String what, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw StrataException.invalid(
                    what + " must be one of " + String.join(", ", allowed) + ", was '" + value + "'");
        }
        return value;
    }

    /** A reading or threshold as the BMC gave it, without trailing zeros ({@code 45}, {@code 1.205}); empty for none. */
    static String number(Double value) {
        if (value == null) {
            return "";
        }
        if (value.isNaN() || value.isInfinite()) {
            return value.toString();
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    static ShellTable details(HardwareInventory inventory) {
        ShellTable table = Output.details();
        Output.detail(table, "GUID", inventory.guid());
        Output.detail(table, "Manufacturer", inventory.manufacturer());
        Output.detail(table, "Product", inventory.product());
        Output.detail(table, "Firmware revision", inventory.firmwareRevision());
        Output.detail(table, "Read", Output.time(inventory.read()));
        for (FruRecord f : inventory.fru()) {
            String prefix = "FRU " + f.device() + " ";
            detail(table, prefix + "chassis", f.chassisType(), null, f.chassisPartNumber(), f.chassisSerial(), null);
            detail(
                    table,
                    prefix + "board",
                    f.boardManufacturer(),
                    f.boardProduct(),
                    f.boardPartNumber(),
                    f.boardSerial(),
                    null);
            detail(
                    table,
                    prefix + "product",
                    f.productManufacturer(),
                    f.productName(),
                    f.productPartNumber(),
                    f.productSerial(),
                    f.productVersion());
        }
        return table;
    }

    /** {@code Strata Labs Board X, part BP-1, serial BS-456}; no line when the area is empty. */
    private static void detail(
            ShellTable table, String name, String maker, String product, String part, String serial, String version) {
        String what = Stream.of(maker, product).filter(Objects::nonNull).collect(Collectors.joining(" "));
        String line = Stream.of(
                        what.isEmpty() ? null : what,
                        version == null ? null : "version " + version,
                        part == null ? null : "part " + part,
                        serial == null ? null : "serial " + serial)
                .filter(Objects::nonNull)
                .collect(Collectors.joining(", "));
        if (!line.isEmpty()) {
            Output.detail(table, name, line);
        }
    }
}
