package org.strata.driver.os.debian;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;
import org.strata.spi.Capability;
import org.strata.spi.Driver;
import org.strata.spi.DriverDescriptor;
import org.strata.spi.DriverException;
import org.strata.spi.DriverKind;
import org.strata.spi.Fault;
import org.strata.spi.os.AnswerFile;
import org.strata.spi.os.GuestFacts;
import org.strata.spi.os.ImageRoot;
import org.strata.spi.os.InstallTree;
import org.strata.spi.os.InstalledPackage;
import org.strata.spi.os.MachineParams;
import org.strata.spi.os.NetbootArtifacts;
import org.strata.spi.os.OsCommand;
import org.strata.spi.os.OsFamilyDriver;
import org.strata.spi.os.OsProfile;
import org.strata.spi.os.PackageRequirement;
import org.strata.spi.os.PackageSource;
import org.strata.spi.os.Personalization;
import org.strata.spi.os.ProvisioningMethod;

/**
 * Debian 12 (bookworm, x86_64): the Debian installer (d-i) driven by a preseed, network-booted from Debian's own
 * netboot tree, and deployed images personalized by cloud-init's NoCloud data source.
 *
 * <p>Profiles: {@code debian-12-server} (network install, image deploy, SAN boot, NAS boot; tasksel "standard" and
 * "ssh-server") and {@code debian-12-minimal} (network install and image deploy; no task, only the packages named).
 * Every install gets {@code openssh-server}, {@code qemu-guest-agent}, {@code curl} and the machine's packages.
 *
 * <p>Network install: the install tree is the root of Debian's {@code debian-installer-12-netboot-amd64} package
 * ({@code /usr/lib/debian-installer/images/12/amd64/text/}), from which the driver boots
 * {@value Preseed#KERNEL} and {@value Preseed#INITRD} with {@code auto=true priority=critical url=ANSWER} and what
 * keeps the installer from asking anything before the preseed is loaded (locale, keymap, host name, a static address
 * when the first interface has one, IPv6 off). The preseed ({@code preseed.cfg}) installs on the whole first disk
 * (partman "atomic" recipe, regular partitions, no LVM), GRUB on the first disk, creates the administrator with its
 * SHA-512 crypt hash (locked password when none is given) and no root login, writes its SSH keys in the late
 * command, and calls the callback with busybox {@code wget} (the installer has no curl): {@code installing} in
 * {@code preseed/early_command}, {@code installed} at the end of {@code preseed/late_command}.
 *
 * <p>Mirror: {@link MachineParams#mirror()} ({@code http[s]://HOST[:PORT]/DIRECTORY}) is split into
 * {@code mirror/http/hostname} (host and port) and {@code mirror/http/directory}; without one, {@code deb.debian.org}
 * {@code /debian}. A mirror with a query, a fragment or credentials is refused ({@code INVALID}).
 *
 * <p>Machine settings read from {@link MachineParams#extra()}: {@code keymap} (an X keyboard layout, default
 * {@code us}).
 *
 * <p>Image deploy: {@code user-data} (#cloud-config), {@code meta-data} (an {@code instance-id} derived from the
 * host name and the MAC addresses) and {@code network-config} (version 2, interfaces matched by MAC); the booted
 * system calls {@code booted} from cloud-init's {@code runcmd} (curl, else wget).
 *
 * <p>Image methods booted from the network (image deploy's first boot, SAN boot, NAS boot): see {@link ImageBoot}.
 *
 * <p>Recognition: a QEMU guest agent report with {@code id} {@code debian}; release 12 maps to
 * {@code debian-12-server}.
 *
 * <p>Patching ({@code OS_PATCHING}, SPI 2.2): the package list from {@code dpkg-query -W}, dpkg's version order
 * ({@link DpkgVersion}), APT for running guests and {@code dpkg -i} for images ({@link Apt}).
 *
 * <p>Validation (see docs/os-drivers.md): preseeds are checked by Debian's {@code debconf-set-selections --checkonly},
 * user-data by cloud-init's own schema check, network-config by cloud-init's own parser; what stays untested here is
 * an install completed against a real mirror.
 */
@Component(service = {Driver.class, OsFamilyDriver.class})
public final class DebianOsDriver implements OsFamilyDriver {

    static final String ID = "os-debian";

    private static final DriverDescriptor DESCRIPTOR = new DriverDescriptor(
            ID,
            DriverKind.OS_FAMILY,
            "Strata",
            "0.1.0",
            "Debian 12 (bookworm): preseeded network installs from Debian's netboot installer, images personalized"
                    + " by cloud-init NoCloud",
            EnumSet.of(Capability.OS_PROVISIONING, Capability.OS_PATCHING));

    static final OsProfile SERVER = new OsProfile(
            "debian-12-server",
            "Debian 12 (bookworm) server",
            "12",
            "server",
            "server",
            "x86_64",
            EnumSet.allOf(ProvisioningMethod.class));

    static final OsProfile MINIMAL = new OsProfile(
            "debian-12-minimal",
            "Debian 12 (bookworm) minimal",
            "12",
            "minimal",
            "server",
            "x86_64",
            EnumSet.of(ProvisioningMethod.NETWORK_INSTALL, ProvisioningMethod.IMAGE_DEPLOY));

    private static final List<OsProfile> PROFILES = List.of(SERVER, MINIMAL);

    /** What may follow {@code url=} on a kernel command line: one word, no quotes. */
    private static final Pattern ANSWER_URL = Pattern.compile("https?://[^\\s\"'`\\\\<>]+");

    @Override
    public DriverDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public List<OsProfile> profiles() {
        return PROFILES;
    }

    @Override
    public AnswerFile answerFile(OsProfile profile, MachineParams machine) {
        require(profile, ProvisioningMethod.NETWORK_INSTALL, "a network install");
        return new AnswerFile("preseed.cfg", "text/plain", Preseed.render(SERVER.equals(profile), machine));
    }

    @Override
    public NetbootArtifacts netboot(OsProfile profile, InstallTree tree, MachineParams machine, String answerFileUrl) {
        require(profile, ProvisioningMethod.NETWORK_INSTALL, "a network install");
        if (answerFileUrl == null || !ANSWER_URL.matcher(answerFileUrl).matches()) {
            throw new DriverException(
                    Fault.INVALID, "the answer file URL must be an http(s) URL without spaces or quotes");
        }
        for (String file : List.of(Preseed.KERNEL, Preseed.INITRD)) {
            if (!tree.has(file)) {
                throw new DriverException(
                        Fault.INVALID,
                        "the install tree " + tree.url() + " is not Debian's netboot tree (from the package"
                                + " debian-installer-12-netboot-amd64): it has no " + file);
            }
        }
        return new NetbootArtifacts(
                Preseed.KERNEL, List.of(Preseed.INITRD), Preseed.kernelArguments(machine, answerFileUrl));
    }

    @Override
    public Personalization personalize(OsProfile profile, MachineParams machine) {
        OsProfile p = known(profile);
        if (!p.supports(ProvisioningMethod.IMAGE_DEPLOY)
                && !p.supports(ProvisioningMethod.SAN_BOOT)
                && !p.supports(ProvisioningMethod.NAS_BOOT)) {
            throw new DriverException(Fault.UNSUPPORTED, "profile " + p.id() + " is not deployed from an image");
        }
        return new Personalization(Personalization.NOCLOUD, NoCloud.render(machine));
    }

    @Override
    public String imageBoot(OsProfile profile, ImageRoot root, MachineParams machine, String seedUrl) {
        ProvisioningMethod method =
                root instanceof ImageRoot.Iscsi ? ProvisioningMethod.SAN_BOOT : ProvisioningMethod.NAS_BOOT;
        require(profile, method, method == ProvisioningMethod.SAN_BOOT ? "SAN boot" : "NAS boot");
        return ImageBoot.arguments(root, machine, seedUrl);
    }

    @Override
    public String seedSerialNumber(OsProfile profile, MachineParams machine, String seedUrl) {
        require(profile, ProvisioningMethod.IMAGE_DEPLOY, "image deploy");
        return ImageBoot.seed(seedUrl);
    }

    @Override
    public OsCommand packageQuery(GuestFacts guest) {
        ours(guest);
        return Apt.QUERY;
    }

    @Override
    public List<InstalledPackage> parsePackages(GuestFacts guest, String output) {
        ours(guest);
        return Apt.parse(output);
    }

    /** dpkg's order, exactly (see {@link DpkgVersion}); INVALID for a version dpkg refuses or warns about. */
    @Override
    public int compareVersions(String left, String right) {
        return Integer.signum(DpkgVersion.parse(left).compareTo(DpkgVersion.parse(right)));
    }

    /**
     * A {@code /bin/sh} script that lists {@code source} for this run only, updates its index alone and installs
     * the packages with APT, keeping the guest's configuration files; then, when a package has a minimum version,
     * a check by {@code dpkg --compare-versions} that the installed version reaches it (see {@link Apt}). To install
     * "everything in a repository", the caller passes the repository's package names: APT has no "all of this
     * source" (an {@code apt-get upgrade} would take every source the guest has). A source that is not trusted
     * must be signed by a key the guest already trusts.
     */
    @Override
    public List<OsCommand> patchCommands(GuestFacts guest, PackageSource source, List<PackageRequirement> packages) {
        ours(guest);
        return Apt.patch(source, packages);
    }

    /**
     * {@code dpkg -i} of the files, noninteractive, keeping the image's configuration files. Without a network,
     * dependencies are not fetched: a file whose dependency is neither installed nor among the files fails the patch
     * (and the copy of the image it was made on is thrown away).
     */
    @Override
    public List<OsCommand> offlinePatchCommands(GuestFacts guest, List<String> packageFiles) {
        ours(guest);
        return Apt.offline(packageFiles);
    }

    @Override
    public Optional<GuestFacts> recognize(Map<String, String> osInfo) {
        if (osInfo == null || !"debian".equals(osInfo.get("id"))) {
            return Optional.empty();
        }
        String version = first(osInfo.get("version-id"), osInfo.get("version"), "unknown");
        String name = first(osInfo.get("pretty-name"), osInfo.get("name"), "Debian GNU/Linux");
        String major = version.split("[.\\s]", 2)[0];
        String profile = SERVER.release().equals(major) ? SERVER.id() : null;
        return Optional.of(new GuestFacts(
                "debian",
                name,
                version,
                blankToNull(osInfo.get("kernel-release")),
                blankToNull(osInfo.get("machine")),
                profile));
    }

    private static void ours(GuestFacts guest) {
        if (guest == null || !"debian".equals(guest.family())) {
            throw new DriverException(
                    Fault.INVALID,
                    "driver " + ID + " patches Debian guests, not " + (guest == null ? "null" : guest.family()));
        }
    }

    private static OsProfile known(OsProfile profile) {
        for (OsProfile p : PROFILES) {
            if (p.equals(profile)) {
                return p;
            }
        }
        throw new DriverException(
                Fault.INVALID,
                "profile " + (profile == null ? "null" : profile.id()) + " is not one of driver " + ID + "'s ("
                        + SERVER.id() + ", " + MINIMAL.id() + ")");
    }

    private static void require(OsProfile profile, ProvisioningMethod method, String what) {
        OsProfile p = known(profile);
        if (!p.supports(method)) {
            throw new DriverException(Fault.UNSUPPORTED, "profile " + p.id() + " does not support " + what);
        }
    }

    private static String first(String a, String b, String fallback) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b != null && !b.isBlank() ? b : fallback;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
