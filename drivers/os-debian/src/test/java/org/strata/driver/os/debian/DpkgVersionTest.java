package org.strata.driver.os.debian;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.Test;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;

/**
 * The driver's version order against the real {@code dpkg --compare-versions} of this machine (Debian 12's dpkg
 * 1.21): every pair is handed to dpkg with the answer the driver gives ({@code lt}, {@code eq} or {@code gt}), one
 * shell loop for the whole corpus, and dpkg must agree; a version the driver calls INVALID must make dpkg complain
 * (an error or a "bad syntax" warning), and one it accepts must not. The corpus: the hard cases of dpkg's own tests
 * (t-version) and its man page, every version installed on this machine in the driver's order (so each neighbour
 * pair is checked, which checks the whole order), and seeded random strings over digits, letters and {@code ~ . + -
 * :}.
 */
public class DpkgVersionTest {

    private final DebianOsDriver driver = new DebianOsDriver();

    private static final String[][] TRICKY = {
        {"1.0", "1.0"},
        {"1.0", "1.0-0"},
        {"0:1.0", "1.0"},
        {"00:1.0", "0:1.0"},
        {"1.0-0", "1.0-00"},
        {"1:1.0", "2.0"},
        {"2:1.0", "1:9.9"},
        {"1.0~rc1", "1.0"},
        {"1.0~rc1", "1.0~rc2"},
        {"1.0~", "1.0"},
        {"1.0~~", "1.0~"},
        {"1.0~~a", "1.0~~"},
        {"1.0~~a", "1.0~"},
        {"1.0a", "1.0"},
        {"1.0+", "1.0"},
        {"1.0.", "1.0"},
        {"1.0+", "1.0."},
        {"1.0a", "1.0+"},
        {"1.0A", "1.0a"},
        {"1.0Z", "1.0a"},
        {"1.0z", "1.0+"},
        {"1.0-1", "1.0-1.1"},
        {"1.0-1~bpo1", "1.0-1"},
        {"1.2.3-1~deb12u1", "1.2.3-1"},
        {"1.2.3-1+deb12u1", "1.2.3-1"},
        {"1.0-a-b", "1.0-a-c"},
        {"1.0-a-b", "1.0-b"},
        {"1:1:1", "1:1:2"},
        {"1:1:1-1", "1:1.1-1"},
        {"0001", "1"},
        {"1.001", "1.1"},
        {"1.01", "1.1"},
        {"1.10", "1.9"},
        {"10", "9"},
        {"1a", "1b"},
        {"1a1", "1a"},
        {"1.a", "1a"},
        {"99999999999999999999", "99999999999999999998"},
        {"1.99999999999999999999", "1.100000000000000000000"},
        {"3.0.15-1~deb12u1", "3.0.11-1~deb12u2"},
        {"2.36-9+deb12u14", "2.36-9+deb12u7"},
        {"7.88.1-10+deb12u8", "7.88.1-10"},
        {"1:2.38.1-5+deb12u3", "2.39"},
        {"0.9", "0.10"},
        {"1.0~beta", "1.0~alpha"},
        {"1.0~", "1.0~0"},
        {"1+dfsg", "1"},
        {"1+dfsg-1", "1-1"},
        {"1.2+b1", "1.2"},
        {"1.2~b1", "1.2"},
        {"0~20240101", "0"},
        {"+1:1.0", "1:1.0"},
        {"-0:1.0", "1.0"},
        {"1.0 ", "1.0"},
        {" 1.0", "1.0"},
        {"2147483647:1", "2147483646:9"},
        {"1:0", "0:9"},
        {"1.0-1-1", "1.0-1"},
        {"1:1.0-1", "1:1.0-1"},
        {"a", "1"},
        {"1.0_1", "1.0"},
        {"1.0-1_1", "1.0"},
        {":1", "1"},
        {"1:", "1"},
        {"x:1", "1"},
        {"-1:1", "1"},
        {"1-", "1"},
        {"-1", "1"},
        {"1 2", "1"},
        {"2147483648:1", "1"},
        {"99999999999:1", "1"},
        {"1.0@", "1"},
        {"1-1:1", "1"},
        {"1:a", "1"},
        {"1:1-a:b", "1"},
        {"1:-1", "1"},
        {"1:1-1-", "1"},
        {"1:~1", "1"},
        {"~1", "1"},
        {".1", "1"},
        {"1-~1", "1-1"},
        {"1-+", "1-1"},
    };

    @Test
    public void agreesWithTheRealDpkgOnItsHardCasesThisMachinesVersionsAndRandomOnes() throws Exception {
        List<String[]> pairs = new ArrayList<>();
        for (String[] p : TRICKY) {
            pairs.add(p);
        }
        // every installed version, in the driver's order: dpkg must agree with each neighbour pair
        Tools.Result installed = Tools.run(List.of("/usr/bin/dpkg-query", "-W", "-f=${db:Status-Abbrev}${Version}\\n"));
        assertEquals(installed.err(), 0, installed.exit());
        TreeSet<String> versions = new TreeSet<>((a, b) -> {
            int c = driver.compareVersions(a, b);
            return c != 0 ? c : a.compareTo(b);
        });
        for (String line : installed.out().split("\n")) {
            if (line.length() > 3 && line.charAt(1) == 'i') {
                versions.add(line.substring(3));
            }
        }
        assertTrue("this machine has hundreds of packages: " + versions.size(), versions.size() > 100);
        String previous = null;
        for (String v : versions) {
            if (previous != null) {
                pairs.add(new String[] {previous, v});
            }
            previous = v;
        }
        Random random = new Random(20261206L);
        String alphabet = "0123456789012345678901234567890123456789aAbz~~..++--:";
        for (int i = 0; i < 400; i++) {
            pairs.add(new String[] {randomVersion(random, alphabet), randomVersion(random, alphabet)});
        }

        // dpkg reads a first argument that starts with '-' as an option of its own ("-0:1.0" is a valid version):
        // such a pair is asked the other way round, and dropped when both start with '-'
        pairs.replaceAll(p -> p[0].startsWith("-") ? new String[] {p[1], p[0]} : p);
        pairs.removeIf(p -> p[0].startsWith("-"));
        StringBuilder corpus = new StringBuilder();
        List<String> expected = new ArrayList<>();
        int valid = 0;
        for (String[] p : pairs) {
            String answer;
            try {
                int c = driver.compareVersions(p[0], p[1]);
                answer = c < 0 ? "lt" : c == 0 ? "eq" : "gt";
                valid++;
            } catch (DriverException e) {
                assertEquals(e.getMessage(), Fault.INVALID, e.fault());
                answer = "invalid";
            }
            corpus.append(p[0])
                    .append('\t')
                    .append(p[1])
                    .append('\t')
                    .append(answer)
                    .append('\n');
            expected.add(answer);
        }
        assertTrue("most pairs are comparable: " + valid, valid > pairs.size() / 2);

        // One process for the whole corpus; each dpkg call gets the driver's answer as its relation. Printed:
        // the exit status, and whether dpkg said anything on standard error (a warning or an error).
        String loop = "tab=$(printf '\\t')\n"
                + "while IFS=\"$tab\" read -r a b op; do\n"
                + "  [ \"$op\" = invalid ] && rel=eq || rel=$op\n"
                + "  if out=$(dpkg --compare-versions \"$a\" \"$rel\" \"$b\" 2>&1); then rc=0; else rc=$?; fi\n"
                + "  [ -n \"$out\" ] && said=said || said=quiet\n"
                + "  printf '%s %s\\n' \"$rc\" \"$said\"\n"
                + "done < \"$1\"\n";
        Path file = Files.createTempFile("strata-dpkg-corpus", ".tsv");
        try {
            Files.writeString(file, corpus, StandardCharsets.UTF_8);
            long start = System.nanoTime();
            Tools.Result r = Tools.run(List.of("/bin/sh", "-c", loop, "dpkg-corpus", file.toString()));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(r.err(), 0, r.exit());
            String[] verdicts = r.out().split("\n");
            assertEquals("one verdict per pair", pairs.size(), verdicts.length);
            List<String> disagreements = new ArrayList<>();
            for (int i = 0; i < pairs.size(); i++) {
                String[] p = pairs.get(i);
                boolean ok = expected.get(i).equals("invalid")
                        ? verdicts[i].endsWith(" said")
                        : verdicts[i].equals("0 quiet");
                if (!ok) {
                    disagreements.add(
                            "'" + p[0] + "' '" + p[1] + "': driver " + expected.get(i) + ", dpkg " + verdicts[i]);
                }
            }
            assertEquals(
                    "dpkg disagrees with the driver on:\n" + String.join("\n", disagreements), 0, disagreements.size());
            System.out.println("dpkg agreed on " + pairs.size() + " pairs (" + valid + " comparable) in " + ms + " ms");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    public void ordersAsDebianPolicySays() {
        List<String> sorted = List.of("1.0~~", "1.0~~a", "1.0~", "1.0", "1.0-1", "1.0a", "1.0+", "1.1", "1:0.1");
        List<String> shuffled = new ArrayList<>(sorted);
        java.util.Collections.reverse(shuffled);
        shuffled.sort(Comparator.comparing(s -> s, driver::compareVersions));
        assertEquals(sorted, shuffled);
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
