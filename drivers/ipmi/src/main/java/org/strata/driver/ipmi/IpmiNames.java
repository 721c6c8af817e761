package org.strata.driver.ipmi;

import java.util.List;
import java.util.Map;

/** IPMI 2.0 code tables in words: manufacturers, units, sensor types, events, completion codes. */
final class IpmiNames {

    private IpmiNames() {}

    /** IANA enterprise numbers of BMC makers seen in data centres. */
    private static final Map<Integer, String> MANUFACTURERS = Map.ofEntries(
            Map.entry(2, "IBM"),
            Map.entry(11, "Hewlett-Packard"),
            Map.entry(42, "Sun Microsystems"),
            Map.entry(111, "Oracle"),
            Map.entry(343, "Intel"),
            Map.entry(674, "Dell"),
            Map.entry(2011, "Huawei"),
            Map.entry(5771, "Cisco"),
            Map.entry(10876, "Supermicro"),
            Map.entry(19046, "Lenovo"),
            Map.entry(20301, "IBM"),
            Map.entry(10368, "Fujitsu"),
            Map.entry(47196, "Hewlett Packard Enterprise"),
            Map.entry(6569, "Inventec"),
            Map.entry(15370, "Quanta"),
            Map.entry(40092, "ASRock Rack"),
            Map.entry(3183, "Tyan"),
            Map.entry(49769, "GIGABYTE"));

    static String manufacturer(int iana) {
        return MANUFACTURERS.getOrDefault(iana, Integer.toString(iana));
    }

    private static final List<String> UNITS = List.of(
            "unspecified",
            "degrees C",
            "degrees F",
            "degrees K",
            "Volts",
            "Amps",
            "Watts",
            "Joules",
            "Coulombs",
            "VA",
            "Nits",
            "lumen",
            "lux",
            "Candela",
            "kPa",
            "PSI",
            "Newton",
            "CFM",
            "RPM",
            "Hz",
            "microsecond",
            "millisecond",
            "second",
            "minute",
            "hour",
            "day",
            "week",
            "mil",
            "inches",
            "feet",
            "cu in",
            "cu feet",
            "mm",
            "cm",
            "m",
            "cu cm",
            "cu m",
            "liters",
            "fluid ounce",
            "radians",
            "steradians",
            "revolutions",
            "cycles",
            "gravities",
            "ounce",
            "pound",
            "ft-lb",
            "oz-in",
            "gauss",
            "gilberts",
            "henry",
            "millihenry",
            "farad",
            "microfarad",
            "ohms",
            "siemens",
            "mole",
            "becquerel",
            "PPM",
            "reserved",
            "Decibels",
            "DbA",
            "DbC",
            "gray",
            "sievert",
            "color temp deg K",
            "bit",
            "kilobit",
            "megabit",
            "gigabit",
            "byte",
            "kilobyte",
            "megabyte",
            "gigabyte",
            "word",
            "dword",
            "qword",
            "line",
            "hit",
            "miss",
            "retry",
            "reset",
            "overflow",
            "underrun",
            "collision",
            "packets",
            "messages",
            "characters",
            "error",
            "correctable error",
            "uncorrectable error",
            "fatal error",
            "grams");

    static String unit(int code) {
        return code < UNITS.size() ? UNITS.get(code) : "unit " + code;
    }

    private static final List<String> SENSOR_TYPES = List.of(
            "reserved",
            "Temperature",
            "Voltage",
            "Current",
            "Fan",
            "Physical Security",
            "Platform Security",
            "Processor",
            "Power Supply",
            "Power Unit",
            "Cooling Device",
            "Other Units-based Sensor",
            "Memory",
            "Drive Slot",
            "POST Memory Resize",
            "System Firmware Progress",
            "Event Logging Disabled",
            "Watchdog 1",
            "System Event",
            "Critical Interrupt",
            "Button / Switch",
            "Module / Board",
            "Microcontroller / Coprocessor",
            "Add-in Card",
            "Chassis",
            "Chip Set",
            "Other FRU",
            "Cable / Interconnect",
            "Terminator",
            "System Boot Initiated",
            "Boot Error",
            "OS Boot",
            "OS Critical Stop",
            "Slot / Connector",
            "System ACPI Power State",
            "Watchdog 2",
            "Platform Alert",
            "Entity Presence",
            "Monitor ASIC",
            "LAN",
            "Management Subsystem Health",
            "Battery",
            "Session Audit",
            "Version Change",
            "FRU State");

    static String sensorType(int code) {
        if (code < SENSOR_TYPES.size()) {
            return SENSOR_TYPES.get(code);
        }
        return code >= 0xC0 ? String.format("OEM 0x%02x", code) : String.format("type 0x%02x", code);
    }

    private static final List<String> THRESHOLD_EVENTS = List.of(
            "Lower Non-critical going low",
            "Lower Non-critical going high",
            "Lower Critical going low",
            "Lower Critical going high",
            "Lower Non-recoverable going low",
            "Lower Non-recoverable going high",
            "Upper Non-critical going low",
            "Upper Non-critical going high",
            "Upper Critical going low",
            "Upper Critical going high",
            "Upper Non-recoverable going low",
            "Upper Non-recoverable going high");

    /** Sensor-specific offsets (event/reading type 0x6F) of the common sensor types. */
    private static final Map<Integer, List<String>> SPECIFIC = Map.of(
            0x05,
                    List.of(
                            "General Chassis intrusion",
                            "Drive Bay intrusion",
                            "I/O Card area intrusion",
                            "Processor area intrusion",
                            "LAN Leash Lost",
                            "Unauthorized dock",
                            "FAN area intrusion"),
            0x07,
                    List.of(
                            "IERR",
                            "Thermal Trip",
                            "FRB1/BIST failure",
                            "FRB2/Hang in POST failure",
                            "FRB3/Processor startup failure",
                            "Configuration Error",
                            "SM BIOS Uncorrectable CPU-complex Error",
                            "Presence detected",
                            "Processor disabled",
                            "Terminator presence detected",
                            "Throttled"),
            0x08,
                    List.of(
                            "Presence detected",
                            "Failure detected",
                            "Predictive failure",
                            "Power Supply AC lost",
                            "AC lost or out-of-range",
                            "AC out-of-range, but present",
                            "Configuration error"),
            0x09,
                    List.of(
                            "Power off/down",
                            "Power cycle",
                            "240VA power down",
                            "Interlock power down",
                            "AC lost",
                            "Soft-power control failure",
                            "Failure detected",
                            "Predictive failure"),
            0x0C,
                    List.of(
                            "Correctable ECC",
                            "Uncorrectable ECC",
                            "Parity",
                            "Memory Scrub Failed",
                            "Memory Device Disabled",
                            "Correctable ECC logging limit reached",
                            "Presence Detected",
                            "Configuration Error",
                            "Spare",
                            "Throttled",
                            "Critical Overtemperature"),
            0x10,
                    List.of(
                            "Correctable Memory Error Logging Disabled",
                            "Event Type Logging Disabled",
                            "Log Area Reset/Cleared",
                            "All Event Logging Disabled",
                            "SEL Full",
                            "SEL Almost Full"),
            0x12,
                    List.of(
                            "System Reconfigured",
                            "OEM System Boot Event",
                            "Undetermined system hardware failure",
                            "Entry added to Auxiliary Log",
                            "PEF Action",
                            "Timestamp Clock Synch"),
            0x14,
                    List.of(
                            "Power Button pressed",
                            "Sleep Button pressed",
                            "Reset Button pressed",
                            "FRU latch open",
                            "FRU service request button"),
            0x23, List.of("Timer expired", "Hard reset", "Power down", "Power cycle"),
            0x29, List.of("Battery low", "Battery failed", "Battery presence detected"));

    /** Generic discrete event/reading types 0x02-0x0C, by offset. */
    private static final Map<Integer, List<String>> GENERIC = Map.of(
            0x02, List.of("Transition to Idle", "Transition to Active", "Transition to Busy"),
            0x03, List.of("State Deasserted", "State Asserted"),
            0x04, List.of("Predictive Failure deasserted", "Predictive Failure asserted"),
            0x05, List.of("Limit Not Exceeded", "Limit Exceeded"),
            0x06, List.of("Performance Met", "Performance Lags"),
            0x07,
                    List.of(
                            "transition to OK",
                            "transition to Non-Critical from OK",
                            "transition to Critical from less severe",
                            "transition to Non-recoverable from less severe",
                            "transition to Non-Critical from more severe",
                            "transition to Critical from Non-recoverable",
                            "transition to Non-recoverable",
                            "Monitor",
                            "Informational"),
            0x08, List.of("Device Removed / Device Absent", "Device Inserted / Device Present"),
            0x09, List.of("Device Disabled", "Device Enabled"),
            0x0B, List.of("Fully Redundant", "Redundancy Lost", "Redundancy Degraded"));

    /** An event in words from its event/reading type, sensor type and offset. */
    static String event(int eventType, int sensorType, int offset) {
        List<String> table;
        if (eventType == 0x01) {
            table = THRESHOLD_EVENTS;
        } else if (eventType == 0x6F) {
            table = SPECIFIC.get(sensorType);
        } else {
            table = GENERIC.get(eventType);
        }
        if (table != null && offset < table.size()) {
            return table.get(offset);
        }
        return String.format("event offset %d (event type 0x%02x)", offset, eventType);
    }

    private static final List<String> CHASSIS_TYPES = List.of(
            "unspecified",
            "Other",
            "Unknown",
            "Desktop",
            "Low Profile Desktop",
            "Pizza Box",
            "Mini Tower",
            "Tower",
            "Portable",
            "Laptop",
            "Notebook",
            "Hand Held",
            "Docking Station",
            "All in One",
            "Sub Notebook",
            "Space-saving",
            "Lunch Box",
            "Main Server Chassis",
            "Expansion Chassis",
            "SubChassis",
            "Bus Expansion Chassis",
            "Peripheral Chassis",
            "RAID Chassis",
            "Rack Mount Chassis",
            "Sealed-case PC",
            "Multi-system Chassis",
            "Compact PCI",
            "Advanced TCA",
            "Blade",
            "Blade Enclosure",
            "Tablet",
            "Convertible",
            "Detachable",
            "IoT Gateway",
            "Embedded PC",
            "Mini PC",
            "Stick PC");

    static String chassisType(int code) {
        return code < CHASSIS_TYPES.size() ? CHASSIS_TYPES.get(code) : "chassis type " + code;
    }
}
