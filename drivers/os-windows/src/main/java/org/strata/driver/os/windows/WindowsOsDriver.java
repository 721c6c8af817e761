package org.strata.driver.os.windows;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;
import org.strata.spi.Capability;
import org.strata.spi.Driver;
import org.strata.spi.DriverDescriptor;
import org.strata.spi.DriverException;
import org.strata.spi.DriverKind;
import org.strata.spi.Fault;
import org.strata.spi.os.AnswerFile;
import org.strata.spi.os.GuestFacts;
import org.strata.spi.os.InstallTree;
import org.strata.spi.os.MachineParams;
import org.strata.spi.os.NetbootArtifacts;
import org.strata.spi.os.OsFamilyDriver;
import org.strata.spi.os.OsProfile;
import org.strata.spi.os.Personalization;
import org.strata.spi.os.ProvisioningMethod;

/**
 * Windows Server 2022 (x86_64): Windows Setup driven by {@code autounattend.xml} from a network-booted WinPE, and
 * sysprepped images personalized by {@code unattend.xml}.
 *
 * <p>Profiles: {@code windows-2022-datacenter} and {@code windows-2022-standard}, both network install and image
 * deploy; they differ by the install.wim image Setup applies ({@code /IMAGE/NAME} "Windows Server 2022
 * SERVERDATACENTER" or "... SERVERSTANDARD", the Desktop Experience editions).
 *
 * <p>{@code autounattend.xml} (namespace {@code urn:schemas-microsoft-com:unattend}, {@code wcm:action} in the
 * {@code http://schemas.microsoft.com/WMIConfig/2002/State} namespace, every component {@code amd64},
 * {@code 31bf3856ad364e35}, {@code neutral}, {@code nonSxS}): pass windowsPE wipes disk 0 and lays it out for BIOS
 * (a 500 MB active system partition and Windows; {@code firmware=uefi} in {@link MachineParams#extra()}: EFI, MSR and
 * Windows), applies the profile's image, accepts the EULA and writes {@code productKey} from the extras when given
 * (five groups of five; none otherwise: an evaluation or KMS install); pass specialize names the computer (the host
 * name: 15 characters at most, else INVALID), sets the time zone ({@link TimeZones}: a small table from CLDR, UTC for
 * any other zone), static addresses and DNS servers per interface matched by MAC, and calls back {@code installing}
 * (the first point where Windows' own curl.exe exists: WinPE has none); pass oobeSystem skips every OOBE page, creates
 * the users (the first in Administrators), logs the administrator on once, and runs first-logon commands: install
 * and start OpenSSH Server (a Feature on Demand: needs Windows Update or a FoD source), write the administrator's
 * keys to {@code C:\ProgramData\ssh\administrators_authorized_keys} (OpenSSH reads administrators' keys there, not in
 * their profile) readable only by Administrators and SYSTEM, call back {@code installed}, then give every account a
 * random password nobody knows. Windows cannot use the SHA-512 crypt hash the SPI carries, so accounts are reached by
 * SSH key only.
 *
 * <p>{@code unattend.xml} (image deploy; the platform writes it to {@code Windows/Panther/unattend.xml} on the system volume of a
 * sysprepped image): the same specialize and oobeSystem passes, calling back {@code booted}.
 *
 * <p>Network boot: wimboot (https://ipxe.org/wimboot; not packaged by Debian: the install tree must hold it) with
 * the tree's {@code boot/bcd}, {@code boot/boot.sdi} and {@code sources/boot.wim} as initrds, from a tree that is a
 * Windows Server 2022 ISO's content plus {@code wimboot}. wimboot refuses any argument it does not know, so the
 * answer file's URL cannot be on its line: the platform must add it as one more initrd named
 * {@code autounattend.xml} (wimboot injects it into WinPE). The install itself needs the ISO's
 * {@code sources/install.wim} reachable from WinPE (an SMB share): see docs/os-drivers.md.
 *
 * <p>Recognition: a QEMU guest agent report with {@code id} {@code mswindows} (what qemu-ga reports on Windows);
 * {@code version-id} 2022 or a {@code kernel-release} build 20348 is Windows Server 2022.
 *
 * <p>Validation: XML well-formedness (JDK parser and xmllint) and structural checks in the tests; untested on a real
 * Windows Setup.
 */
@Component(service = {Driver.class, OsFamilyDriver.class})
public final class WindowsOsDriver implements OsFamilyDriver {

    static final String ID = "os-windows";

    static final String WIMBOOT = "wimboot";
    static final List<String> WINPE = List.of("boot/bcd", "boot/boot.sdi", "sources/boot.wim");

    private static final DriverDescriptor DESCRIPTOR = new DriverDescriptor(
            ID,
            DriverKind.OS_FAMILY,
            "Strata",
            "0.1.0",
            "Windows Server 2022: autounattend.xml installs from WinPE booted by wimboot, unattend.xml for"
                    + " sysprepped images",
            EnumSet.of(Capability.OS_PROVISIONING));

    static final OsProfile DATACENTER = new OsProfile(
            "windows-2022-datacenter",
            "Windows Server 2022 Datacenter (Desktop Experience)",
            "2022",
            "Datacenter",
            "server",
            "x86_64",
            EnumSet.of(ProvisioningMethod.NETWORK_INSTALL, ProvisioningMethod.IMAGE_DEPLOY));

    static final OsProfile STANDARD = new OsProfile(
            "windows-2022-standard",
            "Windows Server 2022 Standard (Desktop Experience)",
            "2022",
            "Standard",
            "server",
            "x86_64",
            EnumSet.of(ProvisioningMethod.NETWORK_INSTALL, ProvisioningMethod.IMAGE_DEPLOY));

    private static final List<OsProfile> PROFILES = List.of(DATACENTER, STANDARD);

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
        OsProfile p = require(profile, ProvisioningMethod.NETWORK_INSTALL, "a network install");
        String image =
                p.equals(DATACENTER) ? "Windows Server 2022 SERVERDATACENTER" : "Windows Server 2022 SERVERSTANDARD";
        String firmware = machine.extra().getOrDefault("firmware", "bios");
        if (!firmware.equals("bios") && !firmware.equals("uefi")) {
            throw new DriverException(Fault.INVALID, "firmware is bios or uefi: " + firmware);
        }
        return new AnswerFile(
                "autounattend.xml",
                "application/xml",
                Unattend.autounattend(machine, new Unattend.Target(image, firmware.equals("uefi"))));
    }

    @Override
    public NetbootArtifacts netboot(OsProfile profile, InstallTree tree, MachineParams machine, String answerFileUrl) {
        require(profile, ProvisioningMethod.NETWORK_INSTALL, "a network install");
        for (String file : List.of(WIMBOOT, WINPE.get(0), WINPE.get(1), WINPE.get(2))) {
            if (!tree.has(file)) {
                throw new DriverException(
                        Fault.INVALID,
                        "the install tree " + tree.url() + " is not a Windows Server 2022 tree with wimboot: it has no "
                                + file + " (wimboot is not packaged by Debian: copy it into the tree)");
            }
        }
        // No arguments: wimboot dies on any it does not know (its src/cmdline.c); see the class comment.
        return new NetbootArtifacts(WIMBOOT, WINPE, "");
    }

    @Override
    public Personalization personalize(OsProfile profile, MachineParams machine) {
        require(profile, ProvisioningMethod.IMAGE_DEPLOY, "image deploy");
        return new Personalization(
                Personalization.WINDOWS_UNATTEND, Map.of("unattend.xml", Unattend.unattend(machine)));
    }

    @Override
    public Optional<GuestFacts> recognize(Map<String, String> osInfo) {
        if (osInfo == null || !"mswindows".equals(osInfo.get("id"))) {
            return Optional.empty();
        }
        String kernel = blankToNull(osInfo.get("kernel-release"));
        String version = first(osInfo.get("version-id"), osInfo.get("kernel-version"), "unknown");
        String name = first(osInfo.get("pretty-name"), osInfo.get("name"), "Microsoft Windows");
        boolean is2022 = "2022".equals(osInfo.get("version-id")) || "20348".equals(kernel);
        String variant = osInfo.getOrDefault("variant-id", "") + " " + osInfo.getOrDefault("variant", "") + " " + name;
        String profile = null;
        if (is2022) {
            profile = variant.toLowerCase(java.util.Locale.ROOT).contains("standard") ? STANDARD.id() : DATACENTER.id();
        }
        return Optional.of(
                new GuestFacts("windows", name, version, kernel, blankToNull(osInfo.get("machine")), profile));
    }

    private static OsProfile require(OsProfile profile, ProvisioningMethod method, String what) {
        for (OsProfile p : PROFILES) {
            if (p.equals(profile)) {
                if (!p.supports(method)) {
                    throw new DriverException(Fault.UNSUPPORTED, "profile " + p.id() + " does not support " + what);
                }
                return p;
            }
        }
        throw new DriverException(
                Fault.INVALID,
                "profile " + (profile == null ? "null" : profile.id()) + " is not one of driver " + ID + "'s ("
                        + DATACENTER.id() + ", " + STANDARD.id() + ")");
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
