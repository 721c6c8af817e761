package org.strata.driver.ipmi;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.strata.ipmi.lan.IpmiCompletionException;
import org.strata.ipmi.lan.IpmiResponse;
import org.strata.ipmi.lan.RmcpPlusSession;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.hardware.BmcIdentity;
import org.strata.spi.hardware.BmcSession;
import org.strata.spi.hardware.FruInfo;
import org.strata.spi.hardware.SelEntry;
import org.strata.spi.hardware.SensorReading;
import org.strata.spi.hardware.SensorReading.Status;

/** A BMC session over IPMI 2.0 LAN; every request goes through one {@link RmcpPlusSession}. Thread-safe. */
final class IpmiBmcSession implements BmcSession {

    private static final int APP = 0x06;
    private static final int CHASSIS = 0x00;
    private static final int SENSOR = 0x04;
    private static final int STORAGE = 0x0A;
    /** Bytes per partial read of SDR and FRU data: small enough for every BMC's message buffer. */
    private static final int CHUNK = 24;
    /** IPMI time stamps up to this value count seconds since the BMC started, not since 1970. */
    private static final long PRE_INIT_LIMIT = 0x20000000L;

    private final RmcpPlusSession lan;
    /** The SDR as last walked, with the repository info it was walked under; replaced, never changed. */
    private volatile CachedSdr cachedSdr;

    private record CachedSdr(byte[] info, List<SensorRecord> records) {}

    IpmiBmcSession(RmcpPlusSession lan) {
        this.lan = lan;
    }

    @Override
    public BmcIdentity identity() {
        byte[] id = lan.call(APP, 0x01, new byte[0]);
        if (id.length < 11) {
            throw new DriverException(Fault.DRIVER_FAILURE, "short Get Device ID answer from " + lan.address());
        }
        int manufacturer = (id[6] & 0xFF) | (id[7] & 0xFF) << 8 | (id[8] & 0x0F) << 16;
        int product = (id[9] & 0xFF) | (id[10] & 0xFF) << 8;
        String firmware = String.format("%d.%02x", id[2] & 0x7F, id[3] & 0xFF);
        String guid = null;
        IpmiResponse g = lan.request(APP, 0x37, new byte[0]);
        if (g.completionCode() == 0 && g.data().length >= 16) {
            guid = guid(g.data());
        }
        return new BmcIdentity(guid, IpmiNames.manufacturer(manufacturer), Integer.toString(product), firmware);
    }

    /**
     * The GUID as the BMC sends it, byte for byte in hex with RFC 4122's dashes. The specification stores it
     * least significant byte first but many BMCs (and ipmi_sim) do not; byte order as sent is what stays
     * stable for one machine, which is all the platform needs to recognise it.
     */
    static String guid(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                s.append('-');
            }
            s.append(String.format("%02x", b[i] & 0xFF));
        }
        return s.toString();
    }

    @Override
    public ChassisPower powerState() {
        byte[] status = lan.call(CHASSIS, 0x01, new byte[0]);
        if (status.length < 1) {
            return ChassisPower.UNKNOWN;
        }
        return (status[0] & 0x01) != 0 ? ChassisPower.ON : ChassisPower.OFF;
    }

    @Override
    public void power(PowerAction action) {
        switch (action) {
            case IDENTIFY -> lan.call(CHASSIS, 0x04, new byte[] {15}); // blink for 15 s
            case OFF -> lan.call(CHASSIS, 0x02, new byte[] {0x00});
            case ON -> lan.call(CHASSIS, 0x02, new byte[] {0x01});
            case CYCLE -> lan.call(CHASSIS, 0x02, new byte[] {0x02});
            case RESET -> lan.call(CHASSIS, 0x02, new byte[] {0x03});
            case SOFT_OFF -> lan.call(CHASSIS, 0x02, new byte[] {0x05});
            default -> throw DriverException.unsupported(IpmiDriver.ID, "power action " + action);
        }
    }

    @Override
    public void bootDevice(BootDevice device, boolean persistent) {
        int selector = switch (device) {
            case PXE -> 0x01;
            case DISK -> 0x02;
            case CDROM -> 0x05;
            case BIOS -> 0x06;
        };
        // Parameter 5 (boot flags): byte 1 bit 7 "valid", bit 6 "persistent"; byte 2 bits 5:2 the device.
        int flags = 0x80 | (persistent ? 0x40 : 0);
        lan.call(CHASSIS, 0x08, new byte[] {0x05, (byte) flags, (byte) (selector << 2), 0, 0, 0});
    }

    /**
     * The device selector of boot parameter 5. The "valid" bit is not consulted: BMCs clear it after a boot
     * and some (ipmi_sim) never keep it, while the selector stays what was asked for.
     */
    @Override
    public BootDevice bootDevice() {
        byte[] p = lan.call(CHASSIS, 0x09, new byte[] {0x05, 0, 0});
        if (p.length < 4) {
            return null;
        }
        return switch ((p[3] >> 2) & 0x0F) {
            case 0x01 -> BootDevice.PXE;
            case 0x02, 0x03 -> BootDevice.DISK;
            case 0x05 -> BootDevice.CDROM;
            case 0x06 -> BootDevice.BIOS;
            default -> null;
        };
    }

    @Override
    public List<SensorReading> sensors() {
        List<SensorReading> out = new ArrayList<>();
        for (SensorRecord r : sdr()) {
            out.add(read(r));
        }
        return out;
    }

    private SensorReading read(SensorRecord r) {
        String type = IpmiNames.sensorType(r.sensorType());
        IpmiResponse reading = lan.request(SENSOR, 0x2D, new byte[] {(byte) r.number()});
        boolean present =
                reading.completionCode() == 0 && reading.data().length >= 2 && (reading.data()[1] & 0x20) == 0;
        Double value = null;
        Status status = Status.UNKNOWN;
        if (present && r.analog()) {
            value = r.convert(reading.data()[0] & 0xFF);
        } else if (present && reading.data().length >= 3) {
            // A discrete sensor reads as its asserted state bits.
            value = (double)
                    ((reading.data()[2] & 0xFF) | (reading.data().length >= 4 ? (reading.data()[3] & 0x7F) << 8 : 0));
        }
        if (present && r.thresholdBased()) {
            status = reading.data().length >= 3 ? SensorRecord.status(reading.data()[2] & 0xFF) : Status.UNKNOWN;
        } else if (present) {
            status = Status.NORMAL;
        }
        Double[] t = thresholds(r);
        return new SensorReading(r.name(), type, value, r.unit(), t[2], t[1], t[0], t[3], t[4], t[5], status);
    }

    /** Thresholds 0-5 (LNC, LC, LNR, UNC, UC, UNR): the live ones where readable, else the SDR's. */
    private Double[] thresholds(SensorRecord r) {
        Double[] t = new Double[6];
        if (!r.analog() || !r.thresholdBased()) {
            return t;
        }
        if (r.thresholdAccess() == 1 || r.thresholdAccess() == 2) {
            IpmiResponse live = lan.request(SENSOR, 0x27, new byte[] {(byte) r.number()});
            if (live.completionCode() == 0 && live.data().length >= 7) {
                int mask = live.data()[0] & 0x3F;
                for (int i = 0; i < 6; i++) {
                    t[i] = (mask & (1 << i)) != 0 ? r.convert(live.data()[1 + i] & 0xFF) : null;
                }
                return t;
            }
        }
        for (int i = 0; i < 6; i++) {
            t[i] = r.sdrThreshold(i);
        }
        return t;
    }

    /**
     * Every full and compact sensor record of the SDR repository. The walk costs several requests per record,
     * so it is kept for the session and repeated only when the repository's record count or its last addition
     * or erase time changes (Get SDR Repository Info): a sensor poll then costs one request per sensor.
     */
    List<SensorRecord> sdr() {
        byte[] info = lan.call(STORAGE, 0x20, new byte[0]);
        byte[] key = java.util.Arrays.copyOfRange(info, 1, Math.min(info.length, 13));
        CachedSdr cached = cachedSdr;
        if (cached != null && java.util.Arrays.equals(cached.info(), key)) {
            return cached.records();
        }
        List<SensorRecord> records = List.copyOf(walkSdrReserved());
        cachedSdr = new CachedSdr(key, records);
        return records;
    }

    private List<SensorRecord> walkSdrReserved() {
        for (int attempt = 0; ; attempt++) {
            try {
                return walkSdr();
            } catch (IpmiCompletionException e) {
                // Our reservation was cancelled: the repository changed, or another client (another session of
                // ours too: the sensor poll and a reader at once) reserved it for its own walk. Starting again at
                // once made two walkers cancel each other in step until both gave up (0xC5 after 4 tries, seen in
                // the console's tests); a random pause that grows lets one of them finish first.
                if (e.code() != 0xC5 || attempt >= 7) {
                    throw e;
                }
                try {
                    Thread.sleep(
                            java.util.concurrent.ThreadLocalRandom.current().nextLong(10, 60) * (attempt + 1));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private List<SensorRecord> walkSdr() {
        byte[] res = lan.call(STORAGE, 0x22, new byte[0]);
        List<SensorRecord> out = new ArrayList<>();
        int id = 0;
        for (int guard = 0; id != 0xFFFF && guard < 4096; guard++) {
            byte[] head = lan.call(STORAGE, 0x23, new byte[] {res[0], res[1], (byte) id, (byte) (id >> 8), 0, 5});
            if (head.length < 7) {
                break;
            }
            int next = (head[0] & 0xFF) | (head[1] & 0xFF) << 8;
            int length = head[6] & 0xFF;
            ByteArrayOutputStream record = new ByteArrayOutputStream();
            record.write(head, 2, 5);
            for (int offset = 5; offset < length + 5; offset += CHUNK) {
                int n = Math.min(CHUNK, length + 5 - offset);
                byte[] part = lan.call(
                        STORAGE, 0x23, new byte[] {res[0], res[1], (byte) id, (byte) (id >> 8), (byte) offset, (byte) n
                        });
                record.write(part, 2, part.length - 2);
            }
            SensorRecord r = SensorRecord.parse(record.toByteArray());
            if (r != null) {
                out.add(r);
            }
            if (next == id) {
                break;
            }
            id = next;
        }
        return out;
    }

    @Override
    public List<FruInfo> fru() {
        byte[] info = lan.call(STORAGE, 0x10, new byte[] {0});
        int size = (info[0] & 0xFF) | (info[1] & 0xFF) << 8;
        boolean words = (info[2] & 0x01) != 0;
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int offset = 0;
        while (offset < size) {
            int n = Math.min(CHUNK, size - offset);
            int at = words ? offset / 2 : offset;
            int count = words ? (n + 1) / 2 : n;
            byte[] part = lan.call(STORAGE, 0x11, new byte[] {0, (byte) at, (byte) (at >> 8), (byte) count});
            int got = part[0] & 0xFF;
            if (got == 0) {
                break;
            }
            data.write(part, 1, Math.min(got * (words ? 2 : 1), part.length - 1));
            offset += words ? got * 2 : got;
        }
        return List.of(FruParser.parse(0, data.toByteArray()));
    }

    @Override
    public List<SelEntry> eventLog() {
        Map<Integer, String> names = new HashMap<>();
        List<SelEntry> out = new ArrayList<>();
        int id = 0;
        for (int guard = 0; id != 0xFFFF && guard < 65536; guard++) {
            IpmiResponse r = lan.request(STORAGE, 0x43, new byte[] {0, 0, (byte) id, (byte) (id >> 8), 0, (byte) 0xFF});
            if (r.completionCode() == 0xCB && id == 0) {
                return out; // the log is empty
            }
            if (r.completionCode() != 0) {
                throw new IpmiCompletionException(r.completionCode(), lan.address(), STORAGE, 0x43);
            }
            byte[] d = r.data();
            if (d.length < 18) {
                break;
            }
            if (names.isEmpty()) {
                sdr().forEach(s -> names.put(s.number(), s.name()));
                names.putIfAbsent(-1, "");
            }
            out.add(selEntry(d, names));
            int next = (d[0] & 0xFF) | (d[1] & 0xFF) << 8;
            if (next == id) {
                break;
            }
            id = next;
        }
        return out;
    }

    /** One SEL record (after the two "next record id" bytes): IPMI 2.0 section 32.1. */
    static SelEntry selEntry(byte[] d, Map<Integer, String> names) {
        int recordId = (d[2] & 0xFF) | (d[3] & 0xFF) << 8;
        int recordType = d[4] & 0xFF;
        if (recordType >= 0xC0) {
            Instant at = recordType < 0xE0 ? time(le32(d, 5)) : null;
            return new SelEntry(recordId, at, "OEM", null, String.format("OEM record type 0x%02x", recordType), true);
        }
        Instant at = time(le32(d, 5));
        int sensorType = d[12] & 0xFF;
        int sensorNumber = d[13] & 0xFF;
        int dirType = d[14] & 0xFF;
        int offset = d[15] & 0x0F;
        String sensor = names.getOrDefault(sensorNumber, String.format("#0x%02x", sensorNumber));
        return new SelEntry(
                recordId,
                at,
                IpmiNames.sensorType(sensorType),
                sensor,
                IpmiNames.event(dirType & 0x7F, sensorType, offset),
                (dirType & 0x80) == 0);
    }

    private static Instant time(int stamp) {
        long t = stamp & 0xFFFFFFFFL;
        return t == 0xFFFFFFFFL || t <= PRE_INIT_LIMIT ? null : Instant.ofEpochSecond(t);
    }

    @Override
    public void close() {
        lan.close();
    }

    /** A little-endian 32-bit field, as IPMI writes them. */
    private static int le32(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }
}
