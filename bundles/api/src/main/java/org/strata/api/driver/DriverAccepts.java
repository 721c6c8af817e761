package org.strata.api.driver;

import java.util.List;

/**
 * What a driver takes in requests, as it declares it (its vocabulary): a request for one of its hosts with
 * anything else is refused with a 400 that says so. An empty list takes any word; a null rule or limit means none
 * beyond the platform's generic checks (since 1.4).
 *
 * @param diskFormats       image formats of VM disks
 * @param diskBuses         disk buses of VMs
 * @param nicModels         network card models of VMs
 * @param volumeFormats     formats of new volumes, the default first
 * @param importFormats     image formats a volume is imported from
 * @param poolNames         the rule for pool names, in words
 * @param volumeNames       the rule for volume names, in words
 * @param maxUserNameLength the longest user name, in characters
 * @param maxPasswordLength the longest password, in UTF-8 bytes
 */
public record DriverAccepts(
        List<String> diskFormats,
        List<String> diskBuses,
        List<String> nicModels,
        List<String> volumeFormats,
        List<String> importFormats,
        String poolNames,
        String volumeNames,
        Integer maxUserNameLength,
        Integer maxPasswordLength) {

    /** No restriction beyond the platform's generic checks. */
    public static final DriverAccepts ANY =
            new DriverAccepts(List.of(), List.of(), List.of(), List.of(), List.of(), null, null, null, null);

    public DriverAccepts {
        diskFormats = diskFormats == null ? List.of() : List.copyOf(diskFormats);
        diskBuses = diskBuses == null ? List.of() : List.copyOf(diskBuses);
        nicModels = nicModels == null ? List.of() : List.copyOf(nicModels);
        volumeFormats = volumeFormats == null ? List.of() : List.copyOf(volumeFormats);
        importFormats = importFormats == null ? List.of() : List.copyOf(importFormats);
    }
}
