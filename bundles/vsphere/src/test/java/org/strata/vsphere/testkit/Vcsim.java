package org.strata.vsphere.testkit;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.strata.vsphere.vim.MoRef;
import org.strata.vsphere.vim.TlsPolicy;
import org.strata.vsphere.vim.VimConnection;
import org.strata.vsphere.vim.VimElement;
import org.strata.vsphere.vim.VimFault;
import org.strata.vsphere.vim.VimTasks;
import org.strata.vsphere.vim.XmlNode;

/**
 * A real vSphere API simulator (govmomi's vcsim, built and started by tools/test-env/vcsim/vcsim.sh) for one test,
 * on a free loopback port, and govmomi's own client as the witness of what was done to it. Not a fake: the same
 * simulator govmomi's and Terraform's vSphere tests run against.
 */
public final class Vcsim implements AutoCloseable {

    public static final String USER = "strata";
    public static final String PASSWORD = "strata-vcsim";

    private final Path script;
    private final Path run;
    private final String name;
    private final URI url;
    private final String thumbprint;

    private Vcsim(Path script, Path run, String name, URI url, String thumbprint) {
        this.script = script;
        this.run = run;
        this.name = name;
        this.url = url;
        this.thumbprint = thumbprint;
    }

    /**
     * Starts one simulator.
     *
     * @param flags for {@code strata-vcsim serve}: {@code -esx}, {@code -tls}, {@code -cluster-hosts 3}, {@code -vms 2}...
     */
    public static Vcsim start(String... flags) throws IOException, InterruptedException {
        Path script = script();
        Path run = Files.createTempDirectory("strata-vcsim");
        try {
            return start(script, run, flags);
        } catch (IOException | InterruptedException | RuntimeException e) {
            delete(run);
            throw e;
        }
    }

    private static Vcsim start(Path script, Path run, String... flags) throws IOException, InterruptedException {
        String name = "t-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> command = new ArrayList<>(List.of(script.toString(), "start", name));
        command.addAll(List.of(flags));
        String out = run(command, run);
        URI url = null;
        String thumbprint = null;
        for (String line : out.split("\n")) {
            if (line.startsWith("url=")) {
                url = URI.create(line.substring(4).trim());
            } else if (line.startsWith("thumbprint=")) {
                thumbprint = line.substring(11).trim();
            }
        }
        if (url == null) {
            run(List.of(script.toString(), "stop", name), run);
            throw new IOException("vcsim.sh printed no url: " + out);
        }
        return new Vcsim(script, run, name, url, thumbprint);
    }

    /** The API's URL, http(s)://127.0.0.1:PORT/sdk. */
    public URI url() {
        return url;
    }

    /** "127.0.0.1:PORT". */
    public String authority() {
        return url.getAuthority();
    }

    /** The SHA-256 thumbprint of the TLS certificate (started with -tls), else null. */
    public String thumbprint() {
        return thumbprint;
    }

    /** The VM as govmomi's client sees it, as JSON (name, uuid, powerState, host, cpus, memoryMB, disks, nics...). */
    public String vm(String vmName) throws IOException, InterruptedException {
        return run(List.of(script.toString(), "vm", url.toString(), vmName), run);
    }

    /**
     * The VM's snapshot tree as govmomi's client sees it, as a JSON array, parents before children: one object per
     * snapshot with {@code name}, {@code parent} (empty for a root), {@code description}, {@code state},
     * {@code quiesced} and {@code current}.
     */
    public String snapshots(String vmName) throws IOException, InterruptedException {
        return run(List.of(script.toString(), "snapshots", url.toString(), vmName), run);
    }

    /** Changes a VM's power state from outside ("on", "off", "suspend"). */
    public void power(String vmName, String action) throws IOException, InterruptedException {
        run(List.of(script.toString(), "power", url.toString(), vmName, action), run);
    }

    /**
     * Makes an empty thin VMDK on a datastore ("[LocalDS_0] web/data.vmdk"), its folder included, as an admin
     * would with vSphere's disk manager before attaching it.
     */
    public void createDisk(String datacenter, String datastorePath, long capacityKb) {
        HttpClient http = VimConnection.httpClient(TlsPolicy.INSECURE, Duration.ofSeconds(10));
        VimConnection vim = VimConnection.open(http, url, Duration.ofSeconds(30));
        try {
            vim.login(USER, PASSWORD.toCharArray());
            MoRef dc = vim.invoke(
                            "FindByInventoryPath",
                            vim.service("searchIndex"),
                            VimElement.el("inventoryPath", datacenter))
                    .moRef();
            String folder = datastorePath.substring(0, datastorePath.lastIndexOf('/'));
            try {
                vim.invoke(
                        "MakeDirectory",
                        vim.service("fileManager"),
                        VimElement.el("name", folder),
                        VimElement.el("datacenter", dc),
                        VimElement.el("createParentDirectories", true));
            } catch (VimFault exists) {
                if (!exists.is("FileAlreadyExists")) {
                    throw exists;
                }
            }
            XmlNode task = vim.invoke(
                    "CreateVirtualDisk_Task",
                    vim.service("virtualDiskManager"),
                    VimElement.el("name", datastorePath),
                    VimElement.el("datacenter", dc),
                    VimElement.el(
                                    "spec",
                                    VimElement.el("diskType", "thin"),
                                    VimElement.el("adapterType", "lsiLogic"),
                                    VimElement.el("capacityKb", capacityKb))
                            .typed("FileBackedVirtualDiskSpec"));
            try {
                VimTasks.await(vim, task.moRef(), VimTasks.Watcher.NONE, Duration.ofSeconds(30));
            } catch (VimFault exists) {
                if (!exists.is("FileAlreadyExists")) {
                    throw exists;
                }
            }
        } finally {
            vim.close();
        }
    }

    /** Stops the simulator and removes its run folder, which holds its datastores (see vcsim.sh), also on failure. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            run(List.of(script.toString(), "stop", name), run);
        } finally {
            delete(run);
        }
    }

    /** Removes a folder and what it holds; one already gone is fine. */
    public static void delete(Path folder) throws IOException {
        if (!Files.exists(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** tools/test-env/vcsim/vcsim.sh, found from the working folder up (a module's or the checkout's). */
    public static Path script() {
        String given = System.getProperty("strata.vcsim.script");
        if (given != null) {
            return Path.of(given);
        }
        File dir = new File("").getAbsoluteFile();
        while (dir != null) {
            File candidate = new File(dir, "tools/test-env/vcsim/vcsim.sh");
            if (candidate.isFile()) {
                return candidate.toPath();
            }
            dir = dir.getParentFile();
        }
        throw new IllegalStateException(
                "tools/test-env/vcsim/vcsim.sh not found above " + new File("").getAbsolutePath());
    }

    private static String run(List<String> command, Path run) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false);
        pb.environment().put("STRATA_VCSIM_RUN", run.toString());
        pb.environment().put("VCSIM_PASSWORD", PASSWORD);
        // What the script and its tools make in a temporary folder (go build's work folder) stays in the run folder.
        pb.environment().put("TMPDIR", run.toString());
        Path err = Files.createTempFile(run, "stderr", ".txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command + " did not finish in 120 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(
                    command + " failed (" + p.exitValue() + "): " + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
