package org.strata.shell.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.StrataException;
import org.strata.api.datacenter.TenantService;
import org.strata.api.inventory.InventoryService;
import org.strata.api.task.Task;
import org.strata.api.vm.VmDisk;
import org.strata.api.vm.VmGraphics;
import org.strata.api.vm.VmNic;
import org.strata.api.vm.VmService;
import org.strata.api.vm.VmSpec;
import org.strata.shell.Arguments;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.ShellScope;
import org.strata.shell.TenantScoped;
import org.strata.shell.completer.HostIdCompleter;

@Command(
        scope = "strata",
        name = "vm-create",
        description =
                "Defines a virtual machine on a host from options or a JSON spec file; it is left stopped. Prints the task")
@Service
public class VmCreate extends TaskCommand implements TenantScoped {

    @Reference(optional = true)
    TenantService tenants;

    @Reference(optional = true)
    InventoryService inventory;

    /** The host argument that lets placement choose. */
    static final String PLACE = "any";

    @Reference
    VmService vms;

    @Argument(
            index = 0,
            name = "hostId",
            description = "The host to define it on, or any to let placement choose one among the --pool's hosts",
            required = true)
    @Completion(HostIdCompleter.class)
    String hostId;

    @Argument(index = 1, name = "name", description = "The VM's name (with --spec, replaces the file's name)")
    String name;

    @Option(name = "--pool", description = "The resource pool the VM belongs to (required with any as host)")
    String poolId;

    @Option(name = "--cpus", description = "Virtual CPUs (1 to 256)")
    Integer cpus;

    @Option(name = "--memory", description = "Memory in MB (at least 16)")
    Long memoryMb;

    @Option(
            name = "--disk",
            multiValued = true,
            description = "A disk image or volume path, optionally with its format: path[,qcow2|raw]; repeatable")
    List<String> disks;

    @Option(name = "--cdrom", description = "An ISO image to attach as a CD-ROM drive")
    String cdrom;

    @Option(
            name = "--network",
            multiValued = true,
            description = "A hypervisor network to connect a NIC to; repeatable")
    List<String> networks;

    @Option(name = "--boot", description = "Boot order, comma-separated: disk, cdrom, network (default disk)")
    String boot;

    @Option(name = "--vnc", description = "Give the VM a VNC console on 127.0.0.1, port chosen at start")
    boolean vnc;

    @Option(name = "--serial", description = "Give the VM a serial console")
    boolean serial;

    @Option(
            name = "--spec",
            description = "A JSON file holding the whole VmSpec (as the REST API takes it) instead of the options")
    String specFile;

    @Override
    Task start() {
        // "any", not "-": Karaf's parser reads a lone "-" (and "--") as an option it does not know. Host ids are
        // UUIDs, so the word cannot name a host.
        String host = PLACE.equals(hostId) ? null : hostId;
        ShellScope.current(tenants, inventory).checkCreate(host, poolId);
        return vms.create(host, poolId, spec(), ShellPrincipal.current());
    }

    VmSpec spec() {
        if (specFile != null) {
            if (cpus != null
                    || memoryMb != null
                    || disks != null
                    || cdrom != null
                    || networks != null
                    || boot != null
                    || vnc
                    || serial) {
                throw StrataException.invalid("--spec holds the whole VM; give no other VM options with it");
            }
            VmSpec fromFile = Vms.parseSpec(read(specFile), specFile);
            return name == null
                    ? fromFile
                    : new VmSpec(
                            name,
                            fromFile.cpus(),
                            fromFile.memoryMb(),
                            fromFile.guestMode(),
                            fromFile.disks(),
                            fromFile.nics(),
                            fromFile.pciDevices(),
                            fromFile.bootOrder(),
                            fromFile.graphics(),
                            fromFile.serialConsole(),
                            fromFile.resources());
        }
        if (name == null || cpus == null || memoryMb == null) {
            throw StrataException.invalid("give the VM's name, --cpus and --memory, or --spec <file.json>");
        }
        List<VmDisk> diskList = new ArrayList<>();
        for (String disk : disks == null ? List.<String>of() : disks) {
            diskList.add(disk(disk));
        }
        if (cdrom != null) {
            diskList.add(new VmDisk("cdrom", cdrom, "raw", null, null, true));
        }
        List<VmNic> nics = new ArrayList<>();
        for (String network : networks == null ? List.<String>of() : networks) {
            nics.add(new VmNic("network", network, null, null));
        }
        return new VmSpec(
                name,
                cpus,
                memoryMb,
                "hvm",
                diskList,
                nics,
                List.of(),
                Arguments.list(boot),
                vnc ? new VmGraphics("vnc", null, 0) : null,
                serial,
                null);
    }

    /** {@code path} or {@code path,format}. */
    private static VmDisk disk(String value) {
        int comma = value.lastIndexOf(',');
        String path = comma < 0 ? value : value.substring(0, comma);
        String format = comma < 0 ? null : value.substring(comma + 1).trim();
        if (path.isBlank() || (format != null && format.isEmpty())) {
            throw StrataException.invalid("--disk must be path or path,format, was '" + value + "'");
        }
        return new VmDisk("disk", path.trim(), format, null, null, false);
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw StrataException.invalid("cannot read --spec file '" + file + "'");
        }
    }
}
