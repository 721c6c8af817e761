package org.strata.driver.os.rhel;

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
 * Patching a RHEL-family guest: the package list from {@code rpm -qa}, dnf for running guests and {@code rpm -U} for
 * images. No shell: every program gets the values as arguments of its own.
 */
final class Dnf {

    /** name, [epoch:]version-release (the epoch only when the package has one), architecture; tab-separated. */
    static final String QUERY_FORMAT = "%{NAME}\\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\t%{ARCH}\\n";

    static final OsCommand QUERY = OsCommand.of("/usr/bin/rpm", "-qa", "--qf", QUERY_FORMAT);

    /** The repository id dnf knows the source by, for this run only. */
    static final String REPO_ID = "strata-patch";

    /** rpm package names: letters, digits and {@code . _ + -}, not starting with a dash (it would be an option). */
    private static final Pattern PACKAGE_NAME = Pattern.compile("[A-Za-z0-9_+][A-Za-z0-9._+-]{0,254}");

    private Dnf() {}

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
            if (f.length != 3) {
                throw new DriverException(
                        Fault.INVALID,
                        "line " + number + " of the package list is not rpm's '" + QUERY_FORMAT + "': " + line);
            }
            // rpm lists the signing keys it trusts as packages named gpg-pubkey: keys, not software
            if (f[0].equals("gpg-pubkey")) {
                continue;
            }
            RpmVersion.split(f[1]);
            try {
                packages.add(new InstalledPackage(f[0], f[1], f[2].equals("(none)") ? null : f[2]));
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
        String url = source.url();
        if (url.contains(",")) {
            throw new DriverException(Fault.INVALID, "dnf's --repofrompath takes no comma in a URL: " + url);
        }
        List<String> dnf = new ArrayList<>(List.of(
                "/usr/bin/dnf",
                "-y",
                "--setopt=install_weak_deps=False",
                "--repofrompath=" + REPO_ID + "," + url,
                // dnf would otherwise trust its cached index of the source for two days and miss what was added
                "--setopt=" + REPO_ID + ".metadata_expire=0",
                // ... and even then for the rest of the second it was fetched in (its age is counted in whole
                // seconds, and 0 is not past 0): --refresh marks it expired before the command, whatever its age
                "--refresh"));
        if (source.trusted()) {
            dnf.add("--setopt=" + REPO_ID + ".gpgcheck=0");
        }
        List<String> names = new ArrayList<>();
        for (PackageRequirement p : packages) {
            if (!PACKAGE_NAME.matcher(p.name()).matches()) {
                throw new DriverException(
                        Fault.INVALID, "not an rpm package name (letters, digits, '.', '_', '+', '-'): " + p.name());
            }
            names.add(p.name());
            if (p.minimumVersion() != null) {
                RpmVersion.split(p.minimumVersion());
            }
        }
        List<String> install = new ArrayList<>(dnf);
        install.add("install");
        install.addAll(names);
        List<String> upgrade = new ArrayList<>(dnf);
        upgrade.add("upgrade");
        upgrade.addAll(names);
        List<OsCommand> commands = new ArrayList<>();
        commands.add(new OsCommand(install, null));
        commands.add(new OsCommand(upgrade, null));
        return List.copyOf(commands);
    }

    static List<OsCommand> offline(List<String> files) {
        if (files == null || files.isEmpty()) {
            throw new DriverException(Fault.INVALID, "an offline patch names at least one package file");
        }
        List<String> argv = new ArrayList<>(List.of("/usr/bin/rpm", "-U", "--replacepkgs"));
        for (String f : files) {
            if (f == null || !f.startsWith("/") || f.contains("\n") || f.contains("\0") || !f.endsWith(".rpm")) {
                throw new DriverException(
                        Fault.INVALID, "a package file is an absolute path to an .rpm in the image: " + f);
            }
            argv.add(f);
        }
        return List.of(new OsCommand(argv, null));
    }
}
