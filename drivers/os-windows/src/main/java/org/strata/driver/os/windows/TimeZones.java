package org.strata.driver.os.windows;

import java.util.Map;

/**
 * IANA zones to Windows time zone names, for a small documented table taken from CLDR's windowsZones.xml
 * (territory "001", the zone Windows itself maps to); any other zone is written as {@code UTC}, so that a machine
 * never stops Setup on an unknown name (docs/os-drivers.md lists the table).
 */
final class TimeZones {

    static final Map<String, String> TABLE = Map.ofEntries(
            Map.entry("UTC", "UTC"),
            Map.entry("Etc/UTC", "UTC"),
            Map.entry("Europe/London", "GMT Standard Time"),
            Map.entry("Europe/Dublin", "GMT Standard Time"),
            Map.entry("Europe/Lisbon", "GMT Standard Time"),
            Map.entry("Europe/Paris", "Romance Standard Time"),
            Map.entry("Europe/Brussels", "Romance Standard Time"),
            Map.entry("Europe/Madrid", "Romance Standard Time"),
            Map.entry("Europe/Copenhagen", "Romance Standard Time"),
            Map.entry("Europe/Berlin", "W. Europe Standard Time"),
            Map.entry("Europe/Amsterdam", "W. Europe Standard Time"),
            Map.entry("Europe/Rome", "W. Europe Standard Time"),
            Map.entry("Europe/Vienna", "W. Europe Standard Time"),
            Map.entry("Europe/Zurich", "W. Europe Standard Time"),
            Map.entry("Europe/Stockholm", "W. Europe Standard Time"),
            Map.entry("Europe/Oslo", "W. Europe Standard Time"),
            Map.entry("Europe/Warsaw", "Central European Standard Time"),
            Map.entry("Europe/Prague", "Central Europe Standard Time"),
            Map.entry("Europe/Helsinki", "FLE Standard Time"),
            Map.entry("Europe/Athens", "GTB Standard Time"),
            Map.entry("Europe/Moscow", "Russian Standard Time"),
            Map.entry("America/New_York", "Eastern Standard Time"),
            Map.entry("America/Toronto", "Eastern Standard Time"),
            Map.entry("America/Chicago", "Central Standard Time"),
            Map.entry("America/Denver", "Mountain Standard Time"),
            Map.entry("America/Phoenix", "US Mountain Standard Time"),
            Map.entry("America/Los_Angeles", "Pacific Standard Time"),
            Map.entry("America/Sao_Paulo", "E. South America Standard Time"),
            Map.entry("Asia/Tokyo", "Tokyo Standard Time"),
            Map.entry("Asia/Shanghai", "China Standard Time"),
            Map.entry("Asia/Singapore", "Singapore Standard Time"),
            Map.entry("Asia/Kolkata", "India Standard Time"),
            Map.entry("Asia/Calcutta", "India Standard Time"),
            Map.entry("Asia/Dubai", "Arabian Standard Time"),
            Map.entry("Australia/Sydney", "AUS Eastern Standard Time"));

    private TimeZones() {}

    static String windows(String iana) {
        return TABLE.getOrDefault(iana, "UTC");
    }
}
