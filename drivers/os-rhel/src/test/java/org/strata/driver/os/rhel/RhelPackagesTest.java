package org.strata.driver.os.rhel;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.Test;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.os.GuestFacts;
import org.strata.spi.os.InstalledPackage;
import org.strata.spi.os.OsCommand;
import org.strata.spi.os.PackageRequirement;
import org.strata.spi.os.PackageSource;

/**
 * The rpm query and the offline {@code rpm -U} run by the real rpm 4.18 of this machine in a throwaway root
 * ({@link RpmRoot}) on packages its rpmbuild made (with and without an epoch), and read back; the dnf commands'
 * arguments and refusals. Debian's dnf runs them in {@link DnfRunTest}; no RHEL guest runs here.
 */
public class RhelPackagesTest {

    static final GuestFacts GUEST = new GuestFacts("rhel", "Rocky Linux 9.4 (Blue Onyx)", "9.4", null, "x86_64", null);

    private final RhelOsDriver driver = new RhelOsDriver();

    @Test
    public void readsWhatTheRealRpmReportsAndUpgradesOfflineWithIt() throws Exception {
        try (RpmRoot rpm = new RpmRoot()) {
            Path p11 = rpm.build("strata-kit-p", "2", "1.1", "3.el9");
            Path q = rpm.build("strata-kit-q", null, "0.9~rc1", "1.el9");
            Tools.Result installed = rpm.run(driver.offlinePatchCommands(GUEST, List.of(p11.toString(), q.toString()))
                    .get(0)
                    .argv());
            assertEquals(installed.err(), 0, installed.exit());

            Tools.Result listed = rpm.run(driver.packageQuery(GUEST).argv());
            assertEquals(listed.err(), 0, listed.exit());
            List<InstalledPackage> packages = driver.parsePackages(GUEST, listed.out());
            assertEquals(
                    List.of(
                            new InstalledPackage("strata-kit-p", "2:1.1-3.el9", "noarch"),
                            new InstalledPackage("strata-kit-q", "0.9~rc1-1.el9", "noarch")),
                    packages.stream()
                            .sorted(java.util.Comparator.comparing(InstalledPackage::name))
                            .toList());

            Path p12 = rpm.build("strata-kit-p", "2", "1.2", "1.el9");
            List<OsCommand> offline = driver.offlinePatchCommands(GUEST, List.of(p12.toString()));
            Tools.Result upgraded = rpm.run(offline.get(0).argv());
            assertEquals(upgraded.err(), 0, upgraded.exit());
            Tools.Result again = rpm.run(offline.get(0).argv());
            assertEquals("the same file again is no failure: " + again.err(), 0, again.exit());
            List<InstalledPackage> after = driver.parsePackages(
                    GUEST, rpm.run(driver.packageQuery(GUEST).argv()).out());
            assertTrue(after.toString(), after.contains(new InstalledPackage("strata-kit-p", "2:1.2-1.el9", "noarch")));
            assertEquals(2, after.size());
            Tools.Result older = rpm.run(driver.offlinePatchCommands(GUEST, List.of(p11.toString()))
                    .get(0)
                    .argv());
            assertTrue("rpm refuses to go back to an older version", older.exit() != 0);
        }
    }

    @Test
    public void leavesSigningKeysOutAndRefusesWhatIsNotItsFormat() {
        String output = "bash\t5.1.8-9.el9\tx86_64\n"
                + "gpg-pubkey\t350d275d-6279464b\t(none)\n"
                + "kernel\t5.14.0-427.13.1.el9_4\tx86_64\n"
                + "\n";
        assertEquals(
                List.of(
                        new InstalledPackage("bash", "5.1.8-9.el9", "x86_64"),
                        new InstalledPackage("kernel", "5.14.0-427.13.1.el9_4", "x86_64")),
                driver.parsePackages(GUEST, output));
        assertEquals(Fault.INVALID, fault(() -> driver.parsePackages(GUEST, "bash-5.1.8-9.el9.x86_64\n")));
    }

    @Test
    public void patchesWithDnfAndTheSourceForThisRunOnly() {
        List<OsCommand> commands = driver.patchCommands(
                GUEST,
                new PackageSource("http://10.0.2.2:8181/repository/el9/", null, List.of(), true),
                List.of(new PackageRequirement("strata-kit-p", "2:1.2"), new PackageRequirement("curl", null)));
        List<String> dnf = List.of(
                "/usr/bin/dnf",
                "-y",
                "--setopt=install_weak_deps=False",
                "--repofrompath=strata-patch,http://10.0.2.2:8181/repository/el9/",
                "--setopt=strata-patch.metadata_expire=0",
                "--refresh",
                "--setopt=strata-patch.gpgcheck=0");
        assertEquals(2, commands.size());
        assertEquals(
                concat(dnf, "install", "strata-kit-p", "curl"), commands.get(0).argv());
        assertEquals(
                concat(dnf, "upgrade", "strata-kit-p", "curl"), commands.get(1).argv());
        List<OsCommand> signed = driver.patchCommands(
                GUEST,
                new PackageSource("https://mirror.example.test/el9/", null, List.of(), false),
                List.of(new PackageRequirement("curl", null)));
        assertTrue("signatures stay checked", signed.get(0).argv().stream().noneMatch(a -> a.contains("gpgcheck")));

        PackageSource local = new PackageSource("http://10.0.2.2/el9/", null, List.of(), true);
        for (String name : List.of("-y", "--nogpgcheck", "a b", "p;rm")) {
            assertEquals(
                    name,
                    Fault.INVALID,
                    fault(() -> driver.patchCommands(GUEST, local, List.of(new PackageRequirement(name, null)))));
        }
        assertEquals(Fault.INVALID, fault(() -> driver.patchCommands(GUEST, local, List.of())));
        assertEquals(
                Fault.INVALID,
                fault(() -> driver.patchCommands(GUEST, local, List.of(new PackageRequirement("curl", "1 2")))));
        assertEquals(
                Fault.INVALID,
                fault(() -> driver.patchCommands(
                        GUEST,
                        new PackageSource("http://h/a,b/", null, List.of(), true),
                        List.of(new PackageRequirement("curl", null)))));
        assertEquals(Fault.INVALID, fault(() -> driver.offlinePatchCommands(GUEST, List.of("p.rpm"))));
        assertEquals(
                Fault.INVALID,
                fault(() -> driver.offlinePatchCommands(
                        new GuestFacts("debian", "Debian", "12", null, null, null), List.of("/p.rpm"))));
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    static Fault fault(Runnable call) {
        try {
            call.run();
        } catch (DriverException e) {
            return e.fault();
        }
        throw new AssertionError("no DriverException");
    }
}
