package org.strata.spi.os;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;
import org.strata.spi.Driver;
import org.strata.spi.DriverException;

/**
 * An OS family driver (kind {@link org.strata.spi.DriverKind#OS_FAMILY}): everything Strata needs to know about one
 * family of operating systems to provision it, and nothing about where it runs. The platform does the rest (serving
 * the files, booting the machine, the task and its progress); the driver only turns a profile and a machine's
 * parameters into text.
 *
 * <p>Every method is a pure function of its arguments, may be called from any thread, and answers in milliseconds.
 * A request the driver cannot satisfy (an unknown profile, a method the profile does not support, a parameter the
 * family cannot express) is refused with {@link DriverException} {@code INVALID} or {@code UNSUPPORTED} and a message
 * for people. Values in {@link MachineParams} are checked by its constructor (host names, user names, keys, MAC
 * addresses), but a driver still quotes or escapes whatever it writes into a file, in that file's own syntax.
 *
 * <p>Capabilities: {@code OS_PROVISIONING} for drivers that implement the provisioning methods below;
 * {@code OS_PATCHING} (since 2.2) for drivers that implement the patching ones ({@link #packageQuery} to
 * {@link #offlinePatchCommands}). The contract kit ({@code org.strata.spi.testkit.OsFamilyDriverContract}) checks every
 * profile a driver lists and, with {@code OS_PATCHING}, the patching methods on the samples the driver's test gives
 * ({@code samplePackageOutput}, {@code samplePackageFiles}).
 */
@ConsumerType
public interface OsFamilyDriver extends Driver {

    /** The installable profiles this family offers; never empty, ids unique across the driver. */
    List<OsProfile> profiles();

    /**
     * The unattended-install answer file for a network install of {@code profile} on the machine: a preseed, a
     * kickstart, an {@code autounattend.xml}. It must make the installer call {@link MachineParams#callbackUrl()} with
     * {@code ?step=installing} when it starts and {@code ?step=installed} when it has finished, before it reboots
     * (see docs/os.md, "Callbacks").
     *
     * @throws DriverException INVALID for a profile not of this driver; UNSUPPORTED when the profile has no
     *                         {@link ProvisioningMethod#NETWORK_INSTALL}
     */
    AnswerFile answerFile(OsProfile profile, MachineParams machine);

    /**
     * What to network-boot to install {@code profile} from {@code tree}: the kernel, the initrds and the kernel's
     * arguments, which must make the installer load {@code answerFileUrl}. Paths are relative to the tree's root.
     *
     * @throws DriverException INVALID for a tree that is not of this profile's layout (a file it needs is not listed)
     */
    NetbootArtifacts netboot(OsProfile profile, InstallTree tree, MachineParams machine, String answerFileUrl);

    /**
     * The files that personalize a deployed image of {@code profile} at its first boot (host name, users and their
     * SSH keys, network, the callback): cloud-init NoCloud's {@code user-data}, {@code meta-data} and
     * {@code network-config} for Linux, {@code unattend.xml} for Windows. The OS must call
     * {@link MachineParams#callbackUrl()} with {@code ?step=booted} once personalized.
     */
    Personalization personalize(OsProfile profile, MachineParams machine);

    /**
     * The kernel arguments that boot a deployed image of {@code profile} from the network (since 2.1): the boot
     * service gives the machine the image's own kernel and initrd over HTTP with these arguments, which must make
     * the kernel find its root at {@code root} and make the OS load its personalization ({@link #personalize}'s
     * files) from {@code seedUrl}, a folder URL ending in {@code /} under which each file is served by its name. This
     * is how SAN and NAS boot boot at all (docs/os.md, "Image methods"). One line.
     *
     * @throws DriverException UNSUPPORTED when the family boots its images some other way (the default)
     */
    default String imageBoot(OsProfile profile, ImageRoot root, MachineParams machine, String seedUrl) {
        throw DriverException.unsupported("booting images of " + profile.id() + " from the network");
    }

    /**
     * The serial number a VM's firmware reports as its system's (SMBIOS) that makes a deployed image of
     * {@code profile}, booting from its own disk, load its personalization from {@code seedUrl} (as
     * {@link #imageBoot}): image deploy on a VM (since 2.1). cloud-init reads {@code ds=nocloud-net;s=URL} there.
     * At most 255 printable ASCII characters.
     *
     * @throws DriverException UNSUPPORTED when the family reads its personalization some other way (the default)
     */
    default String seedSerialNumber(OsProfile profile, MachineParams machine, String seedUrl) {
        throw DriverException.unsupported("personalizing images of " + profile.id() + " through a serial number");
    }

    /**
     * The program that lists the packages installed in a guest of this family (since 2.2, {@code OS_PATCHING}), run
     * in the running guest through its agent; its standard output is given to {@link #parsePackages}. Debian:
     * {@code dpkg-query -W -f=...}; RHEL: {@code rpm -qa --qf ...}.
     *
     * @throws DriverException UNSUPPORTED when the family cannot be patched by Strata (the default)
     */
    default OsCommand packageQuery(GuestFacts guest) {
        throw DriverException.unsupported("reading the installed packages of " + guest.name());
    }

    /**
     * The installed packages in {@link #packageQuery}'s output (since 2.2), in its order; lines that are not
     * installed packages (half-removed ones, blank lines) are left out.
     *
     * @throws DriverException UNSUPPORTED as {@link #packageQuery}; INVALID for output it cannot read
     */
    default List<InstalledPackage> parsePackages(GuestFacts guest, String output) {
        throw DriverException.unsupported("reading the installed packages of " + guest.name());
    }

    /**
     * Compares two package versions in the family's order (since 2.2): negative when {@code left} is older, zero when
     * the same, positive when newer. Debian: dpkg's order ({@code 1:1.0 > 2.0}, {@code 1.0~rc1 < 1.0}); RHEL: rpm's.
     * A baseline's minimum versions and a scan's verdicts rest on it, so it must be the family's own order exactly.
     *
     * @throws DriverException UNSUPPORTED as {@link #packageQuery}; INVALID for a version the family cannot have
     */
    default int compareVersions(String left, String right) {
        throw DriverException.unsupported("comparing package versions");
    }

    /**
     * The programs that install or upgrade {@code packages} from {@code source} in a running guest (since 2.2), run
     * in order through its agent, as root, without a terminal; the first that exits non-zero fails the patch (Strata
     * then rolls the guest back to the snapshot it took before). They must leave the guest's own repositories as
     * they were (use the source for this run only) and must not prompt.
     *
     * @throws DriverException UNSUPPORTED as {@link #packageQuery}
     */
    default List<OsCommand> patchCommands(GuestFacts guest, PackageSource source, List<PackageRequirement> packages) {
        throw DriverException.unsupported("patching " + guest.name());
    }

    /**
     * The programs that install package files already copied into a disk image that does not run (since 2.2),
     * run in order inside the image by the disk image tools (as root, in the image's root, with no network and no
     * running services); {@code packageFiles} are their absolute paths in the image. Debian: {@code dpkg -i}.
     *
     * @throws DriverException UNSUPPORTED as {@link #packageQuery}
     */
    default List<OsCommand> offlinePatchCommands(GuestFacts guest, List<String> packageFiles) {
        throw DriverException.unsupported("patching images of " + guest.name() + " offline");
    }

    /**
     * The guest's facts when the OS a guest reports (the key/value pairs of its agent's OS information, such as
     * QEMU's guest agent {@code guest-get-osinfo}: {@code id}, {@code name}, {@code version-id}, {@code kernel-release},
     * {@code machine}) is of this family; empty otherwise.
     */
    Optional<GuestFacts> recognize(java.util.Map<String, String> osInfo);
}
