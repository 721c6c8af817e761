package org.strata.patching.repo;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;

/** {@link DebReader} on packages that dpkg-deb built, with each compression it makes. */
public class DebReaderTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void readsTheControlDataOfXzGzipAndUncompressedPackages() throws Exception {
        for (String z : new String[] {"xz", "gzip", "none"}) {
            DebControl c = DebReader.read(Debs.build(temp.getRoot().toPath(), "strata-test-hello", "1:2.0~rc1-1", z));
            assertEquals(z, "strata-test-hello", c.name());
            assertEquals(z, "1:2.0~rc1-1", c.version());
            assertEquals(z, "all", c.architecture());
            assertEquals(z, "a test package\n of Strata's package repositories.", c.field("description"));
            assertEquals("strata-test-hello_2.0~rc1-1_all.deb", FlatAptRepositories.fileName(c));
        }
    }

    @Test
    public void refusesZstdInWords() throws Exception {
        Path deb = Debs.build(temp.getRoot().toPath(), "strata-test-hello", "1.0", "zstd");
        StrataException e = assertThrows(StrataException.class, () -> DebReader.read(deb));
        assertEquals(ErrorCode.INVALID_INPUT, e.code());
        assertTrue(e.getMessage(), e.getMessage().contains("zstd"));
    }

    @Test
    public void refusesWhatIsNoPackageOrLacksAField() throws Exception {
        Path root = temp.getRoot().toPath();
        Path deb = Debs.build(root, "strata-test-hello", "1.0", "xz");
        byte[] whole = Files.readAllBytes(deb);

        assertInvalid("no ar archive", "hello, world\n".getBytes());
        assertInvalid("ends inside a member", Arrays.copyOf(whole, 200));
        byte[] corrupt = whole.clone();
        for (int i = 140; i < 180; i++) {
            corrupt[i] ^= 0x5a; // inside control.tar.xz
        }
        assertThrows(StrataException.class, () -> DebReader.read(new ByteArrayInputStream(corrupt)));

        Path noVersion = Debs.build(
                root,
                "Package: strata-test-hello\nArchitecture: all\nMaintainer: t <t@localhost>\nDescription: d\n",
                "xz",
                false);
        assertInvalid("no Version field", Files.readAllBytes(noVersion));
        Path badName = Debs.build(
                root,
                "Package: ../evil\nVersion: 1\nArchitecture: all\nMaintainer: t <t@localhost>\nDescription: d\n",
                "xz",
                false);
        assertInvalid("Package '../evil' is not valid", Files.readAllBytes(badName));
    }

    private static void assertInvalid(String words, byte[] data) {
        StrataException e = assertThrows(StrataException.class, () -> DebReader.read(new ByteArrayInputStream(data)));
        assertEquals(ErrorCode.INVALID_INPUT, e.code());
        assertTrue(e.getMessage(), e.getMessage().contains(words));
    }
}
