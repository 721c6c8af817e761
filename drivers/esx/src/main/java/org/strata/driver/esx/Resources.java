package org.strata.driver.esx;

import org.strata.spi.hypervisor.ResourceSettings;
import org.strata.vsphere.vim.Xml;
import org.strata.vsphere.vim.XmlNode;

/**
 * The neutral resource settings in vSphere's terms: shares are vSphere's custom shares; CPU limits and reservations,
 * which the SPI counts in percent of one host CPU per vCPU, are MHz of the host's clock; memory ones are MB.
 * vSphere has an equivalent for every field, so nothing here answers UNSUPPORTED.
 */
final class Resources {

    private Resources() {
    }

    /**
     * A {@code cpuAllocation} element (ResourceAllocationInfo: reservation, expandableReservation, limit, shares).
     *
     * @param whole true to write every field (unset ones back to vSphere's defaults), false to write only the
     *              fields that are set, leaving the others as they are
     */
    static Xml cpu(ResourceSettings r, int vcpus, long cpuMhz, boolean whole) {
        Long reservation = r.cpuReservationPercent() != null ? Long.valueOf(mhz(r.cpuReservationPercent(), vcpus, cpuMhz))
                : unset(whole, 0);
        Long limit = r.cpuLimitPercent() != null ? Long.valueOf(mhz(r.cpuLimitPercent(), vcpus, cpuMhz))
                : unset(whole, -1);
        return allocation("cpuAllocation", reservation, limit, r.cpuShares(), whole);
    }

    static Xml memory(ResourceSettings r, boolean whole) {
        Long reservation = r.memoryReservationMib() != null ? r.memoryReservationMib() : unset(whole, 0);
        Long limit = r.memoryLimitMib() != null ? r.memoryLimitMib() : unset(whole, -1);
        return allocation("memoryAllocation", reservation, limit, null, whole);
    }

    /** vSphere's default for an unset field when the whole allocation is written, else null (left as it is). */
    private static Long unset(boolean whole, long vsphereDefault) {
        return whole ? Long.valueOf(vsphereDefault) : null;
    }

    private static Xml allocation(String name, Long reservation, Long limit, Integer shares, boolean whole) {
        Xml sharesInfo = shares != null ? Xml.el("shares", Xml.el("shares", shares), Xml.el("level", "custom"))
                : whole ? Xml.el("shares", Xml.el("shares", 0), Xml.el("level", "normal")) : null;
        if (reservation == null && limit == null && sharesInfo == null) {
            return null;
        }
        return Xml.el(name, reservation == null ? null : Xml.el("reservation", reservation),
                limit == null ? null : Xml.el("limit", limit), sharesInfo);
    }

    /** Reads the settings back; what is at vSphere's default (no limit, no reservation, normal shares) is null. */
    static ResourceSettings read(XmlNode cpu, XmlNode memory, int vcpus, long cpuMhz) {
        Integer shares = null;
        Integer cpuLimit = null;
        Integer cpuReservation = null;
        if (cpu != null) {
            if ("custom".equals(cpu.text("shares/level"))) {
                shares = cpu.intAt("shares/shares", 0);
            }
            long limit = cpu.longAt("limit", -1);
            if (limit >= 0) {
                cpuLimit = percent(limit, vcpus, cpuMhz);
            }
            long reservation = cpu.longAt("reservation", 0);
            if (reservation > 0) {
                cpuReservation = percent(reservation, vcpus, cpuMhz);
            }
        }
        Long memoryLimit = null;
        Long memoryReservation = null;
        if (memory != null) {
            long limit = memory.longAt("limit", -1);
            memoryLimit = limit >= 0 ? limit : null;
            long reservation = memory.longAt("reservation", 0);
            memoryReservation = reservation > 0 ? reservation : null;
        }
        return new ResourceSettings(shares, cpuLimit, cpuReservation, memoryLimit, memoryReservation);
    }

    private static long mhz(int percent, int vcpus, long cpuMhz) {
        return Math.max(1, Math.round(percent / 100.0 * cpuMhz * Math.max(1, vcpus)));
    }

    private static int percent(long mhz, int vcpus, long cpuMhz) {
        return (int) Math.round(mhz * 100.0 / (cpuMhz * Math.max(1, vcpus)));
    }
}
