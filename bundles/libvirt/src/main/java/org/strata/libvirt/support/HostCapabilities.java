package org.strata.libvirt.support;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.strata.spi.hypervisor.NumaCell;
import org.w3c.dom.Element;

/**
 * The parts of libvirt's capabilities XML that drivers decide by: the host's architecture, its NUMA cells,
 * whether it has an IOMMU, and which guests (OS type, architecture, domain types) it can run.
 *
 * @param arch   the host CPU architecture ("x86_64")
 * @param iommu  whether the host reports IOMMU support (PCI passthrough needs it)
 * @param cells  NUMA cells, in the host's order
 * @param guests each guest the host offers
 */
public record HostCapabilities(String arch, boolean iommu, List<NumaCell> cells, List<Guest> guests) {

    public HostCapabilities {
        cells = List.copyOf(cells);
        guests = List.copyOf(guests);
    }

    /** One {@code <guest>}: an OS type on an architecture, with the domain types that can run it. */
    public record Guest(String osType, String arch, Set<String> domainTypes) {
        public Guest {
            domainTypes = Set.copyOf(domainTypes);
        }
    }

    /** Whether the host runs guests of that OS type on that architecture (null: any) with that domain type. */
    public boolean offers(String osType, String guestArch, String domainType) {
        return guests.stream()
                .anyMatch(g -> g.osType().equals(osType)
                        && (guestArch == null || guestArch.equals(g.arch()))
                        && g.domainTypes().contains(domainType));
    }

    /** Whether the host runs guests of that OS type at all. */
    public boolean offersOsType(String osType) {
        return guests.stream().anyMatch(g -> g.osType().equals(osType));
    }

    public static HostCapabilities parse(String capabilitiesXml) {
        Element root = HardenedDom.parse(capabilitiesXml).getDocumentElement();
        Element host = HardenedDom.child(root, "host");
        String arch = HardenedDom.text(host, "cpu", "arch");
        Element iommu = HardenedDom.child(host, "iommu");
        boolean hasIommu = iommu != null && "yes".equals(iommu.getAttribute("support"));
        List<NumaCell> cells = new ArrayList<>();
        for (Element cell : HardenedDom.children(HardenedDom.path(host, "topology", "cells"), "cell")) {
            Element cpus = HardenedDom.child(cell, "cpus");
            int cpuCount = cpus == null
                    ? 0
                    : cpus.hasAttribute("num")
                            ? Integer.parseInt(cpus.getAttribute("num"))
                            : HardenedDom.children(cpus, "cpu").size();
            Element memory = HardenedDom.child(cell, "memory");
            long bytes = memory == null ? 0 : DomainXml.bytes(memory);
            cells.add(new NumaCell(Integer.parseInt(cell.getAttribute("id")), cpuCount, bytes));
        }
        List<Guest> guests = new ArrayList<>();
        for (Element guest : HardenedDom.children(root, "guest")) {
            String osType = HardenedDom.text(guest, "os_type");
            for (Element a : HardenedDom.children(guest, "arch")) {
                Set<String> types = new LinkedHashSet<>();
                for (Element d : HardenedDom.children(a, "domain")) {
                    types.add(d.getAttribute("type"));
                }
                guests.add(new Guest(osType, a.getAttribute("name"), types));
            }
        }
        return new HostCapabilities(arch, hasIommu, cells, guests);
    }
}
