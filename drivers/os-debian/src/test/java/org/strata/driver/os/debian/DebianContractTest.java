package org.strata.driver.os.debian;

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
 * The OS family kit, with Debian's own judges: every preseed goes through Debian's debconf-set-selections
 * --checkonly, every user-data through cloud-init's schema check, every network-config through cloud-init's parser.
 */
public class DebianContractTest extends OsFamilyDriverContract {

    @Override
    protected OsFamilyDriver driver() {
        return new DebianOsDriver();
    }

    @Override
    protected InstallTree installTree(OsProfile profile) {
        return new InstallTree(
                "http://192.0.2.1:8181/boot/trees/debian-12",
                Set.of("debian-installer/amd64/linux", "debian-installer/amd64/initrd.gz", "pxelinux.0"));
    }

    @Override
    protected Map<String, String> osInfo(OsProfile profile) {
        return Map.of(
                "id", "debian",
                "name", "Debian GNU/Linux",
                "pretty-name", "Debian GNU/Linux 12 (bookworm)",
                "version-id", profile.release(),
                "kernel-release", "6.1.0-28-amd64",
                "machine", "x86_64");
    }

    /** The real query's output on this Debian 12 machine. */
    @Override
    protected String samplePackageOutput(GuestFacts guest) throws Exception {
        Tools.Result r = Tools.run(driver().packageQuery(guest).argv());
        assertEquals(r.err(), 0, r.exit());
        return r.out();
    }

    @Override
    protected List<String> samplePackageFiles() {
        return List.of("/var/tmp/strata-patch/strata-kit-p_1.1_all.deb");
    }

    @Override
    protected void checkAnswerFile(OsProfile profile, AnswerFile file) throws Exception {
        Tools.debconfCheck(file.content());
        assertTrue(file.content().contains("d-i passwd/root-login boolean false"));
    }

    @Override
    protected void checkPersonalization(OsProfile profile, Personalization p) throws Exception {
        Tools.cloudInit("user-data", p.files().get("user-data"));
        Tools.runcmdScriptsParse(p.files().get("user-data"));
        Tools.cloudInit("network-config", p.files().get("network-config"));
        Tools.yamlAsJson(p.files().get("meta-data"));
    }
}
