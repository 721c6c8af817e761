package org.strata.driver.esx;

import org.strata.spi.hypervisor.ResourceSettings;
import org.strata.vsphere.vim.VimElement;
import org.strata.vsphere.vim.XmlNode;

/**
 * The neutral resource settings in vSphere's terms: shares are vSphere's custom shares; CPU limits and reservations,
 * which the SPI counts in percent of one host CPU per vCPU, are MHz of the host's clock; memory ones are MB.
 * vSphere has an equivalent for every field, so nothing here answers UNSUPPORTED.
 */
final class Resources {

    private Resources() {}

    /**
     * A whole {@code cpuAllocation} element (ResourceAllocationInfo: reservation, limit, shares); unset fields are
     * written as vSphere's defaults (no reservation, no limit, normal shares).
     */
    static VimElement cpu(ResourceSettings r, int vcpus, long cpuMhz) {
        long reservation = r.cpuReservationPercent() == null ? 0 : mhz(r.cpuReservationPercent(), vcpus, cpuMhz);
        long limit = r.cpuLimitPercent() == null ? -1 : mhz(r.cpuLimitPercent(), vcpus, cpuMhz);
        return allocation("cpuAllocation", reservation, limit, r.cpuShares());
    }

    static VimElement memory(ResourceSettings r) {
        return allocation(
                "memoryAllocation",
                r.memoryReservationMib() == null ? 0 : r.memoryReservationMib(),
                r.memoryLimitMib() == null ? -1 : r.memoryLimitMib(),
                null);
    }

    private static VimElement allocation(String name, long reservation, long limit, Integer shares) {
        VimElement sharesInfo = shares != null
                ? VimElement.el("shares", VimElement.el("shares", shares), VimElement.el("level", "custom"))
                : VimElement.el("shares", VimElement.el("shares", 0), VimElement.el("level", "normal"));
        return VimElement.el(
                name, VimElement.el("reservation", reservation), VimElement.el("limit", limit), sharesInfo);
    }

    /** The fields of {@code change} that are set, the others from {@code current}. */
    static ResourceSettings merge(ResourceSettings change, ResourceSettings current) {
        return new ResourceSettings(
                change.cpuShares() != null ? change.cpuShares() : current.cpuShares(),
                change.cpuLimitPercent() != null ? change.cpuLimitPercent() : current.cpuLimitPercent(),
                change.cpuReservationPercent() != null
                        ? change.cpuReservationPercent()
                        : current.cpuReservationPercent(),
                change.memoryLimitMib() != null ? change.memoryLimitMib() : current.memoryLimitMib(),
                change.memoryReservationMib() != null ? change.memoryReservationMib() : current.memoryReservationMib());
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
