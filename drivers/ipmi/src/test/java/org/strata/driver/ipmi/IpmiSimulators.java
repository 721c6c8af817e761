package org.strata.driver.ipmi;

import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.rules.ExternalResource;
import org.strata.spi.Endpoint;
import org.strata.spi.Secret;

/**
 * Real simulated BMCs for the tests: N ipmi_sim instances started by tools/test-env/ipmi/ipmi-sim.sh on free
 * UDP ports, with their state in a temporary folder, stopped afterwards. Also runs ipmitool against them, to
 * check from outside what the driver did.
 */
final class IpmiSimulators extends ExternalResource {

    static final String USER = "admin";
    static final String PASSWORD = "strata-ipmi";

    private final int count;
    private final String prefix;
    private final List<Bmc> bmcs = new ArrayList<>();
    private Path run;
    private Path script;

    /** One running simulator. */
    record Bmc(String name, int port, int consolePort, Path state, String guid) {
        Endpoint endpoint() {
            return endpoint(Map.of());
        }

        Endpoint endpoint(Map<String, String> options) {
            return new Endpoint("127.0.0.1:" + port, USER, Secret.of(PASSWORD), options);
        }
    }

    IpmiSimulators(String prefix, int count) {
        this.prefix = prefix;
        this.count = count;
    }

    Bmc get(int i) {
        return bmcs.get(i);
    }

    List<Bmc> all() {
        return List.copyOf(bmcs);
    }

    @Override
    protected void before() throws Throwable {
        requireTools();
        script = findScript();
        run = Files.createTempDirectory("strata-ipmi-");
        for (int i = 0; i < count; i++) {
            String name = prefix + i;
            int port = freeUdpPort();
            int console = freeTcpPort();
            Path state = run.resolve(name + "-state");
            String guid = sh("start", name, Integer.toString(port), Integer.toString(console), state.toString())
                    .trim();
            bmcs.add(new Bmc(name, port, console, state, guid));
        }
    }

    @Override
    protected void after() {
        for (Bmc b : bmcs) {
            try {
                sh("stop", b.name());
            } catch (IOException | InterruptedException | AssertionError e) {
                System.err.println("could not stop " + b.name() + ": " + e.getMessage());
            }
        }
        bmcs.clear();
        if (run != null) {
            try (Stream<Path> files = Files.walk(run)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not remove " + run + ": " + e.getMessage());
            }
        }
    }

    /** Stops and starts a simulator on the same ports and state: it forgets its sessions, as a rebooted BMC does. */
    void restart(Bmc bmc) throws IOException, InterruptedException {
        sh("stop", bmc.name());
        sh(
                "start",
                bmc.name(),
                Integer.toString(bmc.port()),
                Integer.toString(bmc.consolePort()),
                bmc.state().toString());
    }

    /** Sets a sensor's raw reading through the simulator's console (as a failing fan or a hot CPU would). */
    void setSensor(Bmc bmc, int sensor, int raw) throws IOException, InterruptedException {
        sh("set-sensor", bmc.name(), Integer.toString(sensor), Integer.toString(raw));
    }

    /** Runs ipmitool against a simulator and returns what it printed. */
    static String ipmitool(Bmc bmc, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                "ipmitool",
                "-I",
                "lanplus",
                "-C",
                "3",
                "-H",
                "127.0.0.1",
                "-p",
                Integer.toString(bmc.port()),
                "-U",
                USER,
                "-P",
                PASSWORD));
        cmd.addAll(List.of(args));
        return exec(cmd, null);
    }

    /** Lines the chassis_control script appended for each change it was asked to make. */
    static String changes(Bmc bmc) throws IOException {
        Path f = bmc.state().resolve("changes");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    private String sh(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(script.toString());
        cmd.addAll(List.of(args));
        return exec(cmd, run);
    }

    private static String exec(List<String> cmd, Path run) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (run != null) {
            pb.environment().put("STRATA_IPMI_RUN", run.toString());
            pb.environment().put("IPMI_SIM_PASSWORD", PASSWORD);
        }
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("timed out: " + String.join(" ", cmd));
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            fail(String.join(" ", cmd.subList(0, Math.min(cmd.size(), 2))) + " failed (" + p.exitValue() + "): "
                    + text);
        }
        return text;
    }

    /** The tests need the real programs; missing ones are a failure that says what to install, not a skip. */
    private static void requireTools() {
        List<String> missing = new ArrayList<>();
        if (!onPath("ipmi_sim")) {
            missing.add("openipmi");
        }
        if (!onPath("ipmitool")) {
            missing.add("ipmitool");
        }
        if (!missing.isEmpty()) {
            fail("the IPMI driver's tests need ipmi_sim and ipmitool on the PATH; install the Debian packages: "
                    + "sudo apt-get install " + String.join(" ", missing));
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Paths.get(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static Path findScript() {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            Path s = dir.resolve("tools/test-env/ipmi/ipmi-sim.sh");
            if (Files.isExecutable(s)) {
                return s;
            }
            dir = dir.getParent();
        }
        throw new AssertionError("tools/test-env/ipmi/ipmi-sim.sh not found above "
                + Paths.get("").toAbsolutePath());
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
