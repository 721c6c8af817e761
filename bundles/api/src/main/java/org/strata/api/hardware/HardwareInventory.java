package org.strata.api.hardware;

import java.time.Instant;
import java.util.List;

/**
 * What a bare-metal machine's BMC says of the machine: its GUID (which identifies it wherever its BMC
 * answers), vendor, product, firmware revision and FRU data.
 */
public record HardwareInventory(
        String guid, String manufacturer, String product, String firmwareRevision, List<FruRecord> fru, Instant read) {

    public HardwareInventory {
        fru = fru == null ? List.of() : List.copyOf(fru);
    }
}
