package org.strata.patching;

import static org.junit.Assert.assertEquals;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.Test;
import org.strata.api.patch.Baseline;
import org.strata.api.patch.BaselinePackage;
import org.strata.api.patch.Compliance.MissingPackage;
import org.strata.api.patch.InstalledSoftware.SoftwarePackage;
import org.strata.api.patch.RepositoryPackage;

/**
 * The verdict's arithmetic. The version order is a parameter (the OS driver's in production, whose own tests hold it
 * to dpkg's and rpm's): here a plain dotted-number order, enough for what this class decides.
 */
public class ComplianceCheckTest {

    private static final Comparator<String> DOTTED = (a, b) -> {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(
                    i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };

    private final ComplianceCheck check = new ComplianceCheck(DOTTED);

    private static Baseline baseline(boolean everything, BaselinePackage... packages) {
        return new Baseline(
                "b", "b", "debian-12-server", "r", everything, List.of(packages), Instant.EPOCH, Instant.EPOCH);
    }

    private static SoftwarePackage has(String name, String version) {
        return new SoftwarePackage(name, version, "amd64");
    }

    private static RepositoryPackage offers(String name, String version) {
        return new RepositoryPackage(name, version, "all", name + "_" + version + "_all.deb", 1, "00", Instant.EPOCH);
    }

    @Test
    public void aNamedPackageIsMissingWhenAbsentOrOlderAndSatisfiedWhenNewerOrAnyVersionWillDo() {
        List<MissingPackage> missing = check.missing(
                baseline(
                        false,
                        new BaselinePackage("p", "1.1"),
                        new BaselinePackage("q", "2.0"),
                        new BaselinePackage("r", "1.0"),
                        new BaselinePackage("s", null),
                        new BaselinePackage("t", null)),
                List.of(),
                List.of(has("q", "1.9"), has("r", "1.0.1"), has("s", "0.1")));
        assertEquals(
                List.of(
                        new MissingPackage("p", "1.1", null),
                        new MissingPackage("q", "2.0", "1.9"),
                        new MissingPackage("t", null, null)),
                missing);
    }

    @Test
    public void everythingInTheRepositoryPatchesWhatIsInstalledToTheNewestOfferedAndInstallsNothingNew() {
        List<MissingPackage> missing = check.missing(
                baseline(true),
                List.of(
                        offers("openssl", "3.0.1"),
                        offers("openssl", "3.0.2"),
                        offers("curl", "8.0"),
                        offers("new", "1")),
                List.of(has("openssl", "3.0.1"), has("curl", "8.0"), has("bash", "5.2")));
        assertEquals(List.of(new MissingPackage("openssl", "3.0.2", "3.0.1")), missing);
    }

    @Test
    public void theStricterOfANamedMinimumAndTheRepositorysNewestIsReportedAndMultiarchCountsByTheNewest() {
        List<MissingPackage> missing = check.missing(
                baseline(true, new BaselinePackage("libc", "2.36"), new BaselinePackage("zlib", "1.3")),
                List.of(offers("libc", "2.37"), offers("zlib", "1.2")),
                List.of(has("libc", "2.35"), has("libc", "2.36"), has("zlib", "1.2")));
        assertEquals(
                List.of(new MissingPackage("libc", "2.37", "2.36"), new MissingPackage("zlib", "1.3", "1.2")), missing);
    }

    @Test
    public void theFileInstalledOfflineIsTheRepositorysNewestWhenItIsNewEnough() {
        List<RepositoryPackage> repository = List.of(offers("p", "1.2"), offers("p", "1.10"), offers("q", "1.0"));
        assertEquals("1.10", check.offered("p", "1.1", repository).orElseThrow().version());
        assertEquals("1.10", check.offered("p", null, repository).orElseThrow().version());
        assertEquals(java.util.Optional.empty(), check.offered("p", "2.0", repository));
        assertEquals(java.util.Optional.empty(), check.offered("r", null, repository));
    }

    @Test
    public void aPatchedCopyIsNamedAfterItsVolumeWithoutGrowingASuffixPerVersion() {
        assertEquals("golden-p0000abcd.qcow2", PatchWork.copyName("golden.qcow2", "task-0000abcd"));
        assertEquals("golden-p12345678.qcow2", PatchWork.copyName("golden-p0000abcd.qcow2", "x-12345678"));
        assertEquals("lun-1-p12345678", PatchWork.copyName("lun-1", "x-12345678"));
    }
}
