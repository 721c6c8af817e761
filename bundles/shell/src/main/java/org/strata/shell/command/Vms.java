package org.strata.shell.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.stream.Collectors;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmDisk;
import org.strata.api.vm.VmNic;
import org.strata.api.vm.VmResources;
import org.strata.api.vm.VmService;
import org.strata.api.vm.VmSpec;
import org.strata.shell.Output;

/** How the VM commands show a VM, and read a spec written as JSON. */
final class Vms {

    private Vms() {}

    /** The VM service of a command that holds it as an optional reference. */
    static VmService service(VmService vms) {
        if (vms == null) {
            throw new StrataException(ErrorCode.DRIVER_UNAVAILABLE, "the VM service is not running");
        }
        return vms;
    }

    /** @param names how the host is named beside its id */
    static ShellTable details(VirtualMachine vm, Names names) {
        ShellTable table = Output.details();
        Output.detail(table, "ID", vm.id());
        Output.detail(table, "Name", vm.name());
        Output.detail(table, "Host", Names.withId(names.host(vm.hostId()), vm.hostId()));
        Output.detail(table, "State", vm.state());
        Output.detail(table, "State changed", Output.time(vm.stateChanged()));
        Output.detail(table, "CPUs", vm.cpus());
        Output.detail(table, "Memory (MB)", vm.memoryMb());
        Output.detail(table, "Hypervisor id", vm.hypervisorId());
        Output.detail(table, "Managed", vm.managed() ? "yes" : "no (found on the host)");
        Output.detail(table, "Created", Output.time(vm.created()));
        VmSpec spec = vm.spec();
        if (spec != null) {
            Output.detail(table, "Guest mode", spec.guestMode());
            for (VmDisk d : spec.disks()) {
                Output.detail(table, "Disk", disk(d));
            }
            for (VmNic n : spec.nics()) {
                Output.detail(table, "NIC", nic(n));
            }
            for (String pci : spec.pciDevices()) {
                Output.detail(table, "PCI device", pci);
            }
            Output.detail(table, "Boot order", String.join(", ", spec.bootOrder()));
            if (spec.graphics() != null) {
                Output.detail(
                        table,
                        "Graphics",
                        spec.graphics().type() + " "
                                + Output.text(spec.graphics().listen()) + ":"
                                + (spec.graphics().port() == 0
                                        ? "auto"
                                        : spec.graphics().port()));
            }
            Output.detail(table, "Serial console", spec.serialConsole() ? "yes" : "no");
            if (spec.resources() != null) {
                Output.detail(table, "Resources", resources(spec.resources()));
            }
        }
        return table;
    }

    /** {@code vdb disk /var/lib/a.qcow2 (qcow2, virtio, read-only)}. */
    static String disk(VmDisk d) {
        String options = java.util.stream.Stream.of(d.format(), d.bus(), d.readOnly() ? "read-only" : null)
                .filter(java.util.Objects::nonNull)
                .collect(Collectors.joining(", "));
        return (d.target() == null ? "" : d.target() + " ") + (d.device() == null ? "disk" : d.device()) + " "
                + (d.source() == null ? "(empty)" : d.source()) + (options.isEmpty() ? "" : " (" + options + ")");
    }

    /** {@code 52:54:00:12:34:56 network default (virtio)}. */
    static String nic(VmNic n) {
        return (n.mac() == null ? "" : n.mac() + " ") + (n.attachment() == null ? "network" : n.attachment()) + " "
                + Output.text(n.source()) + (n.model() == null ? "" : " (" + n.model() + ")");
    }

    /** The settings that are set, e.g. {@code CPU shares 2048, memory limit 4096 MB}; {@code defaults} when none is. */
    static String resources(VmResources r) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (r.cpuShares() != null) {
            parts.add("CPU shares " + r.cpuShares());
        }
        if (r.cpuLimitPercent() != null) {
            parts.add("CPU limit " + r.cpuLimitPercent() + " %");
        }
        if (r.cpuReservationPercent() != null) {
            parts.add("CPU reservation " + r.cpuReservationPercent() + " %");
        }
        if (r.memoryLimitMb() != null) {
            parts.add("memory limit " + r.memoryLimitMb() + " MB");
        }
        if (r.memoryReservationMb() != null) {
            parts.add("memory reservation " + r.memoryReservationMb() + " MB");
        }
        return parts.isEmpty() ? "defaults" : String.join(", ", parts);
    }

    /**
     * A VmSpec written as JSON, as REST takes it. Unknown fields are refused so that a typo is reported;
     * Jackson's own messages name Java classes, so the error says only what and where.
     */
    static VmSpec parseSpec(String json, String source) {
        ObjectMapper mapper = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        try {
            VmSpec spec = mapper.readValue(json, VmSpec.class);
            if (spec == null) {
                throw StrataException.invalid(source + " holds no VM spec");
            }
            return spec;
        } catch (UnrecognizedPropertyException e) {
            throw StrataException.invalid(source + ": unknown field '" + e.getPropertyName() + "'" + at(e));
        } catch (JsonProcessingException e) {
            throw StrataException.invalid(source + ": not a valid VM spec" + at(e));
        }
    }

    private static String at(JsonProcessingException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 1
                ? ""
                : " at line " + e.getLocation().getLineNr() + " column "
                        + e.getLocation().getColumnNr();
    }
}
