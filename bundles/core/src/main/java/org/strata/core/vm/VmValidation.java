package org.strata.core.vm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.strata.api.StrataException;
import org.strata.api.vm.VmDisk;
import org.strata.api.vm.VmGraphics;
import org.strata.api.vm.VmNic;
import org.strata.api.vm.VmResources;
import org.strata.api.vm.VmSpec;
import org.strata.spi.hypervisor.DiskSpec;

/**
 * Checks a VM spec before anything is asked of a hypervisor, and returns it normalised: defaults filled in
 * and words in lower case, so that what is stored is what the driver was given. Each refusal is a 400 whose
 * message names the field ("disks[1].bus").
 */
public final class VmValidation {

    public static final int MAX_CPUS = 256;
    public static final long MIN_MEMORY_MB = 16;
    /** 16 TiB: more than any host Strata manages; beyond it a typo is likelier than a real VM. */
    public static final long MAX_MEMORY_MB = 16L * 1024 * 1024;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern TARGET = Pattern.compile("(vd|sd|hd|xvd)[a-z]{1,3}");
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    private static final Pattern PCI = Pattern.compile("[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\\.[0-7]");
    // Spaces inside: port groups are named so ("VM Network"); the value is stripped first.
    private static final Pattern NETWORK_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9 ._:-]{0,98}[A-Za-z0-9._:-])?");
    private static final Pattern LISTEN = Pattern.compile("[A-Za-z0-9.:_-]{1,255}");
    private static final Set<String> GUEST_MODES = Set.of("hvm", "pv");
    private static final Set<String> DEVICES = Set.of("disk", "cdrom");
    /**
     * Disk formats and NIC models are the words of the host's driver (its descriptor's vocabulary, checked by
     * {@link org.strata.core.drivers.DriverVocabulary} once the host is known); here, any such word.
     */
    private static final Pattern WORD = Pattern.compile("[a-z0-9][a-z0-9._+-]{0,31}");
    /** The buses the SPI names; which of them a host takes is its driver's to say. */
    private static final Set<String> BUSES = Arrays.stream(DiskSpec.Bus.values())
            .map(b -> b.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    /** The SPI's defaults: a disk is raw (DiskSpec) on the paravirtual bus, with the paravirtual card. */
    private static final String DEFAULT_FORMAT = "raw";

    private static final String DEFAULT_BUS = DiskSpec.Bus.VIRTIO.name().toLowerCase(Locale.ROOT);
    private static final String DEFAULT_MODEL = DEFAULT_BUS;
    private static final Set<String> ATTACHMENTS = Set.of("network", "bridge", "user");
    private static final Set<String> BOOT = Set.of("disk", "cdrom", "network");
    private static final Set<String> GRAPHICS = Set.of("vnc", "spice");
    private static final int MAX_DEVICES = 64;

    private VmValidation() {}

    public static VmSpec spec(VmSpec spec) {
        if (spec == null) {
            throw StrataException.invalid("a VM spec is required");
        }
        String name = name(spec.name());
        if (spec.cpus() < 1 || spec.cpus() > MAX_CPUS) {
            throw StrataException.invalid("cpus must be between 1 and " + MAX_CPUS + ", was " + spec.cpus());
        }
        if (spec.memoryMb() < MIN_MEMORY_MB || spec.memoryMb() > MAX_MEMORY_MB) {
            throw StrataException.invalid(
                    "memoryMb must be between " + MIN_MEMORY_MB + " and " + MAX_MEMORY_MB + ", was " + spec.memoryMb());
        }
        String guestMode = word(spec.guestMode(), "hvm", GUEST_MODES, "guestMode");
        if (spec.disks().size() > MAX_DEVICES
                || spec.nics().size() > MAX_DEVICES
                || spec.pciDevices().size() > MAX_DEVICES) {
            throw StrataException.invalid("at most " + MAX_DEVICES + " disks, NICs and PCI devices each");
        }
        List<VmDisk> disks = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        for (int i = 0; i < spec.disks().size(); i++) {
            VmDisk disk = disk(spec.disks().get(i), "disks[" + i + "]");
            if (disk.target() != null && !targets.add(disk.target())) {
                throw StrataException.invalid("disks[" + i + "].target '" + disk.target() + "' is used twice");
            }
            disks.add(disk);
        }
        List<VmNic> nics = new ArrayList<>();
        Set<String> macs = new HashSet<>();
        for (int i = 0; i < spec.nics().size(); i++) {
            VmNic nic = nic(spec.nics().get(i), "nics[" + i + "]");
            if (nic.mac() != null && !macs.add(nic.mac())) {
                throw StrataException.invalid("nics[" + i + "].mac '" + nic.mac() + "' is used twice");
            }
            nics.add(nic);
        }
        List<String> pci = new ArrayList<>();
        for (int i = 0; i < spec.pciDevices().size(); i++) {
            String address = lower(spec.pciDevices().get(i));
            if (address == null || !PCI.matcher(address).matches()) {
                throw StrataException.invalid("pciDevices[" + i + "] must look like 0000:03:00.0, was '"
                        + abbreviate(spec.pciDevices().get(i)) + "'");
            }
            if (pci.contains(address)) {
                throw StrataException.invalid("pciDevices[" + i + "] '" + address + "' is listed twice");
            }
            pci.add(address);
        }
        List<String> boot = new ArrayList<>();
        for (int i = 0; i < spec.bootOrder().size(); i++) {
            String device = word(spec.bootOrder().get(i), null, BOOT, "bootOrder[" + i + "]");
            if (device == null) {
                throw StrataException.invalid("bootOrder[" + i + "] must be one of " + sorted(BOOT));
            }
            if (boot.contains(device)) {
                throw StrataException.invalid("bootOrder[" + i + "] '" + device + "' is listed twice");
            }
            boot.add(device);
        }
        return new VmSpec(
                name,
                spec.cpus(),
                spec.memoryMb(),
                guestMode,
                disks,
                nics,
                pci,
                boot,
                graphics(spec.graphics()),
                spec.serialConsole(),
                resources(spec.resources(), spec.memoryMb()),
                serialNumber(spec.serialNumber()));
    }

    /** What SMBIOS carries: printable ASCII, at most 255 characters; blank is none. */
    static String serialNumber(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!value.matches("[\\x20-\\x7e]{1,255}")) {
            throw StrataException.invalid("serialNumber must be 1 to 255 printable ASCII characters");
        }
        return value;
    }

    static String name(String value) {
        if (value == null || value.isBlank()) {
            throw StrataException.invalid("name is required");
        }
        if (!NAME.matcher(value).matches()) {
            throw StrataException.invalid("name '" + abbreviate(value) + "' must be 1 to 100 letters, digits, '.',"
                    + " '_' or '-', starting with a letter or digit");
        }
        return value;
    }

    public static VmDisk disk(VmDisk disk, String field) {
        if (disk == null) {
            throw StrataException.invalid(field + " is required");
        }
        String device = word(disk.device(), "disk", DEVICES, field + ".device");
        String source = disk.source() == null || disk.source().isBlank()
                ? null
                : disk.source().strip();
        if (source == null && device.equals("disk")) {
            throw StrataException.invalid(field + ".source is required for a disk");
        }
        if (source != null && (source.length() > 4096 || source.chars().anyMatch(Character::isISOControl))) {
            throw StrataException.invalid(field + ".source must be at most 4096 printable characters");
        }
        String format = word(disk.format(), DEFAULT_FORMAT, field + ".format");
        String bus = word(disk.bus(), DEFAULT_BUS, BUSES, field + ".bus");
        String target = lower(disk.target());
        if (target != null && !TARGET.matcher(target).matches()) {
            throw StrataException.invalid(
                    field + ".target must look like vdb, sda, hdc or xvda, was '" + abbreviate(disk.target()) + "'");
        }
        return new VmDisk(device, source, format, bus, target, disk.readOnly() || device.equals("cdrom"));
    }

    public static VmNic nic(VmNic nic, String field) {
        if (nic == null) {
            throw StrataException.invalid(field + " is required");
        }
        String attachment = word(nic.attachment(), "network", ATTACHMENTS, field + ".attachment");
        String source = nic.source() == null || nic.source().isBlank()
                ? null
                : nic.source().strip();
        if (attachment.equals("user")) {
            source = null;
        } else if (source == null) {
            throw StrataException.invalid(field + ".source (the " + attachment + " name) is required");
        } else if (!NETWORK_NAME.matcher(source).matches()) {
            throw StrataException.invalid(
                    field + ".source '" + abbreviate(source) + "' is not a valid " + attachment + " name");
        }
        String mac = mac(nic.mac(), field + ".mac", true);
        String model = word(nic.model(), DEFAULT_MODEL, field + ".model");
        return new VmNic(attachment, source, mac, model);
    }

    /** A MAC address in lower case; null when absent and {@code optional}. */
    public static String mac(String value, String field, boolean optional) {
        String mac = lower(value);
        if (mac == null) {
            if (optional) {
                return null;
            }
            throw StrataException.invalid(field + " is required");
        }
        if (!MAC.matcher(mac).matches()) {
            throw StrataException.invalid(field + " must look like 52:54:00:12:34:56, was '" + abbreviate(value) + "'");
        }
        return mac;
    }

    public static String target(String value) {
        String target = lower(value);
        if (target == null || !TARGET.matcher(target).matches()) {
            throw StrataException.invalid(
                    "target must look like vdb, sda, hdc or xvda, was '" + abbreviate(String.valueOf(value)) + "'");
        }
        return target;
    }

    static VmGraphics graphics(VmGraphics graphics) {
        if (graphics == null) {
            return null;
        }
        String type = word(graphics.type(), null, GRAPHICS, "graphics.type");
        if (type == null) {
            throw StrataException.invalid("graphics.type must be one of " + sorted(GRAPHICS));
        }
        String listen = graphics.listen() == null || graphics.listen().isBlank()
                ? "127.0.0.1"
                : graphics.listen().strip();
        if (!LISTEN.matcher(listen).matches()) {
            throw StrataException.invalid("graphics.listen must be an address, was '" + abbreviate(listen) + "'");
        }
        if (graphics.port() != 0 && (graphics.port() < 1024 || graphics.port() > 65535)) {
            throw StrataException.invalid(
                    "graphics.port must be 0 (chosen at start) or 1024..65535, was " + graphics.port());
        }
        return new VmGraphics(type, listen, graphics.port());
    }

    /**
     * @param memoryMb the VM's memory, which a reservation may not exceed
     * @return null when nothing is set
     */
    public static VmResources resources(VmResources r, long memoryMb) {
        if (r == null) {
            return null;
        }
        range(r.cpuShares(), 2, 262144, "resources.cpuShares");
        range(r.cpuLimitPercent(), 1, 100, "resources.cpuLimitPercent");
        range(r.cpuReservationPercent(), 1, 100, "resources.cpuReservationPercent");
        if (r.cpuLimitPercent() != null
                && r.cpuReservationPercent() != null
                && r.cpuReservationPercent() > r.cpuLimitPercent()) {
            throw StrataException.invalid("resources.cpuReservationPercent may not exceed resources.cpuLimitPercent");
        }
        if (r.memoryLimitMb() != null && (r.memoryLimitMb() < MIN_MEMORY_MB || r.memoryLimitMb() > MAX_MEMORY_MB)) {
            throw StrataException.invalid("resources.memoryLimitMb must be between " + MIN_MEMORY_MB + " and "
                    + MAX_MEMORY_MB + ", was " + r.memoryLimitMb());
        }
        if (r.memoryReservationMb() != null && (r.memoryReservationMb() < 0 || r.memoryReservationMb() > memoryMb)) {
            throw StrataException.invalid("resources.memoryReservationMb must be between 0 and the VM's memory ("
                    + memoryMb + "), was " + r.memoryReservationMb());
        }
        if (r.memoryLimitMb() != null
                && r.memoryReservationMb() != null
                && r.memoryReservationMb() > r.memoryLimitMb()) {
            throw StrataException.invalid("resources.memoryReservationMb may not exceed resources.memoryLimitMb");
        }
        boolean empty = r.cpuShares() == null
                && r.cpuLimitPercent() == null
                && r.cpuReservationPercent() == null
                && r.memoryLimitMb() == null
                && r.memoryReservationMb() == null;
        return empty ? null : r;
    }

    private static void range(Integer value, int min, int max, String field) {
        if (value != null && (value < min || value > max)) {
            throw StrataException.invalid(field + " must be between " + min + " and " + max + ", was " + value);
        }
    }

    /** A word from {@code allowed}, lower-cased; {@code fallback} when absent. */
    private static String word(String value, String fallback, Set<String> allowed, String field) {
        String word = lower(value);
        if (word == null) {
            return fallback;
        }
        if (!allowed.contains(word)) {
            throw StrataException.invalid(
                    field + " must be one of " + sorted(allowed) + ", was '" + abbreviate(value) + "'");
        }
        return word;
    }

    /** Any word, lower-cased; {@code fallback} when absent: which words a host takes is its driver's to say. */
    private static String word(String value, String fallback, String field) {
        String word = lower(value);
        if (word == null) {
            return fallback;
        }
        if (!WORD.matcher(word).matches()) {
            throw StrataException.invalid(field + " must be a word of 1 to 32 letters, digits, '.', '_', '+' or '-',"
                    + " starting with a letter or digit, was '" + abbreviate(value) + "'");
        }
        return word;
    }

    private static String lower(String value) {
        return value == null || value.isBlank() ? null : value.strip().toLowerCase(Locale.ROOT);
    }

    private static String sorted(Set<String> words) {
        return String.join(", ", words.stream().sorted().toList());
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }

    /** 'a', 'b' and 'c' for a message (at most ten named, then "and N more"). */
    static String names(List<org.strata.api.vm.VirtualMachine> vms) {
        List<String> quoted =
                vms.stream().limit(10).map(v -> "'" + v.name() + "'").toList();
        if (vms.size() > 10) {
            return String.join(", ", quoted) + " and " + (vms.size() - 10) + " more";
        }
        return quoted.size() == 1
                ? quoted.get(0)
                : String.join(", ", quoted.subList(0, quoted.size() - 1)) + " and " + quoted.get(quoted.size() - 1);
    }
}
