package org.strata.driver.ipmi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.strata.spi.hardware.FruInfo;

/**
 * Decodes FRU data (Platform Management FRU Information Storage Definition 1.0): the common header, then the
 * chassis, board and product info areas with their type/length fields (binary, BCD plus, 6-bit packed ASCII,
 * 8-bit ASCII).
 */
final class FruParser {

    private FruParser() {}

    static FruInfo parse(int device, byte[] d) {
        if (d.length < 8 || (d[0] & 0x0F) != 1) {
            return new FruInfo(device, null, null, null, null, null, null, null, null, null, null, null, null);
        }
        List<String> chassis = fields(d, (d[2] & 0xFF) * 8, 3);
        List<String> board = fields(d, (d[3] & 0xFF) * 8, 6);
        List<String> product = fields(d, (d[4] & 0xFF) * 8, 3);
        String chassisType = null;
        if ((d[2] & 0xFF) != 0 && (d[2] & 0xFF) * 8 + 2 < d.length) {
            chassisType = IpmiNames.chassisType(d[(d[2] & 0xFF) * 8 + 2] & 0xFF);
        }
        // Field order per area: chassis part, serial; board manufacturer, product, serial, part;
        // product manufacturer, name, part/model, version, serial.
        return new FruInfo(
                device,
                chassisType,
                get(chassis, 0),
                get(chassis, 1),
                get(board, 0),
                get(board, 1),
                get(board, 2),
                get(board, 3),
                get(product, 0),
                get(product, 1),
                get(product, 2),
                get(product, 3),
                get(product, 4));
    }

    private static String get(List<String> fields, int i) {
        return i < fields.size() ? fields.get(i) : null;
    }

    /** The type/length fields of the area at {@code offset}, which start {@code skip} bytes into it. */
    private static List<String> fields(byte[] d, int offset, int skip) {
        List<String> out = new ArrayList<>();
        if (offset == 0 || offset + 2 > d.length) {
            return out;
        }
        int end = Math.min(d.length, offset + (d[offset + 1] & 0xFF) * 8);
        int at = offset + skip;
        while (at < end) {
            int tl = d[at] & 0xFF;
            if (tl == 0xC1) {
                break;
            }
            int length = tl & 0x3F;
            if (at + 1 + length > end) {
                break;
            }
            String value = decode(tl >> 6, d, at + 1, length);
            out.add(value == null || value.isEmpty() ? null : value);
            at += 1 + length;
        }
        return out;
    }

    static String decode(int type, byte[] d, int at, int length) {
        return switch (type) {
            case 0 -> hex(d, at, length);
            case 1 -> bcdPlus(d, at, length);
            case 2 -> sixBit(d, at, length);
            default -> new String(d, at, length, StandardCharsets.ISO_8859_1).trim();
        };
    }

    private static String hex(byte[] d, int at, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(String.format("%02x", d[at + i] & 0xFF));
        }
        return s.toString();
    }

    private static final String BCD_PLUS = "0123456789 -.???";

    /** Two digits a byte, high nibble first (as ipmitool and the BMCs that use it read it). */
    static String bcdPlus(byte[] d, int at, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(BCD_PLUS.charAt((d[at + i] >> 4) & 0x0F)).append(BCD_PLUS.charAt(d[at + i] & 0x0F));
        }
        return s.toString().trim();
    }

    /** Four characters every three bytes, least significant bits first; each is its value plus 0x20. */
    static String sixBit(byte[] d, int at, int length) {
        StringBuilder s = new StringBuilder();
        int bits = 0;
        int have = 0;
        for (int i = 0; i < length; i++) {
            bits |= (d[at + i] & 0xFF) << have;
            have += 8;
            while (have >= 6) {
                s.append((char) ((bits & 0x3F) + 0x20));
                bits >>= 6;
                have -= 6;
            }
        }
        return s.toString().trim();
    }
}
