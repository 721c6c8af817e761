package org.strata.driver.os.rhel;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.strata.spi.os.InstalledPackage;
import org.strata.spi.os.OsCommand;
import org.strata.spi.os.PackageRequirement;
import org.strata.spi.os.PackageSource;

/**
 * The driver's dnf commands run for real by Debian's dnf 4.14 (the version RHEL 9 ships) in a throwaway
 * {@code --installroot}, from a repository made by the real {@code createrepo_c} out of packages the real
 * {@code rpmbuild} made, served over HTTP on 127.0.0.1. Added to the driver's arguments, for the test only:
 * {@code --installroot}, {@code --releasever=9} (an empty root has no release package), {@code reposdir} pointing
 * nowhere (so only the run's source is seen), and {@code gpgcheck=1} for the whole run, as RHEL's own
 * {@code /etc/dnf/dnf.conf} sets it. Not a RHEL system: RHEL's repositories and signing keys are not here.
 */
public class DnfRunTest {

    private final RhelOsDriver driver = new RhelOsDriver();
    private RpmRoot rpm;
    private Path repo;
    private HttpServer http;

    @Before
    public void serveRepository() throws Exception {
        rpm = new RpmRoot();
        repo = Files.createDirectories(rpm.dir.resolve("repo"));
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", exchange -> {
            Path file = repo.resolve(exchange.getRequestURI().getPath().substring(1))
                    .normalize();
            if (!file.startsWith(repo) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, Files.size(file));
                try (var out = exchange.getResponseBody()) {
                    Files.copy(file, out);
                }
            }
            exchange.close();
        });
        http.start();
    }

    @After
    public void removeAll() throws Exception {
        if (http != null) {
            http.stop(0);
        }
        if (rpm != null) {
            rpm.close();
        }
    }

    @Test
    public void installsThenUpgradesFromTheRunsSourceAndChecksSignaturesOfUntrustedOnes() throws Exception {
        long start = System.nanoTime();
        publish(rpm.build("strata-kit-p", "2", "1.1", "1.el9"));
        String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/";
        PackageSource trusted = new PackageSource(url, null, List.of(), true);
        List<PackageRequirement> wanted = List.of(new PackageRequirement("strata-kit-p", "2:1.2"));

        List<OsCommand> patch = driver.patchCommands(RhelPackagesTest.GUEST, trusted, wanted);
        for (OsCommand c : patch) {
            Tools.Result r = dnf(c.argv());
            assertEquals(r.out() + r.err(), 0, r.exit());
        }
        assertEquals(List.of(new InstalledPackage("strata-kit-p", "2:1.1-1.el9", "noarch")), installed());

        publish(rpm.build("strata-kit-p", "2", "1.2", "1.el9"));
        Tools.Result install = dnf(patch.get(0).argv());
        assertEquals(install.out() + install.err(), 0, install.exit());
        String afterInstall = installed().get(0).version();
        Tools.Result upgrade = dnf(patch.get(1).argv());
        assertEquals(upgrade.out() + upgrade.err(), 0, upgrade.exit());
        assertEquals(List.of(new InstalledPackage("strata-kit-p", "2:1.2-1.el9", "noarch")), installed());
        System.out.println("dnf install of an installed package with a newer one in the source left it at "
                + afterInstall + "; upgrade brought 2:1.2-1.el9");

        Tools.Result missing = dnf(driver.patchCommands(
                        RhelPackagesTest.GUEST, trusted, List.of(new PackageRequirement("strata-kit-missing", null)))
                .get(0)
                .argv());
        assertNotEquals("a package the sources lack fails the patch", 0, missing.exit());

        publish(rpm.build("strata-kit-q", null, "1.0", "1.el9"));
        Tools.Result unsigned = dnf(driver.patchCommands(
                        RhelPackagesTest.GUEST,
                        new PackageSource(url, null, List.of(), false),
                        List.of(new PackageRequirement("strata-kit-q", null)))
                .get(0)
                .argv());
        assertNotEquals("an untrusted source's unsigned package is refused", 0, unsigned.exit());
        assertTrue(unsigned.out() + unsigned.err(), (unsigned.out() + unsigned.err()).contains("GPG"));
        assertEquals(1, installed().size());
        System.out.println("dnf runs in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    private void publish(Path rpmFile) throws Exception {
        Files.copy(rpmFile, repo.resolve(rpmFile.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Tools.Result r = Tools.run(List.of("/usr/bin/createrepo_c", "-q", "--update", repo.toString()));
        assertEquals(r.err(), 0, r.exit());
    }

    private List<InstalledPackage> installed() throws Exception {
        Tools.Result r = rpm.run(driver.packageQuery(RhelPackagesTest.GUEST).argv());
        assertEquals(r.err(), 0, r.exit());
        return driver.parsePackages(RhelPackagesTest.GUEST, r.out());
    }

    private Tools.Result dnf(List<String> argv) throws Exception {
        assertEquals("/usr/bin/dnf", argv.get(0));
        List<String> c = new ArrayList<>(List.of(
                argv.get(0),
                "--installroot=" + rpm.root,
                "--releasever=9",
                "--setopt=reposdir=" + rpm.dir.resolve("no-repos"),
                "--setopt=gpgcheck=1",
                "--setopt=cachedir=" + rpm.dir.resolve("cache")));
        c.addAll(argv.subList(1, argv.size()));
        return Tools.run(c);
    }
}
