package org.strata.driver.os.debian;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.os.InstalledPackage;
import org.strata.spi.os.OsCommand;
import org.strata.spi.os.PackageRequirement;
import org.strata.spi.os.PackageSource;

/**
 * Patching a Debian guest: the package list it reports with {@code dpkg-query}, and the programs that install
 * packages with APT (running guest) or dpkg (disk image, offline).
 *
 * <p>Every program gets the guest's values as its own arguments, never spliced into a shell script's text: the one
 * script there is ({@link #PATCH_SCRIPT}) reads them as {@code "$1"}, {@code "$@"}, so no package name or URL can
 * change what it runs.
 */
final class Apt {

    /** status (db:Status-Abbrev, 3 characters), name, version with its epoch, architecture; tab-separated. */
    static final String QUERY_FORMAT = "${db:Status-Abbrev}\\t${Package}\\t${Version}\\t${Architecture}\\n";

    static final OsCommand QUERY = OsCommand.of("/usr/bin/dpkg-query", "-W", "-f=" + QUERY_FORMAT);

    /**
     * The second letter of db:Status-Abbrev of a package whose files and version are in place: {@code i} installed,
     * {@code t} triggers-pending and {@code W} triggers-awaited (configured; dpkg counts both as installed for
     * dependencies). Left out: {@code n} not-installed, {@code c} config-files (removed, configuration kept), and the
     * broken states of an interrupted or failed install: {@code H} half-installed, {@code U} unpacked (not
     * configured), {@code F} half-configured; their version is not one the guest runs.
     */
    private static final String INSTALLED_STATES = "itW";

    /** Debian policy §5.6.1 (lower case, digits, {@code + - .}, two characters at least), with an optional arch. */
    private static final Pattern PACKAGE_NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]+(:[a-z0-9-]+)?");

    /**
     * The agent may run programs with a short PATH (or none); dpkg refuses to run without the sbin folders, where
     * ldconfig and start-stop-daemon are.
     */
    static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** Where the run's source is listed; a fixed name, so that a run killed before its trap ran is undone by the next. */
    static final String SOURCE_LIST = "/etc/apt/sources.list.d/strata-patch.list";

    /**
     * Installs or upgrades {@code "$@"} (after {@code shift}) from the source line {@code "$1"}: writes it to
     * {@value #SOURCE_LIST}, which a trap removes however the script ends (success, failure, or a HUP, INT or TERM);
     * updates the index of that source only ({@code sourceparts=-} hides the guest's other lists, {@code
     * List-Cleanup=0} keeps their indexes); then installs with every source the guest knows, its own and this one, so
     * that dependencies come from where they always do. Configuration files the guest changed are kept
     * ({@code --force-confold}; unchanged ones take the package's new version, {@code --force-confdef}).
     */
    static final String PATCH_SCRIPT = String.join(
            "\n",
            "set -eu",
            "export PATH=" + PATH,
            "export DEBIAN_FRONTEND=noninteractive",
            "list=" + SOURCE_LIST,
            "trap 'rm -f \"$list\"' EXIT",
            "trap 'exit 129' HUP",
            "trap 'exit 130' INT",
            "trap 'exit 143' TERM",
            "printf '%s\\n' \"$1\" > \"$list\"",
            "shift",
            "apt-get -q -o Dir::Etc::sourcelist=\"$list\" -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0"
                    + " update",
            "apt-get -q -y -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold install \"$@\"",
            "");

    /**
     * Checks that each package named in a pair {@code NAME MINIMUM} of the arguments is installed at {@code MINIMUM}
     * or later, by dpkg's own comparison: the patch fails (and is rolled back) when the source had no recent enough
     * version, rather than pass and leave the guest out of compliance.
     */
    static final String VERIFY_SCRIPT = String.join(
            "\n",
            "set -eu",
            "export PATH=" + PATH,
            "while [ $# -ge 2 ]; do",
            "  v=$(dpkg-query -W -f='${Version}' \"$1\")",
            "  if ! dpkg --compare-versions \"$v\" ge \"$2\"; then",
            "    echo \"$1 is at $v after the patch, older than $2\" >&2",
            "    exit 1",
            "  fi",
            "  shift 2",
            "done",
            "");

    private Apt() {}

    static List<InstalledPackage> parse(String output) {
        List<InstalledPackage> packages = new ArrayList<>();
        if (output == null) {
            return packages;
        }
        int number = 0;
        for (String line : output.split("\n", -1)) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 4 || f[0].length() != 3) {
                throw new DriverException(
                        Fault.INVALID,
                        "line " + number + " of the package list is not dpkg-query's '" + QUERY_FORMAT + "': " + line);
            }
            if (INSTALLED_STATES.indexOf(f[0].charAt(1)) < 0) {
                continue;
            }
            DpkgVersion.parse(f[2]);
            try {
                packages.add(new InstalledPackage(f[1], f[2], f[3]));
            } catch (IllegalArgumentException e) {
                throw new DriverException(Fault.INVALID, "line " + number + " of the package list: " + e.getMessage());
            }
        }
        return packages;
    }

    static List<OsCommand> patch(PackageSource source, List<PackageRequirement> packages) {
        if (packages == null || packages.isEmpty()) {
            throw new DriverException(Fault.INVALID, "a patch names at least one package");
        }
        List<String> install = new ArrayList<>(List.of("/bin/sh", "-c", PATCH_SCRIPT, "strata-patch", line(source)));
        List<String> verify = new ArrayList<>(List.of("/bin/sh", "-c", VERIFY_SCRIPT, "strata-verify"));
        for (PackageRequirement p : packages) {
            name(p.name());
            install.add(p.name());
            if (p.minimumVersion() != null) {
                DpkgVersion.parse(p.minimumVersion());
                verify.add(p.name());
                verify.add(p.minimumVersion());
            }
        }
        List<OsCommand> commands = new ArrayList<>();
        commands.add(new OsCommand(install, null));
        if (verify.size() > 4) {
            commands.add(new OsCommand(verify, null));
        }
        return List.copyOf(commands);
    }

    static List<OsCommand> offline(List<String> files) {
        if (files == null || files.isEmpty()) {
            throw new DriverException(Fault.INVALID, "an offline patch names at least one package file");
        }
        List<String> argv = new ArrayList<>(List.of(
                "/usr/bin/env",
                "DEBIAN_FRONTEND=noninteractive",
                "PATH=" + PATH,
                "/usr/bin/dpkg",
                "--force-confdef",
                "--force-confold",
                "-i"));
        for (String f : files) {
            if (f == null || !f.startsWith("/") || f.contains("\n") || f.contains("\0") || !f.endsWith(".deb")) {
                throw new DriverException(
                        Fault.INVALID, "a package file is an absolute path to a .deb in the image: " + f);
            }
            argv.add(f);
        }
        return List.of(new OsCommand(argv, null));
    }

    /** The one-line sources.list entry for {@code source}. */
    static String line(PackageSource source) {
        String url = source.url();
        if (url.matches(".*[\\[\\]#\"'\\\\].*")) {
            throw new DriverException(
                    Fault.INVALID, "an APT source URL cannot hold '[', ']', '#', quotes or backslashes: " + url);
        }
        String suite = source.suite();
        if (suite == null || !suite.matches("[A-Za-z0-9._/+-]+")) {
            throw new DriverException(
                    Fault.INVALID, "an APT source names its suite ('bookworm', './' for a flat repository): " + suite);
        }
        StringBuilder b = new StringBuilder("deb ");
        if (source.trusted()) {
            b.append("[trusted=yes] ");
        }
        b.append(url).append(' ').append(suite);
        if (suite.endsWith("/")) {
            if (!source.components().isEmpty()) {
                throw new DriverException(
                        Fault.INVALID, "a flat APT repository (suite ending in '/') has no components");
            }
        } else if (source.components().isEmpty()) {
            throw new DriverException(Fault.INVALID, "an APT suite (" + suite + ") needs at least one component");
        }
        for (String c : source.components()) {
            if (c == null || !c.matches("[A-Za-z0-9._/+-]+")) {
                throw new DriverException(Fault.INVALID, "not an APT component: " + c);
            }
            b.append(' ').append(c);
        }
        return b.toString();
    }

    private static void name(String name) {
        if (!PACKAGE_NAME.matcher(name).matches()) {
            throw new DriverException(
                    Fault.INVALID,
                    "not a Debian package name (lower-case letters, digits, '+', '-', '.'; optionally ':ARCH'): "
                            + name);
        }
    }
}
