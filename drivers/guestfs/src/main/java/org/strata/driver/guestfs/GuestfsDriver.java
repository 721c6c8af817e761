package org.strata.driver.guestfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.spi.Capability;
import org.strata.spi.Driver;
import org.strata.spi.DriverDescriptor;
import org.strata.spi.DriverException;
import org.strata.spi.DriverKind;
import org.strata.spi.Fault;
import org.strata.spi.Vocabulary;
import org.strata.spi.image.DiskImage;
import org.strata.spi.image.DiskImageDriver;
import org.strata.spi.image.FileCopy;
import org.strata.spi.image.ImageInspection;
import org.strata.spi.os.OsCommand;

/**
 * Disk image tools on libguestfs: {@code virt-inspector} reads an image's OS and packages, {@code guestfish}
 * copies files in and runs programs in it, each in an appliance of its own that libguestfs boots around the disk
 * (about 20 s a launch under TCG on an idle machine). The tools run as processes rather than through the Java
 * bindings: no JNI library to load into the OSGi container, and a call that hangs or is interrupted is ended by
 * killing its process tree, which a library call inside the JVM would not allow.
 *
 * <p>Configuration (PID {@value #PID}, all optional; etc/org.strata.driver.guestfs.cfg): {@code force_tcg} (default
 * true) runs the appliance under QEMU's software emulation even where {@code /dev/kvm} exists: slower, but it works
 * on hosts whose KVM hangs a guest kernel (nested virtualisation); {@code timeout.seconds} (default 1200) the limit
 * of one tool run; {@code tools.dir} (default /usr/bin) the folder of virt-inspector and guestfish; {@code max.appliances} (default 2)
 * how many tool runs (appliances) this driver has at once, the others waiting their turn within their time limit.
 */
@Component(
        service = {Driver.class, DiskImageDriver.class},
        configurationPid = GuestfsDriver.PID)
public final class GuestfsDriver implements DiskImageDriver {

    static final String ID = "guestfs";
    static final String PID = "org.strata.driver.guestfs";

    private static final Logger LOG = LoggerFactory.getLogger(GuestfsDriver.class);

    /** How much of a failing tool's output a message carries: enough for dpkg's or rpm's reason. */
    private static final int TAIL_LINES = 20;

    private static final int TAIL_CHARS = 3000;

    /** What each command prints first (to standard error), followed by its number. */
    static final String STEP = "strata-command-";

    private static final Pattern STEP_LINE = Pattern.compile("(?m)^(?:.*: )?" + STEP + "(\\d+)$");
    private static final Pattern NO_OS = Pattern.compile("(?m)^(?:virt-inspector|guestfish): no operating system");

    private static final DriverDescriptor DESCRIPTOR = new DriverDescriptor(
            ID,
            DriverKind.IMAGE_TOOLS,
            "Strata",
            "0.1.0",
            "Disk images read and changed without booting them, by libguestfs' virt-inspector and guestfish"
                    + " (files, or URLs QEMU opens: nbd://, iscsi://, nfs://)",
            EnumSet.of(Capability.IMAGE_INSPECTION, Capability.IMAGE_CUSTOMIZATION),
            Vocabulary.ANY);

    private final Tools tools;

    @Activate
    public GuestfsDriver(Map<String, Object> properties) {
        Map<String, Object> p = properties == null ? Map.of() : properties;
        this.tools = new Tools(
                Path.of(text(p.get("tools.dir"), "/usr/bin")),
                bool(p.get("force_tcg"), true),
                Duration.ofSeconds(number(p.get("timeout.seconds"), 1200)),
                (int) Math.min(64, number(p.get("max.appliances"), 2)));
    }

    @Override
    public DriverDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public ImageInspection inspect(DiskImage disk) {
        Locations.requireDisk(disk);
        String shown = Locations.shown(disk.location());
        List<String> args = new ArrayList<>();
        if (disk.format() != null) {
            args.add("--format=" + disk.format());
        }
        args.addAll(List.of("-a", disk.location(), "--no-icon"));
        long start = System.nanoTime();
        Tools.Result result = inTempDir(tmp -> tools.run("virt-inspector", args, tmp, shown));
        if (result.exit() != 0) {
            throw failure("virt-inspector", disk, result.errors(), List.of());
        }
        ImageInspection inspection = InspectorXml.parse(result.output(), shown);
        LOG.info(
                "inspected {}: {} {}, {} packages, in {} s",
                shown,
                inspection.os().get("id"),
                inspection.os().get("version-id"),
                inspection.packages().size(),
                (System.nanoTime() - start) / 1_000_000_000L);
        return inspection;
    }

    @Override
    public void customize(DiskImage disk, List<FileCopy> copies, List<OsCommand> commands) {
        Locations.requireDisk(disk);
        List<FileCopy> files = copies == null ? List.of() : List.copyOf(copies);
        List<OsCommand> programs = commands == null ? List.of() : List.copyOf(commands);
        for (FileCopy copy : files) {
            if (!Files.isRegularFile(Path.of(copy.source()))) {
                throw new DriverException(Fault.NOT_FOUND, "there is no file " + copy.source() + " to copy in");
            }
        }
        if (files.isEmpty() && programs.isEmpty()) {
            return;
        }
        String shown = Locations.shown(disk.location());
        long start = System.nanoTime();
        Tools.Result result = inTempDir(tmp -> {
            List<String> args = customizeArgs(disk, files, programs, tmp);
            return tools.run("guestfish", args, tmp, shown);
        });
        if (result.exit() != 0) {
            throw failure("guestfish", disk, result.output() + "\n" + result.errors(), programs);
        }
        LOG.info(
                "customized {}: {} files copied in, {} commands run, in {} s",
                shown,
                files.size(),
                programs.size(),
                (System.nanoTime() - start) / 1_000_000_000L);
    }

    /**
     * guestfish's arguments: the disk, mounted as its inspection says ({@code -i}), then guestfish commands separated
     * by {@code :} (each argument one element, nothing parsed again): the copies (folders made first), then each
     * command as one {@code sh}, which runs it with {@code /bin/sh -c} in the image's root. Each argv element is
     * quoted for that shell; a command's standard input is a file copied into a folder of the run's own and given
     * with {@code <}, the folder removed at the end. Standard output goes to standard error: libguestfs puts a
     * failing command's standard error in its message, and a package tool's reason is often on standard output.
     *
     * <p>Not virt-customize: before any operation it writes a random {@code /etc/machine-id} where the file is empty
     * and a random seed, which would give every VM later cloned from a patched template the same machine ID (and so
     * the same DHCP client ID under systemd-networkd).
     */
    static List<String> customizeArgs(DiskImage disk, List<FileCopy> copies, List<OsCommand> commands, Path tmp)
            throws IOException {
        // guestfish has no network unless --network is given.
        List<String> args = new ArrayList<>(List.of("--rw"));
        if (disk.format() != null) {
            args.add("--format=" + disk.format());
        }
        args.addAll(List.of("-a", disk.location(), "-i"));
        List<List<String>> steps = new ArrayList<>();
        Set<String> made = new LinkedHashSet<>();
        for (FileCopy copy : copies) {
            if (made.add(copy.directory())) {
                steps.add(List.of("mkdir-p", copy.directory()));
            }
            steps.add(List.of("copy-in", copy.source(), copy.directory()));
        }
        String inputs = null;
        int n = 0;
        int step = 0;
        for (OsCommand command : commands) {
            // The marker tells which command failed: libguestfs' error carries that command's output only.
            StringBuilder line = new StringBuilder("echo " + STEP + ++step + " 1>&2; ");
            for (int w = 0; w < command.argv().size(); w++) {
                if (w > 0) {
                    line.append(' ');
                }
                line.append(Shell.quote(command.argv().get(w)));
            }
            if (command.input() != null) {
                if (inputs == null) {
                    inputs = "/var/tmp/strata-input-"
                            + UUID.randomUUID().toString().substring(0, 8);
                    steps.add(List.of("mkdir-p", inputs));
                }
                n++;
                Path file = tmp.resolve("input-" + n);
                Files.writeString(file, command.input(), StandardCharsets.UTF_8);
                steps.add(List.of("copy-in", file.toString(), inputs));
                line.append(" < ").append(Shell.quote(inputs + "/" + file.getFileName()));
            }
            line.append(" 1>&2");
            steps.add(List.of("sh", line.toString()));
        }
        if (inputs != null) {
            steps.add(List.of("rm-rf", inputs));
        }
        for (int i = 0; i < steps.size(); i++) {
            if (i > 0) {
                args.add(":");
            }
            args.addAll(steps.get(i));
        }
        return args;
    }

    /**
     * A failed tool run as the fault it is: no OS found is INVALID, anything else DRIVER_FAILURE with the last lines
     * of what the tool said (a URL's user info blanked out) and, for a failed command, which one it was (its number
     * and program, not its arguments).
     */
    static DriverException failure(String tool, DiskImage disk, String said, List<OsCommand> commands) {
        String shown = Locations.shown(disk.location());
        String text = said;
        String userInfo = Locations.userInfo(disk.location());
        if (userInfo != null && !userInfo.isEmpty()) {
            text = text.replace(userInfo, "***");
        }
        if (NO_OS.matcher(text).find()) {
            return new DriverException(
                    Fault.INVALID, "no operating system the disk image tools recognize was found in " + shown);
        }
        String which = "";
        Matcher step = STEP_LINE.matcher(text);
        int last = -1;
        while (step.find()) {
            last = Integer.parseInt(step.group(1));
        }
        if (last >= 1 && last <= commands.size()) {
            which = ", command " + last + " of " + commands.size() + " ("
                    + commands.get(last - 1).argv().get(0) + ") failed";
        }
        return new DriverException(
                Fault.DRIVER_FAILURE,
                tool + " failed on " + shown + which + ": "
                        + tail(STEP_LINE.matcher(text).replaceAll("")));
    }

    /** The last lines of a tool's output, without the progress lines and blank ones. */
    static String tail(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\r?\n|\r")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.matches("\\[\\s*[0-9.]+\\] .*")) {
                lines.add(l);
            }
        }
        String joined = String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        if (joined.isEmpty()) {
            return "it said nothing";
        }
        return joined.length() > TAIL_CHARS ? "..." + joined.substring(joined.length() - TAIL_CHARS) : joined;
    }

    private interface InTmp<T> {
        T run(Path tmp) throws IOException;
    }

    /** Runs {@code work} with a folder of its own, removed afterwards whatever happened. */
    private static <T> T inTempDir(InTmp<T> work) {
        Path tmp;
        try {
            tmp = Files.createTempDirectory("strata-guestfs-");
        } catch (IOException e) {
            throw new DriverException(
                    Fault.DRIVER_FAILURE,
                    "cannot make a temporary folder for the disk image tools: " + e.getMessage(),
                    e);
        }
        try {
            return work.run(tmp);
        } catch (IOException e) {
            throw new DriverException(
                    Fault.DRIVER_FAILURE, "cannot write the disk image tools' files: " + e.getMessage(), e);
        } finally {
            removeTree(tmp);
        }
    }

    private static void removeTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not remove the temporary folder {}: {}", dir, e.getMessage());
        }
    }

    private static String text(Object value, String fallback) {
        return (value == null || value.toString().isBlank())
                ? fallback
                : value.toString().strip();
    }

    private static boolean bool(Object value, boolean fallback) {
        return (value == null || value.toString().isBlank())
                ? fallback
                : Boolean.parseBoolean(value.toString().strip());
    }

    private static long number(Object value, long fallback) {
        if (value == null || value.toString().isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.toString().strip());
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("timeout.seconds and max.appliances must be positive numbers: " + value);
        }
    }
}
