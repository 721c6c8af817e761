package org.strata.driver.os.rhel;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.strata.spi.os.AnswerFile;
import org.strata.spi.os.GuestFacts;
import org.strata.spi.os.InstallTree;
import org.strata.spi.os.OsFamilyDriver;
import org.strata.spi.os.OsProfile;
import org.strata.spi.os.Personalization;
import org.strata.spi.testkit.OsFamilyDriverContract;

/**
 * The OS family kit. Kickstarts are judged by {@link KickstartGrammar}, a checker of the documented grammar written
 * for these tests (no kickstart validator can run here), their words as Python's shlex splits them (as pykickstart
 * does) and their scripts by {@code sh -n}; NoCloud files by cloud-init's own schema check and network parser.
 */
public class RhelContractTest extends OsFamilyDriverContract {

    @Override
    protected OsFamilyDriver driver() {
        return new RhelOsDriver();
    }

    @Override
    protected InstallTree installTree(OsProfile profile) {
        return new InstallTree(
                "http://192.0.2.1:8181/boot/trees/rocky-9",
                Set.of(
                        "images/pxeboot/vmlinuz",
                        "images/pxeboot/initrd.img",
                        ".treeinfo",
                        "BaseOS/repodata/repomd.xml"));
    }

    /** What the real rpm of this machine lists in a throwaway root holding packages its rpmbuild made. */
    @Override
    protected String samplePackageOutput(GuestFacts guest) throws Exception {
        try (RpmRoot rpm = new RpmRoot()) {
            List<String> files = List.of(
                    rpm.build("strata-kit-a", "1", "2.0", "1.el9").toString(),
                    rpm.build("strata-kit-b", null, "2.0~rc1", "1.el9").toString(),
                    rpm.build("strata-kit-c", null, "2.0^git1", "1.el9").toString());
            Tools.Result r =
                    rpm.run(driver().offlinePatchCommands(guest, files).get(0).argv());
            org.junit.Assert.assertEquals(r.err(), 0, r.exit());
            return rpm.run(driver().packageQuery(guest).argv()).out();
        }
    }

    @Override
    protected List<String> samplePackageFiles() {
        return List.of("/var/tmp/strata-patch/strata-kit-p-1.1-1.el9.noarch.rpm");
    }

    @Override
    protected Map<String, String> osInfo(OsProfile profile) {
        return Map.of(
                "id", "rocky",
                "name", "Rocky Linux",
                "pretty-name", "Rocky Linux 9.4 (Blue Onyx)",
                "version-id", profile.release() + ".4",
                "kernel-release", "5.14.0-427.13.1.el9_4.x86_64",
                "machine", "x86_64");
    }

    @Override
    protected void checkAnswerFile(OsProfile profile, AnswerFile file) throws Exception {
        KickstartGrammar.Parsed ks = RhelFilesTest.checkKickstart(file.content());
        assertEquals("", ks.one("rootpw").options().get("--lock"));
        assertTrue(ks.section("%packages").body().contains("qemu-guest-agent"));
    }

    @Override
    protected void checkPersonalization(OsProfile profile, Personalization p) throws Exception {
        Tools.cloudInit("user-data", p.files().get("user-data"));
        Tools.runcmdScriptsParse(p.files().get("user-data"));
        Tools.cloudInit("network-config", p.files().get("network-config"));
        Tools.yamlAsJson(p.files().get("meta-data"));
    }
}
