package org.strata.libvirt.support;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import org.libvirt.jna.ConnectionPointer;
import org.libvirt.jna.DomainPointer;

/**
 * The C functions that libvirt-java 0.5.4 does not wrap and Strata needs: node CPU counters
 * ({@code virNodeGetCPUStats}), memory tuning of a running domain ({@code virDomainSetMemoryParameters}) and the
 * counters of every domain in one call ({@code virConnectGetAllDomainStats}).
 * Declaring them here is smaller and safer than editing live XML (which libvirt does not allow for memtune) and
 * does not fork libvirt-java. The parameter arrays are plain memory laid out as the C structs are, which keeps
 * JNA's structure mapping (and its alignment rules) out of the way.
 */
interface NativeVirt extends com.sun.jna.Library {

    /** Loaded once, like libvirt-java's own binding; an immutable proxy. */
    NativeVirt VIRT = Native.load("virt", NativeVirt.class);

    int VIR_NODE_CPU_STATS_ALL_CPUS = -1;
    int VIR_DOMAIN_AFFECT_CURRENT = 0;
    int VIR_DOMAIN_AFFECT_LIVE = 1;
    int VIR_TYPED_PARAM_INT = 1;
    int VIR_TYPED_PARAM_UINT = 2;
    int VIR_TYPED_PARAM_LLONG = 3;
    int VIR_TYPED_PARAM_ULLONG = 4;
    int VIR_TYPED_PARAM_DOUBLE = 5;
    int VIR_TYPED_PARAM_BOOLEAN = 6;
    int VIR_TYPED_PARAM_STRING = 7;
    /** {@code VIR_DOMAIN_STATS_*}: the groups the monitor reads (CPU total, balloon, vCPUs, interfaces, blocks). */
    int DOMAIN_STATS_GROUPS = 2 | 4 | 8 | 16 | 32;
    /** {@code VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE}: running domains only. */
    int GET_ALL_DOMAINS_STATS_ACTIVE = 1;
    /** {@code VIR_UUID_STRING_BUFLEN} */
    int UUID_STRING_LENGTH = 37;

    int FIELD_LENGTH = 80;
    /** {@code struct virNodeCPUStats { char field[80]; unsigned long long value; }} */
    int NODE_CPU_STATS_SIZE = 88;
    /** {@code struct virTypedParameter { char field[80]; int type; union (8 bytes, 8-aligned) value; }} */
    int TYPED_PARAMETER_SIZE = 96;

    int virNodeGetCPUStats(ConnectionPointer conn, int cpuNum, Pointer params, IntByReference nparams, int flags);

    DomainPointer virDomainLookupByUUIDString(ConnectionPointer conn, String uuid);

    int virDomainFree(DomainPointer domain);

    int virDomainSetMemoryParameters(DomainPointer domain, Pointer params, int nparams, int flags);

    /** libvirt-java's own setSchedulerParameters passes a non-contiguous array, which JNA refuses for 2+ values. */
    int virDomainSetSchedulerParametersFlags(DomainPointer domain, Pointer params, int nparams, int flags);

    /**
     * {@code int virConnectGetAllDomainStats(virConnectPtr, unsigned int stats, virDomainStatsRecordPtr **ret,
     * unsigned int flags)}: {@code ret} receives a NULL-terminated array of {@code struct virDomainStatsRecord
     * { virDomainPtr dom; virTypedParameterPtr params; int nparams; }}, freed with
     * {@link #virDomainStatsRecordListFree}. Groups a driver does not have are left out, not refused.
     */
    int virConnectGetAllDomainStats(ConnectionPointer conn, int stats, PointerByReference records, int flags);

    void virDomainStatsRecordListFree(Pointer records);

    int virDomainGetUUIDString(Pointer domain, byte[] buffer);

    /** {@code VIR_CONNECT_LIST_DOMAINS_ACTIVE} */
    int LIST_DOMAINS_ACTIVE = 1;

    /**
     * {@code struct virDomainInfo { unsigned char state; unsigned long maxMem; unsigned long memory; unsigned short
     * nrVirtCpu; unsigned long long cpuTime; }}: offsets for the platform's {@code long}.
     */
    long DOMAIN_INFO_MEMORY = 2L * Native.LONG_SIZE;

    long DOMAIN_INFO_VCPUS = 3L * Native.LONG_SIZE;
    /** after the short, aligned to 8 */
    long DOMAIN_INFO_CPU_TIME = (3L * Native.LONG_SIZE + 2 + 7) & ~7L;

    long DOMAIN_INFO_SIZE = DOMAIN_INFO_CPU_TIME + 8;
    /** {@code struct virDomainBlockStats}: five {@code long long}s, rd_req, rd_bytes, wr_req, wr_bytes, errs */
    long BLOCK_STATS_SIZE = 40;
    /** {@code struct virDomainInterfaceStats}: eight {@code long long}s, rx_bytes first, tx_bytes fifth */
    long INTERFACE_STATS_SIZE = 64;

    /**
     * {@code int virConnectListAllDomains(virConnectPtr, virDomainPtr **domains, unsigned int flags)}: the caller
     * frees each domain ({@link #virDomainFree}) and then the array ({@code free}).
     */
    int virConnectListAllDomains(ConnectionPointer conn, PointerByReference domains, int flags);

    int virDomainFree(Pointer domain);

    /** libvirt-java's getInfo maps the struct through JNA's reflection on every call; plain memory does not. */
    int virDomainGetInfo(Pointer domain, Pointer info);

    int virDomainIsActive(Pointer domain);

    /** The XML as a C string the caller frees. */
    Pointer virDomainGetXMLDesc(Pointer domain, int flags);

    /**
     * The device's name as a NUL-terminated byte array and {@code size_t} as a Java long (64-bit Linux): JNA passes
     * both as they are, where a String or a NativeLong goes through JNA's converters, which allocate and take global
     * locks on every call (several hosts sampled at once queued on them).
     */
    int virDomainBlockStats(Pointer domain, byte[] disk, Pointer stats, long size);

    int virDomainInterfaceStats(Pointer domain, byte[] device, Pointer stats, long size);

    /** 0 where the host does not count it, or on failure (libvirt's test driver: both). */
    long virNodeGetFreeMemory(ConnectionPointer conn);

    /** A C string for JNA as a byte array: UTF-8 and NUL-terminated. */
    static byte[] cString(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(bytes, bytes.length + 1);
    }

    /** {@code virDomainSnapshotLookupByName}: the caller frees the result ({@link #virDomainSnapshotFree}). */
    Pointer virDomainSnapshotLookupByName(DomainPointer domain, String name, int flags);

    /** libvirt-java's revertToSnapshot passes no flags; Strata needs {@code VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED}. */
    int virDomainRevertToSnapshot(Pointer snapshot, int flags);

    int virDomainSnapshotFree(Pointer snapshot);

    String virGetLastErrorMessage();

    int virGetLastErrorCode();

    /** An array of integer {@code virTypedParameter}s; {@code types[i]} is the {@code VIR_TYPED_PARAM_*} number. */
    static Memory typedParameters(String[] names, int[] types, long[] values) {
        Memory memory = new Memory((long) TYPED_PARAMETER_SIZE * names.length);
        memory.clear();
        for (int i = 0; i < names.length; i++) {
            long base = (long) TYPED_PARAMETER_SIZE * i;
            byte[] name = names[i].getBytes(StandardCharsets.US_ASCII);
            memory.write(base, name, 0, Math.min(name.length, FIELD_LENGTH - 1));
            memory.setInt(base + FIELD_LENGTH, types[i]);
            if (types[i] == VIR_TYPED_PARAM_INT || types[i] == VIR_TYPED_PARAM_UINT) {
                memory.setInt(base + 88, (int) values[i]);
            } else {
                memory.setLong(base + 88, values[i]);
            }
        }
        return memory;
    }

    /** The name of the {@code index}th {@code virTypedParameter} of an array libvirt returned. */
    static String typedParameterName(Pointer params, int index) {
        return params.getString((long) TYPED_PARAMETER_SIZE * index, "US-ASCII");
    }

    /** Its value as a number; strings and doubles (which the counters read here never are) count as absent. */
    static Long typedParameterNumber(Pointer params, int index) {
        long base = (long) TYPED_PARAMETER_SIZE * index;
        return switch (params.getInt(base + FIELD_LENGTH)) {
            case VIR_TYPED_PARAM_INT -> (long) params.getInt(base + 88);
            case VIR_TYPED_PARAM_BOOLEAN -> (long) params.getByte(base + 88);
            case VIR_TYPED_PARAM_UINT -> Integer.toUnsignedLong(params.getInt(base + 88));
            case VIR_TYPED_PARAM_LLONG, VIR_TYPED_PARAM_ULLONG -> params.getLong(base + 88);
            default -> null;
        };
    }

    static String nodeCpuStatName(Memory stats, int index) {
        byte[] field = stats.getByteArray((long) NODE_CPU_STATS_SIZE * index, FIELD_LENGTH);
        int end = 0;
        while (end < field.length && field[end] != 0) {
            end++;
        }
        return new String(field, 0, end, StandardCharsets.US_ASCII);
    }

    static long nodeCpuStatValue(Memory stats, int index) {
        return stats.getLong((long) NODE_CPU_STATS_SIZE * index + FIELD_LENGTH);
    }
}
