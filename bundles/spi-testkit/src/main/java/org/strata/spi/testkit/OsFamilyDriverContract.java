package org.strata.spi.testkit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Before;
import org.junit.Test;
import org.strata.spi.Capability;
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
 * What the platform relies on from every OS family driver. Extend it in your driver's tests and run it with JUnit 4:
 *
 * <pre>
 * public class AcmeOsContractTest extends OsFamilyDriverContract {
 *     protected OsFamilyDriver driver() { return new AcmeOsDriver(); }
 *     protected InstallTree installTree(OsProfile p) { return new InstallTree("http://192.0.2.1/trees/acme", Set.of("boot/kernel", "boot/initrd")); }
 *     protected Map&lt;String, String&gt; osInfo(OsProfile p) { return Map.of("id", "acme", "name", "Acme OS", "version-id", p.release()); }
 *     protected void checkAnswerFile(OsProfile p, AnswerFile f) throws Exception { ... run your family's own validator ... }
 * }
 * </pre>
 *
 * The kit checks every profile the driver lists, with every method each supports: answer files name the machine and
 * call back at {@code installing} and {@code installed}; network-boot files come from the tree and load the answer
 * file; personalization names the machine, installs the administrator's SSH key and calls back at {@code booted};
 * requests the driver cannot serve are refused with {@code INVALID} or {@code UNSUPPORTED}, in words. What only the
 * family's own tools can judge (is this preseed, kickstart or unattend file valid?) is the vendor's
 * {@link #checkAnswerFile} and {@link #checkPersonalization}: run the real validator there wherever one exists.
 *
 * <p>Patching (SPI 2.2): a driver that lists {@code OS_PATCHING} gives the kit a sample of its package query's output
 * ({@link #samplePackageOutput}: best the real program's, run where the test runs) and package files
 * ({@link #samplePackageFiles}); the kit checks that the query is an absolute program, that empty output is no
 * package, that the version order is reflexive and antisymmetric on the sample's versions, and that patch commands
 * are non-empty lists of absolute programs. Without {@code OS_PATCHING} every patching method answers
 * {@code UNSUPPORTED}.
 */
public abstract class OsFamilyDriverContract {

    /** A key of the kit's own making: valid syntax, never a real key. */
    protected static final String SSH_KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKitKitKitKitKitKitKitKitKitKitKitKitKitKitKit kit@strata";

    /** The SHA-512 crypt hash of "kit-password" (made with {@code openssl passwd -6 -salt kitsalt kit-password}). */
    protected static final String PASSWORD_HASH =
            "$6$kitsalt$Ti5Enw4mcCakysQd17jqZn72e1Iqq1QTIc/IvPT5zyX68loBXOoiFh0gwvWAhyTIi7CDTk4OWSyp8BfMOjZa60";

    private OsFamilyDriver driver;

    /** A new instance of the driver under test. */
    protected abstract OsFamilyDriver driver() throws Exception;

    /** An install tree of the layout the profile installs from (only for profiles with NETWORK_INSTALL). */
    protected abstract InstallTree installTree(OsProfile profile) throws Exception;

    /** What a guest running the profile's OS reports of it (QEMU guest agent's {@code guest-get-osinfo} keys). */
    protected abstract Map<String, String> osInfo(OsProfile profile);

    /** Checks an answer file with the family's own rules (a validator, a grammar); the kit's checks are generic. */
    protected void checkAnswerFile(OsProfile profile, AnswerFile file) throws Exception {}

    /** Checks a personalization with the family's own rules (a YAML parser, an XML schema). */
    protected void checkPersonalization(OsProfile profile, Personalization personalization) throws Exception {}

    /**
     * Checks what an image method gives with the family's own rules: SAN and NAS boot's kernel command line (how the
     * initramfs reads it), image deploy's serial number (how the OS reads it).
     */
    protected void checkImageBoot(OsProfile profile, ProvisioningMethod method, String answer) throws Exception {}

    /**
     * For a driver with {@code OS_PATCHING}: what its {@link OsFamilyDriver#packageQuery} prints in a guest of this
     * family, with a few packages at least (the real program's output where it runs, e.g. on the build machine).
     */
    protected String samplePackageOutput(GuestFacts guest) throws Exception {
        return null;
    }

    /** For a driver with {@code OS_PATCHING}: absolute paths of package files in an image, in the family's format. */
    protected List<String> samplePackageFiles() {
        return null;
    }

    /** The repository the kit patches from: Strata's own kind, a flat trusted one. */
    protected PackageSource samplePackageSource() {
        return PackageSource.flat("http://192.0.2.1:8181/repository/kit/");
    }

    /** The machine the kit provisions: one DHCP interface and one static, one administrator with a key. */
    protected MachineParams machine() {
        return new MachineParams(
                "kit-node-1",
                "example.test",
                List.of(
                        MachineParams.Nic.dhcp("52:54:00:12:34:56"),
                        new MachineParams.Nic(
                                "52:54:00:AB:CD:EF", "192.0.2.10/24", "192.0.2.1", List.of("192.0.2.53"))),
                List.of(new MachineParams.OsUser("kitadmin", PASSWORD_HASH, List.of(SSH_KEY))),
                "Europe/Paris",
                "en_US.UTF-8",
                List.of("curl"),
                null,
                "http://192.0.2.1:8181/boot/callback/kit-token-0123456789",
                Map.of());
    }

    @Before
    public void makeDriver() throws Exception {
        driver = driver();
    }

    @Test
    public void describesItselfAsAnOsFamilyDriver() throws Exception {
        KitChecks.assertDescribes(DriverKind.OS_FAMILY, driver.descriptor(), driver().descriptor());
        assertTrue(
                "an OS family driver lists OS_PROVISIONING (and OS_PATCHING when it patches)",
                driver.descriptor().capabilities().contains(Capability.OS_PROVISIONING));
    }

    @Test
    public void listsProfilesWithUniqueIds() {
        List<OsProfile> profiles = driver.profiles();
        assertFalse("at least one profile", profiles.isEmpty());
        Set<String> ids = new HashSet<>();
        for (OsProfile p : profiles) {
            assertTrue("profile ids are unique: " + p.id(), ids.add(p.id()));
            assertFalse(p.id() + " has a name for people", p.name().isBlank());
        }
        assertEquals("the list is stable", profiles, driver.profiles());
    }

    @Test
    public void everyNetworkInstallProfileHasAnAnswerFileThatNamesTheMachineAndCallsBack() throws Exception {
        MachineParams machine = machine();
        for (OsProfile p : profiles(ProvisioningMethod.NETWORK_INSTALL)) {
            AnswerFile file = driver.answerFile(p, machine);
            assertFalse(file.name().isBlank());
            assertTrue(
                    p.id() + ": the answer file names the host", file.content().contains(machine.hostname()));
            assertTrue(
                    p.id() + ": the answer file calls back when the install starts",
                    file.content().contains(machine.callback("installing")));
            assertTrue(
                    p.id() + ": the answer file calls back when the install is done",
                    file.content().contains(machine.callback("installed")));
            assertEquals(p.id() + ": rendering is deterministic", file, driver.answerFile(p, machine));
            checkAnswerFile(p, file);
        }
    }

    @Test
    public void everyNetworkInstallProfileBootsFromItsTreeAndLoadsTheAnswerFile() throws Exception {
        String answer = "http://192.0.2.1:8181/boot/answer/kit-token-0123456789";
        for (OsProfile p : profiles(ProvisioningMethod.NETWORK_INSTALL)) {
            InstallTree tree = installTree(p);
            NetbootArtifacts boot = driver.netboot(p, tree, machine(), answer);
            assertTrue(p.id() + ": the kernel is in the tree: " + boot.kernel(), tree.has(boot.kernel()));
            for (String initrd : boot.initrds()) {
                assertTrue(p.id() + ": the initrd is in the tree: " + initrd, tree.has(initrd));
            }
            assertTrue(
                    p.id() + ": the kernel arguments load the answer file: " + boot.arguments(),
                    boot.arguments().contains(answer));
            KitChecks.expectFault(
                    Fault.INVALID, () -> driver.netboot(p, new InstallTree(tree.url(), Set.of()), machine(), answer));
        }
    }

    @Test
    public void everyImageProfileIsPersonalizedWithTheMachineTheKeyAndTheCallback() throws Exception {
        MachineParams machine = machine();
        Set<OsProfile> images = new java.util.LinkedHashSet<>();
        images.addAll(profiles(ProvisioningMethod.IMAGE_DEPLOY));
        images.addAll(profiles(ProvisioningMethod.SAN_BOOT));
        images.addAll(profiles(ProvisioningMethod.NAS_BOOT));
        for (OsProfile p : images) {
            Personalization made = driver.personalize(p, machine);
            assertTrue(
                    p.id() + ": a known format: " + made.format(),
                    made.format().equals(Personalization.NOCLOUD)
                            || made.format().equals(Personalization.WINDOWS_UNATTEND));
            if (made.format().equals(Personalization.NOCLOUD)) {
                assertTrue(p.id() + ": NoCloud has user-data", made.files().containsKey("user-data"));
                assertTrue(p.id() + ": NoCloud has meta-data", made.files().containsKey("meta-data"));
                assertTrue(
                        p.id() + ": user-data is cloud-config",
                        made.files().get("user-data").startsWith("#cloud-config\n"));
            }
            String all = String.join("\n", made.files().values());
            assertTrue(p.id() + ": names the host", all.contains(machine.hostname()));
            assertTrue(p.id() + ": installs the administrator's key", all.contains(SSH_KEY));
            assertTrue(p.id() + ": calls back once booted", all.contains(machine.callback("booted")));
            assertEquals(p.id() + ": deterministic", made, driver.personalize(p, machine));
            checkPersonalization(p, made);
        }
    }

    /**
     * Since SPI 2.1: SAN and NAS boot boot the image from the network with one line that names the seed, and image
     * deploy gives the VM a serial number that names it; or a plain UNSUPPORTED from a family that does it some other
     * way. A method the profile does not support is UNSUPPORTED.
     */
    @Test
    public void everyImageProfileFindsItsSeedOrSaysItCannot() throws Exception {
        String seed = "http://192.0.2.1:8181/boot/nocloud/kit-token-0123456789/";
        for (OsProfile p : driver.profiles()) {
            for (ProvisioningMethod method : List.of(
                    ProvisioningMethod.IMAGE_DEPLOY, ProvisioningMethod.SAN_BOOT, ProvisioningMethod.NAS_BOOT)) {
                java.util.concurrent.Callable<String> call = method == ProvisioningMethod.IMAGE_DEPLOY
                        ? () -> driver.seedSerialNumber(p, machine(), seed)
                        : () -> driver.imageBoot(p, sampleRoot(method), machine(), seed);
                if (!p.supports(method)) {
                    KitChecks.expectFault(Fault.UNSUPPORTED, () -> {
                        try {
                            call.call();
                        } catch (RuntimeException e) {
                            throw e;
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    });
                    continue;
                }
                String answer;
                try {
                    answer = call.call();
                } catch (org.strata.spi.DriverException e) {
                    assertEquals(p.id() + " " + method + ": " + e.getMessage(), Fault.UNSUPPORTED, e.fault());
                    continue;
                }
                assertTrue(
                        p.id() + " " + method + ": one line of printable ASCII: " + answer,
                        answer.matches("[\\x20-\\x7e]+"));
                if (method == ProvisioningMethod.IMAGE_DEPLOY) {
                    assertTrue(p.id() + ": an SMBIOS string", answer.length() <= 255);
                }
                assertTrue(p.id() + " " + method + ": names the seed: " + answer, answer.contains(seed));
                assertEquals(answer, call.call());
                checkImageBoot(p, method, answer);
            }
        }
    }

    /** The kit's root for SAN and NAS boot: a LUN other than 0, an NFS export. */
    protected static ImageRoot sampleRoot(ProvisioningMethod method) {
        return method == ProvisioningMethod.SAN_BOOT
                ? new ImageRoot.Iscsi("192.0.2.1", 3260, "iqn.2026-12.test.strata.kit:images", 2, 1)
                : new ImageRoot.Nfs("192.0.2.1", "/exports/kit-image");
    }

    @Test
    public void aProfileOfAnotherDriverIsRefusedAsInvalid() {
        OsProfile foreign = new OsProfile(
                "kit-foreign-" + KitChecks.unique(),
                "not this driver's",
                "1",
                "",
                "server",
                "x86_64",
                Set.of(ProvisioningMethod.values()));
        KitChecks.expectFault(Fault.INVALID, () -> driver.answerFile(foreign, machine()));
        KitChecks.expectFault(Fault.INVALID, () -> driver.personalize(foreign, machine()));
    }

    @Test
    public void aMethodAProfileDoesNotSupportIsRefusedAsUnsupported() {
        for (OsProfile p : driver.profiles()) {
            if (!p.supports(ProvisioningMethod.NETWORK_INSTALL)) {
                KitChecks.expectFault(Fault.UNSUPPORTED, () -> driver.answerFile(p, machine()));
            }
            boolean image = p.supports(ProvisioningMethod.IMAGE_DEPLOY)
                    || p.supports(ProvisioningMethod.SAN_BOOT)
                    || p.supports(ProvisioningMethod.NAS_BOOT);
            if (!image) {
                KitChecks.expectFault(Fault.UNSUPPORTED, () -> driver.personalize(p, machine()));
            }
        }
    }

    @Test
    public void recognizesItsOwnGuestsAndNoOthers() {
        for (OsProfile p : driver.profiles()) {
            GuestFacts facts = driver.recognize(osInfo(p)).orElse(null);
            assertNotNull(p.id() + ": a guest of this profile is recognized", facts);
            assertFalse(facts.version().isBlank());
        }
        assertTrue(
                "a guest of another family is not",
                driver.recognize(Map.of("id", "kit-unknown-os", "name", "Kit OS", "version-id", "0"))
                        .isEmpty());
        assertTrue("an empty report is not", driver.recognize(Map.of()).isEmpty());
    }

    /** Since SPI 2.2: patching is complete and self-consistent when declared, UNSUPPORTED when not. */
    @Test
    public void patchesWhenItSaysSoAndOnlyThen() throws Exception {
        OsProfile profile = driver.profiles().get(0);
        GuestFacts guest = driver.recognize(osInfo(profile)).orElseThrow();
        if (!driver.descriptor().capabilities().contains(Capability.OS_PATCHING)) {
            List<String> file = List.of("/var/tmp/kit-package");
            KitChecks.expectFault(Fault.UNSUPPORTED, () -> driver.packageQuery(guest));
            KitChecks.expectFault(Fault.UNSUPPORTED, () -> driver.parsePackages(guest, ""));
            KitChecks.expectFault(Fault.UNSUPPORTED, () -> driver.compareVersions("1.0", "1.1"));
            KitChecks.expectFault(
                    Fault.UNSUPPORTED,
                    () -> driver.patchCommands(
                            guest, samplePackageSource(), List.of(new PackageRequirement("kit-package", null))));
            KitChecks.expectFault(Fault.UNSUPPORTED, () -> driver.offlinePatchCommands(guest, file));
            return;
        }
        OsCommand query = driver.packageQuery(guest);
        assertAbsolute("the package query", query);
        assertTrue("empty output is no package", driver.parsePackages(guest, "").isEmpty());

        String output = samplePackageOutput(guest);
        assertNotNull("a driver with OS_PATCHING gives the kit a sample of its query's output", output);
        List<InstalledPackage> packages = driver.parsePackages(guest, output);
        assertFalse("the sample has installed packages", packages.isEmpty());
        assertEquals("parsing is deterministic", packages, driver.parsePackages(guest, output));
        List<String> versions = packages.stream()
                .map(InstalledPackage::version)
                .distinct()
                .limit(80)
                .toList();
        for (String v : versions) {
            assertEquals("a version equals itself: " + v, 0, driver.compareVersions(v, v));
        }
        for (int i = 0; i < versions.size(); i++) {
            for (int j = i + 1; j < versions.size(); j++) {
                String a = versions.get(i);
                String b = versions.get(j);
                assertEquals(
                        "antisymmetric: " + a + " vs " + b,
                        Integer.signum(driver.compareVersions(a, b)),
                        -Integer.signum(driver.compareVersions(b, a)));
            }
        }

        InstalledPackage some = packages.get(0);
        for (List<PackageRequirement> wanted : List.of(
                List.of(new PackageRequirement(some.name(), null)),
                List.of(new PackageRequirement(some.name(), some.version())))) {
            List<OsCommand> patch = driver.patchCommands(guest, samplePackageSource(), wanted);
            assertFalse("a patch runs something", patch.isEmpty());
            for (OsCommand c : patch) {
                assertAbsolute("a patch command", c);
            }
            assertEquals("deterministic", patch, driver.patchCommands(guest, samplePackageSource(), wanted));
        }
        List<String> files = samplePackageFiles();
        assertNotNull("a driver with OS_PATCHING gives the kit sample package files", files);
        List<OsCommand> offline = driver.offlinePatchCommands(guest, files);
        assertFalse("an offline patch runs something", offline.isEmpty());
        for (OsCommand c : offline) {
            assertAbsolute("an offline patch command", c);
        }
    }

    private static void assertAbsolute(String what, OsCommand c) {
        assertFalse(what + " runs a program", c.argv().isEmpty());
        assertTrue(
                what + " names its program by absolute path: " + c.argv(),
                c.argv().get(0).startsWith("/") || c.argv().get(0).matches("[A-Za-z]:\\\\.*"));
    }

    private List<OsProfile> profiles(ProvisioningMethod method) {
        return driver.profiles().stream().filter(p -> p.supports(method)).toList();
    }
}
