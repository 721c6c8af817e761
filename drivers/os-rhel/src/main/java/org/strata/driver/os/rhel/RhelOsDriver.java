package org.strata.driver.os.rhel;

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
 * The RHEL family 9 (Red Hat Enterprise Linux, Rocky Linux, AlmaLinux; x86_64): anaconda driven by a kickstart,
 * network-booted from an install tree's {@code images/pxeboot}, and deployed images personalized by cloud-init's
 * NoCloud data source.
 *
 * <p>Profiles: {@code rhel-9-server} (network install, image deploy, SAN boot, NAS boot; the
 * {@code @^server-product-environment} environment) and {@code rhel-9-minimal} (network install and image deploy;
 * {@code @^minimal-environment}). Every install gets {@code qemu-guest-agent}, {@code curl} and the machine's packages.
 *
 * <p>Network install: the install tree is a RHEL-family 9 DVD or BaseOS tree (its root holds {@value Kickstart#KERNEL}
 * and {@value Kickstart#INITRD}); the kernel line is {@code inst.ks=ANSWER inst.repo=TREE ip=dhcp inst.text}
 * ({@code ifname=} and a static {@code ip=} when the first interface has an address). The kickstart ({@code ks.cfg}):
 * text mode, lang, keyboard, timezone in UTC, one {@code network} line per interface matched by MAC (the first with
 * the host name), {@code url --url=MIRROR} when {@link MachineParams#mirror()} is set (a tree's {@code BaseOS} URL;
 * otherwise anaconda installs from {@code inst.repo}), root locked, the administrator in {@code wheel} with its
 * SHA-512 crypt hash ({@code --iscrypted}) and its {@code sshkey} lines, the whole disk cleared
 * ({@code zerombr}, {@code clearpart --all --initlabel}, {@code autopart}), the boot loader on the MBR, SELinux
 * enforcing, a firewall open for SSH, {@code %pre} calling back {@code installing} and {@code %post} {@code installed}
 * with curl (anaconda's environment has it), then {@code reboot}.
 *
 * <p>Machine settings read from {@link MachineParams#extra()}: {@code keymap} (an X keyboard layout, default
 * {@code us}).
 *
 * <p>Image deploy: cloud-init NoCloud, as in the Debian driver (the administrator goes into {@code wheel}).
 *
 * <p>Recognition: a QEMU guest agent report whose {@code id} is {@code rhel}, {@code rocky}, {@code almalinux} or
 * {@code centos}; release 9 maps to {@code rhel-9-server}.
 *
 * <p>Patching ({@code OS_PATCHING}, SPI 2.2): the package list from {@code rpm -qa}, rpm's version order
 * ({@link RpmVersion}), dnf for running guests and {@code rpm -U} for images ({@link Dnf}).
 *
 * <p>Validation (see docs/os-drivers.md): no kickstart validator is packaged for the registries reached here
 * (pykickstart is not in Debian 12), so the tests check the kickstarts against the documented RHEL 9 grammar (commands,
 * their options, sections closed by {@code %end}, the commands an unattended install needs); NoCloud files go through
 * cloud-init's own checks. Untested: a real anaconda run.
 */
@Component(service = {Driver.class, OsFamilyDriver.class})
public final class RhelOsDriver implements OsFamilyDriver {

    static final String ID = "os-rhel";

    private static final DriverDescriptor DESCRIPTOR = new DriverDescriptor(
            ID,
            DriverKind.OS_FAMILY,
            "Strata",
            "0.1.0",
            "RHEL family 9 (RHEL, Rocky, Alma): kickstarted network installs from an install tree's images/pxeboot,"
                    + " images personalized by cloud-init NoCloud",
            EnumSet.of(Capability.OS_PROVISIONING, Capability.OS_PATCHING));

    static final OsProfile SERVER = new OsProfile(
            "rhel-9-server",
            "RHEL family 9 (RHEL, Rocky, Alma) server",
            "9",
            "server",
            "server",
            "x86_64",
            EnumSet.allOf(ProvisioningMethod.class));

    static final OsProfile MINIMAL = new OsProfile(
            "rhel-9-minimal",
            "RHEL family 9 (RHEL, Rocky, Alma) minimal",
            "9",
            "minimal",
            "server",
            "x86_64",
            EnumSet.of(ProvisioningMethod.NETWORK_INSTALL, ProvisioningMethod.IMAGE_DEPLOY));

    private static final List<OsProfile> PROFILES = List.of(SERVER, MINIMAL);

    /** The os-release ids of the family's distributions (RHEL, Rocky Linux, AlmaLinux, CentOS Stream). */
    private static final java.util.Set<String> IDS = java.util.Set.of("rhel", "rocky", "almalinux", "centos");

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
        return new AnswerFile("ks.cfg", "text/plain", Kickstart.render(SERVER.equals(profile), machine));
    }

    @Override
    public NetbootArtifacts netboot(OsProfile profile, InstallTree tree, MachineParams machine, String answerFileUrl) {
        require(profile, ProvisioningMethod.NETWORK_INSTALL, "a network install");
        if (answerFileUrl == null || !ANSWER_URL.matcher(answerFileUrl).matches()) {
            throw new DriverException(
                    Fault.INVALID, "the answer file URL must be an http(s) URL without spaces or quotes");
        }
        if (!ANSWER_URL.matcher(tree.url()).matches()) {
            throw new DriverException(
                    Fault.INVALID, "the install tree's URL goes on the kernel line: http(s), no spaces");
        }
        for (String file : List.of(Kickstart.KERNEL, Kickstart.INITRD)) {
            if (!tree.has(file)) {
                throw new DriverException(
                        Fault.INVALID,
                        "the install tree " + tree.url() + " is not a RHEL-family 9 tree (a DVD's or BaseOS's root):"
                                + " it has no " + file);
            }
        }
        return new NetbootArtifacts(
                Kickstart.KERNEL,
                List.of(Kickstart.INITRD),
                Kickstart.kernelArguments(machine, tree.url(), answerFileUrl));
    }

    @Override
    public String imageBoot(OsProfile profile, ImageRoot root, MachineParams machine, String seedUrl) {
        ProvisioningMethod method =
                root instanceof ImageRoot.Iscsi ? ProvisioningMethod.SAN_BOOT : ProvisioningMethod.NAS_BOOT;
        require(profile, method, method == ProvisioningMethod.SAN_BOOT ? "SAN boot" : "NAS boot");
        return ImageBoot.arguments(root, seedUrl);
    }

    @Override
    public String seedSerialNumber(OsProfile profile, MachineParams machine, String seedUrl) {
        require(profile, ProvisioningMethod.IMAGE_DEPLOY, "image deploy");
        return ImageBoot.seed(seedUrl);
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
    public OsCommand packageQuery(GuestFacts guest) {
        ours(guest);
        return Dnf.QUERY;
    }

    /** Every package {@code rpm -qa} lists but the signing keys ({@code gpg-pubkey}), which are not software. */
    @Override
    public List<InstalledPackage> parsePackages(GuestFacts guest, String output) {
        ours(guest);
        return Dnf.parse(output);
    }

    /** rpm's order, exactly (see {@link RpmVersion}). */
    @Override
    public int compareVersions(String left, String right) {
        return RpmVersion.compare(left, right);
    }

    /**
     * {@code dnf install} then {@code dnf upgrade} of the packages (the first installs what is missing, the second
     * brings what was there to the newest version), each with {@code source} added for this run only
     * ({@code --repofrompath}, its index always fetched anew: {@code metadata_expire=0}; signatures unchecked for it
     * only when it is trusted: an untrusted one needs its key already imported), without weak dependencies. dnf 4.14
     * leaves an installed package as it is on {@code install}, even with a newer one in the source (measured), hence
     * the {@code upgrade}. Minimum versions are checked (they must be rpm versions) but not
     * enforced by the commands: dnf takes the newest the sources have, and the scan after the patch judges it (rpm
     * has no command that compares versions: {@code rpm -q --whatprovides} takes no version range, measured with rpm
     * 4.18). To install
     * "everything in a repository", the caller passes the repository's package names.
     */
    @Override
    public List<OsCommand> patchCommands(GuestFacts guest, PackageSource source, List<PackageRequirement> packages) {
        ours(guest);
        return Dnf.patch(source, packages);
    }

    /**
     * {@code rpm -U --replacepkgs} of the files: no network, so every dependency not in the image must be among the
     * files; rpm keeps changed configuration files itself ({@code .rpmnew}).
     */
    @Override
    public List<OsCommand> offlinePatchCommands(GuestFacts guest, List<String> packageFiles) {
        ours(guest);
        return Dnf.offline(packageFiles);
    }

    @Override
    public Optional<GuestFacts> recognize(Map<String, String> osInfo) {
        if (osInfo == null || osInfo.get("id") == null || !IDS.contains(osInfo.get("id"))) {
            return Optional.empty();
        }
        String version = first(osInfo.get("version-id"), osInfo.get("version"), "unknown");
        String name = first(osInfo.get("pretty-name"), osInfo.get("name"), osInfo.get("id"));
        String major = version.split("[.\\s]", 2)[0];
        String profile = SERVER.release().equals(major) ? SERVER.id() : null;
        return Optional.of(new GuestFacts(
                "rhel",
                name,
                version,
                blankToNull(osInfo.get("kernel-release")),
                blankToNull(osInfo.get("machine")),
                profile));
    }

    private static void ours(GuestFacts guest) {
        if (guest == null || !"rhel".equals(guest.family())) {
            throw new DriverException(
                    Fault.INVALID,
                    "driver " + ID + " patches RHEL-family guests, not " + (guest == null ? "null" : guest.family()));
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
