package org.strata.driver.ipmi;

import java.nio.charset.StandardCharsets;
import org.strata.spi.hardware.SensorReading.Status;

/**
 * A sensor as its SDR record (full, type 0x01, or compact, type 0x02) describes it, and the arithmetic that
 * turns its raw readings into units (IPMI 2.0 section 36.3): y = L[(M x + B 10^K1) 10^K2].
 *
 * @param raw the record's bytes, header included (offsets below are those of the specification's tables
 *            43-1 and 43-2 minus one)
 */
record SensorRecord(
        int recordType,
        int number,
        String name,
        int sensorType,
        int eventType,
        int unitsFlags,
        int baseUnit,
        int thresholdAccess,
        int readableThresholds,
        byte[] raw) {

    static final int FULL = 0x01;
    static final int COMPACT = 0x02;

    /** Parses a full or compact sensor record; null for the other record types. */
    static SensorRecord parse(byte[] r) {
        if (r.length < 5) {
            return null;
        }
        int type = r[3] & 0xFF;
        int idAt;
        if (type == FULL) {
            idAt = 47;
        } else if (type == COMPACT) {
            idAt = 31;
        } else {
            return null;
        }
        if (r.length <= idAt) {
            return null;
        }
        int typeLength = r[idAt] & 0xFF;
        int length = Math.min(typeLength & 0x1F, r.length - idAt - 1);
        String name = new String(r, idAt + 1, length, StandardCharsets.ISO_8859_1).trim();
        int number = r[7] & 0xFF;
        if (name.isEmpty()) {
            name = "sensor " + number;
        }
        return new SensorRecord(
                type,
                number,
                name,
                r[12] & 0xFF,
                r[13] & 0xFF,
                r[20] & 0xFF,
                r[21] & 0xFF,
                (r[11] >> 2) & 0x03,
                type == FULL ? r[18] & 0x3F : 0,
                r);
    }

    /** True when readings are analog numbers this record can convert (full record, threshold-type data). */
    boolean analog() {
        return recordType == FULL && (unitsFlags >> 6) != 3;
    }

    boolean thresholdBased() {
        return eventType == 0x01;
    }

    String unit() {
        if (!analog()) {
            return null;
        }
        return (unitsFlags & 0x01) != 0 ? "%" : IpmiNames.unit(baseUnit);
    }

    /** Threshold i (0 LNC, 1 LC, 2 LNR, 3 UNC, 4 UC, 5 UNR) from the record, or null when not readable. */
    Double sdrThreshold(int i) {
        if ((readableThresholds & (1 << i)) == 0 || !analog()) {
            return null;
        }
        // Full record bytes 37-42 (1-based): UNR, UC, UNC, LNR, LC, LNC.
        int at = switch (i) {
            case 0 -> 41;
            case 1 -> 40;
            case 2 -> 39;
            case 3 -> 38;
            case 4 -> 37;
            default -> 36;
        };
        return convert(raw[at] & 0xFF);
    }

    /** The raw byte in units, or null when the sensor has no analog reading. */
    Double convert(int x) {
        if (!analog()) {
            return null;
        }
        int m = signExtend((raw[24] & 0xFF) | (raw[25] & 0xC0) << 2, 10);
        int b = signExtend((raw[26] & 0xFF) | (raw[27] & 0xC0) << 2, 10);
        int k1 = signExtend(raw[29] & 0x0F, 4);
        int k2 = signExtend((raw[29] >> 4) & 0x0F, 4);
        int value = switch (unitsFlags >> 6) {
            case 1 -> (x & 0x80) != 0 ? -(~x & 0x7F) : x; // one's complement
            case 2 -> (byte) x; // two's complement
            default -> x;
        };
        double y = (m * (double) value + b * Math.pow(10, k1)) * Math.pow(10, k2);
        y = linearize(raw[23] & 0x7F, y);
        // Keep what the formula's precision carries; 10^-k2 noise is not a reading.
        return Math.round(y * 1e6) / 1e6;
    }

    private static double linearize(int l, double y) {
        return switch (l) {
            case 1 -> Math.log(y);
            case 2 -> Math.log10(y);
            case 3 -> Math.log(y) / Math.log(2);
            case 4 -> Math.exp(y);
            case 5 -> Math.pow(10, y);
            case 6 -> Math.pow(2, y);
            case 7 -> 1 / y;
            case 8 -> y * y;
            case 9 -> y * y * y;
            case 10 -> Math.sqrt(y);
            case 11 -> Math.cbrt(y);
            default -> y;
        };
    }

    static int signExtend(int value, int bits) {
        int shift = 32 - bits;
        return (value << shift) >> shift;
    }

    /**
     * The status from the threshold comparison byte of Get Sensor Reading (IPMI 2.0 table 35-15, byte 4):
     * bit 0 at or below lower non-critical, 1 at or below lower critical, 2 at or below lower non-recoverable,
     * 3 at or above upper non-critical, 4 at or above upper critical, 5 at or above upper non-recoverable. The
     * most severe crossed threshold wins. ipmi-java reads these bits in another order (it calls bit 1 "upper
     * non-critical"), which is why this driver decodes them itself.
     */
    static Status status(int comparison) {
        if ((comparison & 0x24) != 0) {
            return Status.NON_RECOVERABLE;
        }
        if ((comparison & 0x12) != 0) {
            return Status.CRITICAL;
        }
        if ((comparison & 0x09) != 0) {
            return Status.WARNING;
        }
        return Status.NORMAL;
    }
}
