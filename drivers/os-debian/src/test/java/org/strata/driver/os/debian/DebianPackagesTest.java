package org.strata.driver.os.debian;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.Test;
import org.strata.spi.Fault;
import org.strata.spi.os.GuestFacts;
import org.strata.spi.os.InstalledPackage;
import org.strata.spi.os.OsCommand;
import org.strata.spi.os.PackageRequirement;
import org.strata.spi.os.PackageSource;

/**
 * The package query run for real on this Debian 12 machine and read back; what parsing keeps and refuses; the
 * patch scripts parsed by {@code sh -n}; refusals of what cannot be written into a sources.list line or an APT
 * command. The scripts' real run is {@link DebianPatchRunTest}.
 */
public class DebianPackagesTest {

    static final GuestFacts GUEST =
            new GuestFacts("debian", "Debian GNU/Linux 12 (bookworm)", "12", null, "x86_64", "debian-12-server");

    private final DebianOsDriver driver = new DebianOsDriver();

    @Test
    public void readsEveryInstalledPackageOfThisMachineFromTheRealQuery() throws Exception {
        OsCommand query = driver.packageQuery(GUEST);
        Tools.Result r = Tools.run(query.argv());
        assertEquals(r.err(), 0, r.exit());
        List<InstalledPackage> packages = driver.parsePackages(GUEST, r.out());

        // dpkg's own words for the same thing: the packages whose Status ends in "installed"
        Tools.Result status = Tools.run(List.of("/usr/bin/dpkg-query", "-W", "-f=${Package} ${Version} ${Status}\\n"));
        Set<String> expected = status.out()
                .lines()
                .filter(l ->
                        l.endsWith(" installed") || l.endsWith(" triggers-pending") || l.endsWith(" triggers-awaited"))
                .map(l -> l.split(" ")[0] + " " + l.split(" ")[1])
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> read =
                packages.stream().map(p -> p.name() + " " + p.version()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, read);
        assertTrue("hundreds of packages: " + packages.size(), packages.size() > 100);
        InstalledPackage dpkg = packages.stream()
                .filter(p -> p.name().equals("dpkg"))
                .findFirst()
                .orElseThrow();
        assertEquals("amd64", dpkg.architecture());
        assertTrue(dpkg.version().startsWith("1.21."));
        assertTrue(
                "architecture-independent packages say so",
                packages.stream().anyMatch(p -> "all".equals(p.architecture())));
        assertTrue(
                "an epoch is kept where a package has one",
                packages.stream().anyMatch(p -> p.version().matches("[0-9]+:.*")));
    }

    @Test
    public void keepsInstalledPackagesOnlyAndRefusesWhatIsNotItsFormat() {
        String output = "ii \tbash\t5.2.15-2+b7\tamd64\n"
                + "hi \theld\t1:2.0-1\tall\n"
                + "it \tpending\t1.0\tamd64\n"
                + "iW \tawaiting\t1.0\tamd64\n"
                + "rc \tremoved\t1.0-1\tamd64\n"
                + "iU \tunpacked\t1.0\tamd64\n"
                + "iF \thalfconf\t1.0\tamd64\n"
                + "iHR\thalfinst\t1.0\tamd64\n"
                + "un \tnever\t\t\n"
                + "\n";
        assertEquals(
                List.of(
                        new InstalledPackage("bash", "5.2.15-2+b7", "amd64"),
                        new InstalledPackage("held", "1:2.0-1", "all"),
                        new InstalledPackage("pending", "1.0", "amd64"),
                        new InstalledPackage("awaiting", "1.0", "amd64")),
                driver.parsePackages(GUEST, output));
        assertEquals(Fault.INVALID, fault(() -> driver.parsePackages(GUEST, "bash 5.2\n")));
        assertEquals(Fault.INVALID, fault(() -> driver.parsePackages(GUEST, "ii \tbash\tnot-a-version\tamd64\n")));
    }

    @Test
    public void patchScriptsParseAndTakeTheirValuesAsArguments() throws Exception {
        List<OsCommand> commands = driver.patchCommands(
                GUEST,
                PackageSource.flat("http://10.0.2.2:8181/repository/base/"),
                List.of(new PackageRequirement("strata-kit-p", "1.1"), new PackageRequirement("curl", null)));
        assertEquals(2, commands.size());
        List<String> install = commands.get(0).argv();
        assertEquals(List.of("/bin/sh", "-c"), install.subList(0, 2));
        Tools.check(install.get(2), "sh", "-n");
        assertEquals(
                List.of(
                        "strata-patch",
                        "deb [trusted=yes] http://10.0.2.2:8181/repository/base/ ./",
                        "strata-kit-p",
                        "curl"),
                install.subList(3, install.size()));
        List<String> verify = commands.get(1).argv();
        Tools.check(verify.get(2), "sh", "-n");
        assertEquals(List.of("strata-verify", "strata-kit-p", "1.1"), verify.subList(3, verify.size()));

        List<OsCommand> plain = driver.patchCommands(
                GUEST,
                new PackageSource("http://deb.example.test/debian", "bookworm", List.of("main", "contrib"), false),
                List.of(new PackageRequirement("curl", null)));
        assertEquals("no minimum, no check", 1, plain.size());
        assertEquals(
                "deb http://deb.example.test/debian bookworm main contrib",
                plain.get(0).argv().get(4));

        List<OsCommand> offline = driver.offlinePatchCommands(GUEST, List.of("/var/tmp/strata/p_1.1_all.deb"));
        assertEquals(
                List.of(
                        "/usr/bin/env",
                        "DEBIAN_FRONTEND=noninteractive",
                        "PATH=" + Apt.PATH,
                        "/usr/bin/dpkg",
                        "--force-confdef",
                        "--force-confold",
                        "-i",
                        "/var/tmp/strata/p_1.1_all.deb"),
                offline.get(0).argv());
    }

    @Test
    public void refusesWhatItCannotWriteSafely() {
        PackageSource flat = PackageSource.flat("http://10.0.2.2:8181/repo/");
        for (String name : List.of("-o", "--fix-broken", "Curl", "a b", "p;rm", "x")) {
            assertEquals(
                    name,
                    Fault.INVALID,
                    fault(() -> driver.patchCommands(GUEST, flat, List.of(new PackageRequirement(name, null)))));
        }
        assertEquals(
                Fault.INVALID,
                fault(() ->
                        driver.patchCommands(GUEST, flat, List.of(new PackageRequirement("curl", "not-a-version")))));
        assertEquals(Fault.INVALID, fault(() -> driver.patchCommands(GUEST, flat, List.of())));
        assertEquals(
                Fault.INVALID,
                fault(() -> driver.patchCommands(
                        GUEST, PackageSource.flat("http://h/repo#x"), List.of(new PackageRequirement("curl", null)))));
        assertEquals(
                Fault.INVALID,
                fault(() -> driver.patchCommands(
                        GUEST,
                        new PackageSource("http://h/debian", "bookworm", List.of(), true),
                        List.of(new PackageRequirement("curl", null)))));
        assertEquals(
                Fault.INVALID,
                fault(() -> driver.patchCommands(
                        GUEST,
                        new PackageSource("http://h/debian", "./", List.of("main"), true),
                        List.of(new PackageRequirement("curl", null)))));
        assertEquals(Fault.INVALID, fault(() -> driver.offlinePatchCommands(GUEST, List.of("relative.deb"))));
        assertEquals(Fault.INVALID, fault(() -> driver.offlinePatchCommands(GUEST, List.of())));
        GuestFacts rhel = new GuestFacts("rhel", "Rocky Linux 9.4", "9.4", null, null, null);
        assertEquals(Fault.INVALID, fault(() -> driver.packageQuery(rhel)));
    }

    static Fault fault(Runnable call) {
        try {
            call.run();
        } catch (org.strata.spi.DriverException e) {
            return e.fault();
        }
        throw new AssertionError("no DriverException");
    }
}
