package org.strata.driver.demo;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.hypervisor.GuestCommand;
import org.strata.spi.hypervisor.GuestCommandResult;
import org.strata.spi.hypervisor.GuestInfo;

/**
 * The made-up inside of a running demo VM, as its "agent" reports it: a Debian 12 guest with two file systems, root
 * logged in since the VM started, UTC, and a few installed packages that {@code dpkg-query} lists.
 *
 * <p>The root file system's use grows with the VM's uptime, so that monitoring has a trend to show and thresholds
 * something to cross: {@value #ROOT_BASE_GIB} GiB of {@value #ROOT_GIB} GiB at start, then 1 MiB a second (90 % after
 * about four hours). Two name suffixes let tests and demos choose: a VM whose name ends in {@code -filling} grows 1 GiB
 * a second (over 90 % 15 s after it starts), one ending in {@code -full} is at 95 % from the start. Use never passes
 * the size.
 */
final class DemoGuest {

    static final long ROOT_GIB = 20;
    static final long ROOT_BASE_GIB = 3;
    static final long BOOT_BYTES = 487L << 20;
    static final long BOOT_USED_BYTES = 82L << 20;

    /**
     * What {@code dpkg-query -W} lists: name, version, architecture. Made up from Debian 12's versions, with a few
     * left a point release behind so that a baseline has something to find missing.
     */
    static final List<String[]> PACKAGES = List.of(
            new String[] {"base-files", "12.4+deb12u8", "amd64"},
            new String[] {"bash", "5.2.15-2+b7", "amd64"},
            new String[] {"coreutils", "9.1-1", "amd64"},
            new String[] {"libc6", "2.36-9+deb12u8", "amd64"},
            new String[] {"libssl3", "3.0.14-1~deb12u2", "amd64"},
            new String[] {"linux-image-6.1.0-28-amd64", "6.1.119-1", "amd64"},
            new String[] {"openssh-server", "1:9.2p1-2+deb12u3", "amd64"},
            new String[] {"openssl", "3.0.14-1~deb12u2", "amd64"},
            new String[] {"qemu-guest-agent", "1:7.2+dfsg-7+deb12u7", "amd64"},
            new String[] {"tzdata", "2024a-0+deb12u1", "all"});

    private DemoGuest() {}

    /** {@code /} (ext4) and {@code /boot} (ext2), {@code ranNanos} after the VM started. */
    static List<GuestInfo.FileSystem> fileSystems(String vmName, long ranNanos) {
        long total = ROOT_GIB << 30;
        long seconds = ranNanos / 1_000_000_000L;
        String name = vmName.toLowerCase(Locale.ROOT);
        long used;
        if (name.endsWith("-full")) {
            used = total / 100 * 95;
        } else {
            long rate = name.endsWith("-filling") ? 1L << 30 : 1L << 20;
            used = Math.min(total, (ROOT_BASE_GIB << 30) + seconds * rate);
        }
        return List.of(
                new GuestInfo.FileSystem("/", "ext4", total, used),
                new GuestInfo.FileSystem("/boot", "ext2", BOOT_BYTES, BOOT_USED_BYTES));
    }

    /** root, logged in on the console since the VM started. */
    static List<GuestInfo.User> users(Instant bootedAt) {
        return List.of(new GuestInfo.User("root", null, bootedAt));
    }

    static GuestInfo.Timezone timezone() {
        return new GuestInfo.Timezone("UTC", 0);
    }

    /**
     * The programs a demo guest has: {@code dpkg-query} ({@code /usr/bin/dpkg-query} or {@code /bin/dpkg-query}) with
     * {@code -W} (or {@code --show}) lists {@link #PACKAGES} in the format of its {@code -f}/{@code --showformat}
     * ({@code ${Package}}, {@code ${binary:Package}}, {@code ${Version}}, {@code ${Architecture}}, {@code
     * ${Status}}, {@code ${db:Status-Abbrev}}, {@code ${db:Status-Status}}; escapes {@code \n} and {@code \t}), or
     * dpkg's default "name\tversion" lines. Every other program is refused, as an agent refuses a program that does
     * not exist: DRIVER_FAILURE.
     */
    static GuestCommandResult exec(String vmName, GuestCommand command) {
        String program = command.path();
        if ((program.equals("/usr/bin/dpkg-query") || program.equals("/bin/dpkg-query"))
                && (command.args().contains("-W") || command.args().contains("--show"))) {
            String format = "${binary:Package}\t${Version}\n";
            for (int i = 0; i < command.args().size(); i++) {
                String arg = command.args().get(i);
                if (arg.startsWith("-f=") || arg.startsWith("--showformat=")) {
                    format = arg.substring(arg.indexOf('=') + 1);
                } else if ((arg.equals("-f") || arg.equals("--showformat"))
                        && i + 1 < command.args().size()) {
                    format = command.args().get(++i);
                }
            }
            StringBuilder out = new StringBuilder();
            for (String[] p : PACKAGES) {
                out.append(format(format, p));
            }
            return new GuestCommandResult(0, out.toString(), "", false);
        }
        throw new DriverException(
                Fault.DRIVER_FAILURE,
                "demo: the guest of " + vmName + " cannot run " + program + ": the demo guest has only dpkg-query -W");
    }

    /**
     * dpkg-query's format: its fields by name ({@code binary:Package} is the bare name, as dpkg gives it for every
     * package that is not "Multi-Arch: same"), {@code \n}, {@code \t} and {@code \\} escapes. */
    static String format(String format, String[] p) {
        String text = format.replace("${binary:Package}", p[0])
                .replace("${Package}", p[0])
                .replace("${Version}", p[1])
                .replace("${Architecture}", p[2])
                .replace("${db:Status-Abbrev}", "ii ")
                .replace("${db:Status-Status}", "installed")
                .replace("${Status}", "install ok installed");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char e = text.charAt(++i);
                out.append(
                        switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            default -> e;
                        });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
