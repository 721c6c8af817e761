package org.strata.driver.os.rhel;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.Test;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;

/**
 * The driver's version order against the real rpm 4.18 of this machine ({@code rpm.vercmp} of rpm's Lua, which
 * splits epoch, version and release as rpm does and compares with {@code rpmverCmp}), one rpm process for the whole
 * corpus: the cases of rpm's own tests (rpmvercmp.at: tilde, caret, letters against digits, leading zeros, separators),
 * epochs and releases, and seeded random strings over digits, letters and {@code . ~ ^ - : _ +}.
 */
public class RpmVersionTest {

    private final RhelOsDriver driver = new RhelOsDriver();

    private static final String[][] TRICKY = {
        {"1.0", "1.0"},
        {"1.0", "2.0"},
        {"2.0.1", "2.0"},
        {"2.0.1a", "2.0.1"},
        {"5.5p1", "5.5p2"},
        {"5.5p10", "5.5p1"},
        {"10xyz", "10.1xyz"},
        {"xyz10", "xyz10.1"},
        {"xyz.4", "xyz.4"},
        {"xyz.4", "8"},
        {"xyz.4", "2"},
        {"5.5p2", "5.6p1"},
        {"5.6p1", "6.5p1"},
        {"6.0.rc1", "6.0"},
        {"10b2", "10a1"},
        {"10a2", "10b2"},
        {"1.0aa", "1.0a"},
        {"10.0001", "10.1"},
        {"10.0001", "10.0039"},
        {"4.999.9", "5.0"},
        {"20101121", "20101122"},
        {"2_0", "2_0"},
        {"2.0", "2_0"},
        {"a", "a"},
        {"a+", "a+"},
        {"a+", "a_"},
        {"+a", "+a"},
        {"+a", "_a"},
        {"+_", "+_"},
        {"_+", "+_"},
        {"_+", "_"},
        {"+", "_"},
        {"1.0~rc1", "1.0~rc1"},
        {"1.0~rc1", "1.0"},
        {"1.0~rc1", "1.0~rc2"},
        {"1.0~rc1~git123", "1.0~rc1"},
        {"1.0^", "1.0^"},
        {"1.0^", "1.0"},
        {"1.0^git1", "1.0"},
        {"1.0^git1", "1.0^git2"},
        {"1.0^git1", "1.01"},
        {"1.0^20160101", "1.0^20160101"},
        {"1.0^20160101", "1.0.1"},
        {"1.0^20160102", "1.0^20160101^git1"},
        {"1.0~rc1^git1", "1.0~rc1"},
        {"1.0^git1~pre", "1.0^git1"},
        {"1.0^git1", "1.0~rc1"},
        {"1.0~", "1.0^"},
        {"1:1.0", "2.0"},
        {"0:1.0", "1.0"},
        {":1.0", "1.0"},
        {"1.0-1", "1.0"},
        {"1.0-1", "1.0-2"},
        {"1.0-1.el9", "1.0-1.el9_4"},
        {"2:1.0-1", "1:9.9-9"},
        {"1a:2", "1"},
        {"x:1", "1"},
        {"1:", "0:0"},
        {"-1", "1"},
        {"1-", "1"},
        {"1.0-1-1", "1.0-1"},
        {"5.14.0-427.13.1.el9_4", "5.14.0-362.8.1.el9_3"},
        {"3.0.7-27.el9", "3.0.7-24.el9"},
        {"1:3.0.7-27.el9", "3.0.7-28.el9"},
        {"0001", "1"},
        {"1.001", "1.1"},
        {"99999999999999999999", "99999999999999999998"},
        {"1..0", "1.0"},
        {"1.0.", "1.0"},
    };

    @Test
    public void agreesWithTheRealRpmOnItsOwnCasesAndRandomOnes() throws Exception {
        List<String[]> pairs = new ArrayList<>(List.of(TRICKY));
        Random random = new Random(20261206L);
        String alphabet = "0123456789012345678901234567890123456789aAbz..~~^^--:_+";
        for (int i = 0; i < 600; i++) {
            pairs.add(new String[] {randomVersion(random, alphabet), randomVersion(random, alphabet)});
        }
        StringBuilder corpus = new StringBuilder();
        for (String[] p : pairs) {
            corpus.append(p[0]).append('\t').append(p[1]).append('\n');
        }
        Path file = Files.createTempFile("strata-rpm-corpus", ".tsv");
        try {
            Files.writeString(file, corpus, StandardCharsets.UTF_8);
            long start = System.nanoTime();
            Tools.Result r = Tools.run(List.of(
                    "/usr/bin/rpm",
                    "--eval",
                    "%{lua: for line in io.lines(\"" + file + "\") do"
                            + " local a, b = line:match(\"^(.-)\\t(.*)$\");"
                            + " io.write(rpm.vercmp(a, b), \"\\n\") end}"));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(r.err(), 0, r.exit());
            String[] verdicts = r.out().strip().split("\n");
            assertEquals("one verdict per pair", pairs.size(), verdicts.length);
            List<String> disagreements = new ArrayList<>();
            for (int i = 0; i < pairs.size(); i++) {
                String[] p = pairs.get(i);
                int mine = Integer.signum(driver.compareVersions(p[0], p[1]));
                if (mine != Integer.signum(Integer.parseInt(verdicts[i].trim()))) {
                    disagreements.add("'" + p[0] + "' '" + p[1] + "': driver " + mine + ", rpm " + verdicts[i]);
                }
            }
            assertEquals(
                    "rpm disagrees with the driver on:\n" + String.join("\n", disagreements), 0, disagreements.size());
            System.out.println("rpm agreed on " + pairs.size() + " pairs in " + ms + " ms");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    public void refusesWhatNoPackageCanCarryAsRpmRefusesTheEmptyVersion() throws Exception {
        Tools.Result r = Tools.run(List.of("/usr/bin/rpm", "--eval", "%{lua: io.write(rpm.vercmp(\"\", \"1\"))}"));
        assertTrue("rpm refuses an empty version: " + r.err(), r.err().contains("invalid version"));
        for (String v : List.of("", "1 2", "1\t2", "1\n")) {
            try {
                driver.compareVersions(v, "1");
                throw new AssertionError("accepted '" + v + "'");
            } catch (DriverException e) {
                assertEquals(Fault.INVALID, e.fault());
            }
        }
    }

    private static String randomVersion(Random random, String alphabet) {
        int length = 1 + random.nextInt(8);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
