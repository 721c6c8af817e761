package org.strata.bench;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.w3c.dom.Document;

/**
 * The fleet benchmark's harness, run end to end on a tiny fleet (5 libvirt test hosts of 4 VMs, 2 ipmi_sim BMCs)
 * against the distribution this build made: that it registers, measures, compares with virsh and ipmitool, and
 * leaves a results row and a plot. It checks the harness, not the speed: the figures come from
 * {@code bench/fleet.sh} run by hand (docs/performance.md).
 */
public class FleetSmokeIT {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void aSmallFleetRunsEndToEndAndLeavesAResultsRowAndAPlot() throws Exception {
        Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
        Path out = temp.newFolder("out").toPath();
        File log = new File(root.toFile(), "bench/target/fleet-smoke.log");
        ProcessBuilder pb = new ProcessBuilder(
                        "bash",
                        root.resolve("bench/fleet.sh").toString(),
                        "--smoke",
                        "--label",
                        "smoke",
                        "--out",
                        out.toString())
                .redirectErrorStream(true)
                .redirectOutput(log);
        pb.environment().put("FLEET_WORK", temp.newFolder("work").getPath());
        Process fleet = pb.start();
        boolean ended = fleet.waitFor(10, TimeUnit.MINUTES);
        if (!ended) {
            fleet.destroyForcibly();
        }
        String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        assertTrue("fleet.sh did not end within 10 minutes:\n" + output, ended);
        assertEquals("fleet.sh failed:\n" + output, 0, fleet.exitValue());

        List<String> lines = Files.readAllLines(out.resolve("fleet.csv"));
        assertEquals(output, 2, lines.size());
        Map<String, String> row = new HashMap<>();
        String[] names = lines.get(0).split(",");
        String[] values = lines.get(1).split(",", -1);
        assertEquals(names.length, values.length);
        for (int i = 0; i < names.length; i++) {
            row.put(names[i], values[i]);
        }
        assertEquals("smoke", row.get("label"));
        assertEquals("5", row.get("hosts"));
        assertEquals("20", row.get("vms"));
        assertEquals("2", row.get("bmcs"));
        for (String measured : List.of(
                "inventory_s",
                "list_p99_ms",
                "get_rps",
                "op_rest_ms",
                "sweep_vm_ratio",
                "sweep_power_ratio",
                "sweep_power_bulk_ratio",
                "heap_mb",
                "rss_mb",
                "threads",
                "db_mb")) {
            assertTrue(measured + " = " + row.get(measured), Double.parseDouble(row.get(measured)) >= 0);
        }
        assertTrue(Double.parseDouble(row.get("threads")) > 0);
        assertTrue(output.contains("VM list of every host: Strata"));
        assertTrue(output.contains("power status of every BMC: Strata"));
        assertTrue(output.contains("power status of every BMC in one request: Strata"));

        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document svg =
                factory.newDocumentBuilder().parse(out.resolve("fleet.svg").toFile());
        assertEquals("svg", svg.getDocumentElement().getNodeName());
        assertTrue(svg.getDocumentElement().getTextContent().contains("REST latency against fleet size"));
    }
}
