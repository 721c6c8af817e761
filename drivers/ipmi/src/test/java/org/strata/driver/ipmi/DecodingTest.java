package org.strata.driver.ipmi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import org.junit.Test;
import org.strata.ipmi.lan.BmcAddress;
import org.strata.spi.hardware.SelEntry;
import org.strata.spi.hardware.SensorReading.Status;

/** The byte-level decoding against values worked out by hand from the IPMI and FRU specifications. */
public class DecodingTest {

    @Test
    public void thresholdComparisonBitsFollowTheSpecification() {
        assertEquals(Status.NORMAL, SensorRecord.status(0x00));
        assertEquals(Status.WARNING, SensorRecord.status(0x01)); // at or below lower non-critical
        assertEquals(Status.CRITICAL, SensorRecord.status(0x03)); // and lower critical
        assertEquals(Status.NON_RECOVERABLE, SensorRecord.status(0x07));
        assertEquals(Status.WARNING, SensorRecord.status(0x08)); // at or above upper non-critical
        assertEquals(Status.CRITICAL, SensorRecord.status(0x18));
        assertEquals(Status.NON_RECOVERABLE, SensorRecord.status(0x38));
        assertEquals(Status.CRITICAL, SensorRecord.status(0x02)); // lower critical alone
        assertEquals(Status.NORMAL, SensorRecord.status(0xC0)); // reserved bits
    }

    @Test
    public void conversionUsesSignedFactorsAndLinearization() {
        // M = -2 (10-bit two's complement 0x3FE), B = 100, K1 = 0, K2 = -1, two's complement readings.
        byte[] r = fullRecord(0x80, 0xFE, 0xC0, 100, 0x00, 0xF0, 0);
        SensorRecord s = SensorRecord.parse(r);
        assertEquals(((-2 * 10) + 100) * 0.1, s.convert(10), 1e-9);
        assertEquals(((-2 * -10) + 100) * 0.1, s.convert(0xF6), 1e-9); // raw -10
        // Linearization 8 (square): M = 1, B = 0.
        SensorRecord sq = SensorRecord.parse(fullRecord(0x00, 1, 0, 0, 0, 0, 8));
        assertEquals(144.0, sq.convert(12), 1e-9);
        // No analog reading: units byte 0xC0.
        assertNull(SensorRecord.parse(fullRecord(0xC0, 1, 0, 0, 0, 0, 0)).convert(5));
    }

    @Test
    public void fruTypeLengthEncodings() {
        byte[] six = {(byte) 0x23, (byte) 0x3a, (byte) 0x43, (byte) 0x10, (byte) 0x25, (byte) 0x01};
        assertEquals("CHS0042", FruParser.sixBit(six, 0, six.length));
        byte[] bcd = {0x12, 0x34, (byte) 0xB5, 0x67, (byte) 0x8A};
        assertEquals("1234-5678", FruParser.bcdPlus(bcd, 0, bcd.length));
        assertEquals("0aff", FruParser.decode(0, new byte[] {0x0a, (byte) 0xff}, 0, 2));
    }

    @Test
    public void selRecordsInWords() {
        // next id, record 7, type 2, time stamp 0x5F000000 (2020-07-03), generator 0x20, rev 4, sensor type 8
        // (power supply), sensor 4, sensor-specific event type 0x6F, offset 3 (AC lost), asserted.
        byte[] d = {0, 0, 7, 0, 2, 0, 0, 0, 0x5F, 0x20, 0, 4, 8, 4, 0x6F, 3, (byte) 0xFF, (byte) 0xFF};
        SelEntry e = IpmiBmcSession.selEntry(d, Map.of(4, "PS1 Status"));
        assertEquals(7, e.recordId());
        assertEquals(0x5F000000L, e.at().getEpochSecond());
        assertEquals("Power Supply", e.sensorType());
        assertEquals("PS1 Status", e.sensor());
        assertEquals("Power Supply AC lost", e.description());
        assertTrue(e.asserted());
        d[8] = 0x00; // pre-init time stamp
        d[14] = (byte) 0x81; // threshold, deassertion
        d[15] = 9;
        SelEntry pre = IpmiBmcSession.selEntry(d, Map.of());
        assertNull(pre.at());
        assertEquals("Upper Critical going high", pre.description());
        assertEquals("#0x04", pre.sensor());
    }

    @Test
    public void addresses() {
        assertEquals(new BmcAddress("10.0.0.5", 623), BmcAddress.parse("10.0.0.5"));
        assertEquals(new BmcAddress("bmc-1", 6230), BmcAddress.parse("bmc-1:6230"));
        assertEquals(new BmcAddress("fe80::1", 623), BmcAddress.parse("[fe80::1]"));
        assertEquals(new BmcAddress("fe80::1", 700), BmcAddress.parse("[fe80::1]:700"));
        assertEquals("[fe80::1]:700", BmcAddress.parse("[fe80::1]:700").toString());
    }

    /** A full sensor record with the given units byte, M, B, exponents and linearization. */
    private static byte[] fullRecord(
            int units, int mLow, int mHighBits, int bLow, int bHighBits, int exponents, int linearization) {
        byte[] r = new byte[48 + 4];
        r[3] = 0x01;
        r[4] = (byte) (r.length - 5);
        r[7] = 9;
        r[13] = 0x01;
        r[20] = (byte) units;
        r[23] = (byte) linearization;
        r[24] = (byte) mLow;
        r[25] = (byte) mHighBits;
        r[26] = (byte) bLow;
        r[27] = (byte) bHighBits;
        r[29] = (byte) exponents;
        r[47] = (byte) 0xC4;
        r[48] = 'T';
        r[49] = 'e';
        r[50] = 's';
        r[51] = 't';
        return r;
    }
}
