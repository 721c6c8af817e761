package org.strata.driver.os.windows;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.Test;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.os.AnswerFile;
import org.strata.spi.os.InstallTree;
import org.strata.spi.os.NetbootArtifacts;
import org.strata.spi.os.OsFamilyDriver;
import org.strata.spi.os.OsProfile;
import org.strata.spi.os.Personalization;
import org.strata.spi.os.ProvisioningMethod;
import org.strata.spi.testkit.OsFamilyDriverContract;

/** The OS family kit, with {@link UnattendStructure} as the family's judge (no Windows Setup runs here). */
public class WindowsContractTest extends OsFamilyDriverContract {

    @Override
    protected OsFamilyDriver driver() {
        return new WindowsOsDriver();
    }

    @Override
    protected InstallTree installTree(OsProfile profile) {
        return new InstallTree(
                "http://192.0.2.1:8181/boot/trees/windows-2022",
                Set.of("wimboot", "boot/bcd", "boot/boot.sdi", "sources/boot.wim", "sources/install.wim"));
    }

    @Override
    protected Map<String, String> osInfo(OsProfile profile) {
        // The keys and values QEMU's guest agent reports on Windows (qga/commands-win32.c, qmp_guest_get_osinfo).
        return Map.of(
                "id", "mswindows",
                "name", "Microsoft Windows",
                "pretty-name", "Windows Server 2022 " + profile.edition(),
                "version", "Microsoft Windows Server 2022",
                "version-id", "2022",
                "variant", "server",
                "variant-id", "server",
                "kernel-version", "10.0",
                "kernel-release", "20348",
                "machine", "x86_64");
    }

    @Override
    protected void checkAnswerFile(OsProfile profile, AnswerFile file) throws Exception {
        assertEquals("autounattend.xml", file.name());
        UnattendStructure.check(file.content());
    }

    @Override
    protected void checkPersonalization(OsProfile profile, Personalization p) throws Exception {
        assertEquals(Set.of("unattend.xml"), p.files().keySet());
        UnattendStructure.check(p.files().get("unattend.xml"));
    }

    /**
     * Replaces the kit's check of the same name, which wants the answer file's URL in the kernel arguments: wimboot
     * (the kernel here) stops on any argument it does not know (wimboot's src/cmdline.c, "Unrecognised argument"),
     * so the URL cannot be there; the platform must hand the answer file to wimboot as one more initrd. The rest of
     * the kit's check is kept: files from the tree, a tree without them refused as INVALID. Reported as an SPI gap.
     */
    @Override
    @Test
    public void everyNetworkInstallProfileBootsFromItsTreeAndLoadsTheAnswerFile() throws Exception {
        OsFamilyDriver driver = driver();
        for (OsProfile p : driver.profiles()) {
            if (!p.supports(ProvisioningMethod.NETWORK_INSTALL)) {
                continue;
            }
            InstallTree tree = installTree(p);
            NetbootArtifacts boot = driver.netboot(p, tree, machine(), "http://192.0.2.1:8181/boot/answer/t");
            assertEquals("wimboot", boot.kernel());
            assertTrue(tree.has(boot.kernel()));
            boot.initrds().forEach(i -> assertTrue(i, tree.has(i)));
            assertEquals("nothing wimboot would refuse", "", boot.arguments());
            try {
                driver.netboot(p, new InstallTree(tree.url(), Set.of()), machine(), "http://192.0.2.1/a");
                throw new AssertionError("a tree without wimboot is refused");
            } catch (DriverException e) {
                assertEquals(Fault.INVALID, e.fault());
            }
        }
    }
}
