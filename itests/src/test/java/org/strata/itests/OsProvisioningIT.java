package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;

/**
 * The OS layer on the real distribution (docs/os.md): the boot service over plain HTTP beside HTTPS-only web
 * services, the Debian driver's profiles, Debian's real netboot tree registered and served, and a network install of
 * a VM on the test libvirtd as one task. The machine's side of the install (fetching its iPXE script, the installer's
 * kernel and initrd, the preseed, and calling back as d-i and the installed OS do) is played by this test over
 * HTTP; the VM itself is really switched to network boot and started by the task. Outside Pax Exam, as
 * HighAvailabilityCrashIT: the test needs the distribution's own web server configuration (plain HTTP on).
 *
 * <p>One Strata serves all the tests, three of them at a time ({@link ConcurrentRunner}): each boots a guest under
 * QEMU's software emulation, which keeps one core busy for minutes, and ran one after the other for 12 minutes of
 * the suite (two at a time: 9.3 minutes, the last boot alone on one core while the other idled). Each test has its
 * own datacenter, names, bare-metal machine number and pools, and finds its provisioning by its target.
 */
@RunWith(ConcurrentRunner.class)
@ConcurrentRunner.Threads(3)
public class OsProvisioningIT {

    private static final String LOCAL = System.getenv("STRATA_TEST_LIBVIRT_URI");
    /** Debian's netboot installer, from the package debian-installer-12-netboot-amd64 (./strata test installs it). */
    private static final Path NETBOOT = Path.of("/usr/lib/debian-installer/images/12/amd64/text");

    private static final String PLAIN = "http://127.0.0.1:8181";
    /** Where machines reach the boot service: the host's loopback as QEMU's user networking shows it (the default). */
    private static final String BOOT = "http://10.0.2.2:8181";

    // Three tests run at once, each with a guest under software emulation: what one alone does in a minute takes two.
    private static final Duration WAIT = Duration.ofSeconds(300);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient plain = HttpClient.newHttpClient();
    private final String tag = LibvirtTestSupport.shortId();
    private final List<String> domains = new ArrayList<>();
    private final List<String> volumesToDelete = new ArrayList<>();
    private static Distribution strata;
    /** The golden image's paths (IMAGE, KERNEL, INITRD, ROOTFS), as tools/test-env/golden-image.sh build gives them. */
    private static Map<String, String> golden;

    @BeforeClass
    public static void startStrata() throws Exception {
        assertTrue("STRATA_TEST_LIBVIRT_URI is set (./strata test)", LOCAL != null && !LOCAL.isBlank());
        assertTrue(
                NETBOOT + " exists (Debian's debian-installer-12-netboot-amd64; ./strata test installs it)",
                Files.isRegularFile(NETBOOT.resolve("debian-installer/amd64/linux")));
        // Built before Strata starts, once, and its paths kept for the tests that boot it.
        golden = vars(
                StrataTestSupport.program(List.of("bash", "../tools/test-env/golden-image.sh", "build"), Map.of()));
        strata = Distribution.unpack(Path.of("target"), "os-it");
        strata.configure("org.ops4j.pax.web.cfg", "org.osgi.service.http.enabled", "true");
        strata.configure("org.ops4j.pax.web.cfg", "org.ops4j.pax.web.listening.addresses", "127.0.0.1");
        // The SAN boot's LUN backing files live in the test target's folder.
        String iscsiDir = System.getenv("STRATA_TEST_ISCSI_DIR");
        if (iscsiDir != null) {
            strata.configure("org.strata.driver.iscsi.cfg", "dirs.allowed", iscsiDir);
        }
        // This machine's /dev/kvm runs QEMU but hangs a guest's kernel (nested virtualisation): VMs boot under TCG,
        // as the bare-metal machines do.
        strata.configure("org.strata.driver.kvm.cfg", "acceleration", "tcg");
        // The guest monitoring looks often, so that the image-deployed VM's full file system is seen within seconds.
        strata.configure("org.strata.core.cfg", "guest.interval.seconds", "5");
        strata.configure("org.ops4j.pax.logging.cfg", "log4j2.logger.strata-libvirt.name", "org.strata.libvirt");
        strata.configure("org.ops4j.pax.logging.cfg", "log4j2.logger.strata-libvirt.level", "DEBUG");
        strata.start();
    }

    @AfterClass
    public static void stopStrata() throws Exception {
        if (strata != null) {
            strata.close();
        }
    }

    @After
    public void cleanUp() throws Exception {
        try {
            if (machine != null) {
                StrataTestSupport.program(
                        List.of("bash", "../tools/test-env/bare-metal.sh", "stop", String.valueOf(machine)), Map.of());
            }
            // The LUNs the test made on the test target, once no machine uses them.
            for (String volume : volumesToDelete) {
                strata.send("DELETE", volume + "?wait=60", null);
            }
        } finally {
            String all = Testbed.virshList(LOCAL, "--all");
            for (String name : domains) {
                if (all.lines().anyMatch(name::equals)) {
                    StrataTestSupport.execute(List.of("virsh", "-q", "-c", LOCAL, "destroy", name), Map.of());
                    StrataTestSupport.execute(List.of("virsh", "-q", "-c", LOCAL, "undefine", name), Map.of());
                }
            }
            for (String[] pool : poolsToRemove) {
                StrataTestSupport.execute(List.of("virsh", "-q", "-c", LOCAL, "pool-destroy", pool[0]), Map.of());
                StrataTestSupport.execute(List.of("rm", "-rf", pool[1]), Map.of());
            }
        }
    }

    @Test
    public void aVmIsNetworkInstalledFromStratasBootServiceAsOneTask() throws Exception {
        // Plain HTTP serves the boot service and nothing else.
        HttpResponse<String> api = fetch("/api/v1/health");
        assertEquals(api.body(), 403, api.statusCode());
        assertTrue(api.body(), api.body().contains("HTTPS"));
        assertTrue(fetch("/boot/ipxe/52:54:00:00:00:01").body().contains("exit"));

        JsonNode profiles = ok(strata.send("GET", "/api/v1/os/profiles", null), 200);
        assertTrue(profiles.toString(), profiles.toString().contains("\"debian-12-server\""));
        String tree = ok(
                        strata.send(
                                "POST",
                                "/api/v1/os/trees",
                                "{\"name\":\"d-i-" + tag + "\",\"profileId\":\"debian-12-server\",\"path\":\"" + NETBOOT
                                        + "\"}"),
                        201)
                .path("id")
                .asText();

        String dc = ok(strata.send("POST", "/api/v1/datacenters", "{\"name\":\"os-" + tag + "\"}"), 201)
                .path("id")
                .asText();
        String host = ok(
                        strata.send(
                                "POST",
                                "/api/v1/hosts",
                                "{\"name\":\"os-kvm-" + tag + "\",\"datacenterId\":\"" + dc
                                        + "\",\"driverId\":\"kvm\",\"address\":\"" + LOCAL + "\"}"),
                        201)
                .path("id")
                .asText();
        awaitFor(
                "the host is available",
                () -> "AVAILABLE"
                        .equals(ok(strata.send("GET", "/api/v1/hosts/" + host, null), 200)
                                .path("state")
                                .asText()));
        String name = "os-vm-" + tag;
        domains.add(name);
        String mac = "52:54:00:" + tag.substring(0, 2) + ":" + tag.substring(2, 4) + ":" + tag.substring(4, 6);
        String vm = taskResult(strata.send(
                "POST",
                "/api/v1/vms",
                "{\"hostId\":\"" + host + "\",\"spec\":{\"name\":\"" + name + "\",\"cpus\":1,\"memoryMb\":64,"
                        + "\"nics\":[{\"attachment\":\"user\",\"mac\":\"" + mac + "\",\"model\":\"e1000\"}],"
                        + "\"bootOrder\":[\"disk\"],\"serialConsole\":true}}"));

        String key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOsItTestKeyOsItTestKeyOsItTestKey0000 it@strata";
        HttpResponse<String> accepted = strata.send(
                "POST",
                "/api/v1/provisionings",
                "{\"targetType\":\"vm\",\"targetId\":\"" + vm + "\",\"profileId\":\"debian-12-server\","
                        + "\"method\":\"NETWORK_INSTALL\",\"installTreeId\":\"" + tree + "\",\"hostname\":\"web-"
                        + tag + "\",\"accounts\":[{\"name\":\"ops\",\"sshKeys\":[\"" + key + "\"]}]}");
        assertEquals(accepted.body(), 202, accepted.statusCode());
        String task = json.readTree(accepted.body()).path("id").asText();

        // The task switched the VM to network boot and started it.
        awaitFor(
                "the VM was started to network-boot",
                () -> Testbed.virshList(LOCAL).lines().anyMatch(name::equals));
        assertTrue(
                Testbed.virsh(LOCAL, "dumpxml", name),
                Testbed.virsh(LOCAL, "dumpxml", name).contains("<boot dev='network'/>"));

        // The machine's side, played over plain HTTP: script, installer, preseed, callbacks.
        String script = plain.send(
                        HttpRequest.newBuilder(URI.create(PLAIN + "/boot/ipxe/" + mac))
                                .header("User-Agent", "iPXE/1.0.0")
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        String kernel = line(script, "kernel ");
        assertTrue(script, kernel.contains("/boot/trees/" + tree + "/debian-installer/amd64/linux"));
        String answer = argument(kernel, "url=");
        assertTrue(kernel, answer != null && answer.startsWith(BOOT + "/boot/answer/"));
        byte[] linux = plain.send(
                        HttpRequest.newBuilder(URI.create(kernel.split(" ")[1].replace(BOOT, PLAIN)))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray())
                .body();
        assertEquals(
                "the real installer kernel, byte for byte",
                Files.size(NETBOOT.resolve("debian-installer/amd64/linux")),
                linux.length);
        String preseed = fetch(answer.substring(BOOT.length())).body();
        assertTrue(preseed, preseed.contains("web-" + tag));
        assertTrue(preseed, preseed.contains(key));
        String installing = preseed.lines()
                .filter(l -> l.contains("/boot/callback/") && l.contains("step=installing"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(preseed));
        String callback = installing.substring(installing.indexOf(BOOT), installing.indexOf("?step=installing"));
        for (String step : List.of("installing", "installed", "booted")) {
            assertEquals(
                    200,
                    fetch(callback.substring(BOOT.length()) + "?step=" + step).statusCode());
        }
        JsonNode done = awaitTask(task);
        assertEquals(done.toString(), "SUCCEEDED", done.path("state").asText());
        JsonNode provisioning = provisioningOf(vm);
        assertEquals("BOOTED", provisioning.path("state").asText());
        assertTrue(provisioning.toString(), provisioning.toString().contains("\"answer-file\""));
        assertTrue(
                "the token stays out of the API",
                !provisioning.toString().contains(callback.substring(callback.lastIndexOf('/') + 1)));
    }

    /**
     * The real thing as far as this machine allows: a bare-metal machine (a libvirt guest behind its own simulated
     * BMC, tools/test-env/bare-metal.sh) is given boot device PXE and powered on through IPMI by the task; its iPXE
     * fetches its script from Strata, boots Debian's installer from the registered tree, the installer loads Strata's
     * preseed and calls back "installing". A full install needs a package mirror this machine does not have: the
     * test ends the provisioning by cancelling its task, which records it CANCELLED.
     */
    @Test
    public void aBareMetalMachineNetworkBootsDebiansInstallerFromStrataWhichLoadsThePreseedAndCallsBack()
            throws Exception {
        // What the installer asks of the mirror the preseed names, in order (an empty mirror: every answer 404).
        LinkedBlockingQueue<String> mirrorRequests = new LinkedBlockingQueue<>();
        HttpServer mirror = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        mirror.createContext("/", exchange -> {
            mirrorRequests.add(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        mirror.start();
        try {
            installsUpToTheMirror(mirror, mirrorRequests);
        } finally {
            mirror.stop(0);
        }
    }

    private void installsUpToTheMirror(HttpServer mirror, LinkedBlockingQueue<String> mirrorRequests) throws Exception {
        Map<String, String> machine = startMachine(1);
        String tree = ok(
                        strata.send(
                                "POST",
                                "/api/v1/os/trees",
                                "{\"name\":\"d-i-bm-" + tag + "\",\"profileId\":\"debian-12-server\",\"path\":\""
                                        + NETBOOT + "\"}"),
                        201)
                .path("id")
                .asText();
        String dc = ok(strata.send("POST", "/api/v1/datacenters", "{\"name\":\"bm-" + tag + "\"}"), 201)
                .path("id")
                .asText();
        String host = machineHost(dc, "bm-" + tag, machine);
        long begun = System.nanoTime();
        HttpResponse<String> accepted = strata.send(
                "POST",
                "/api/v1/provisionings",
                "{\"targetType\":\"machine\",\"targetId\":\"" + host + "\",\"profileId\":\"debian-12-server\","
                        + "\"method\":\"NETWORK_INSTALL\",\"installTreeId\":\"" + tree + "\",\"hostname\":\"bm-"
                        + tag + "\",\"bootMac\":\"" + machine.get("MAC") + "\","
                        // The test's own mirror on this machine's loopback, with nothing in it: the installer must get
                        // there without a question, and stops there instead of reaching a mirror on the Internet.
                        + "\"mirror\":\"http://10.0.2.2:" + mirror.getAddress().getPort() + "/debian\","
                        + "\"extra\":{\"console\":\"ttyS0,115200\"},"
                        + "\"accounts\":[{\"name\":\"ops\","
                        + "\"sshKeys\":[\"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOsItTestKeyOsItTestKeyOsItTestKey0000 it\"]}]}");
        assertEquals(accepted.body(), 202, accepted.statusCode());
        String task = json.readTree(accepted.body()).path("id").asText();
        JsonNode[] seen = new JsonNode[1];
        long limit = System.nanoTime() + Duration.ofMinutes(8).toNanos();
        while (true) {
            seen[0] = provisioningOf(host);
            String state = seen[0].path("state").asText();
            if (state.equals("INSTALLING")) {
                break;
            }
            assertTrue(seen[0].toString(), !state.matches("FAILED|CANCELLED|BOOTED"));
            if (System.nanoTime() > limit) {
                throw new AssertionError("the installer did not call back within 8 minutes: " + seen[0] + "\nconsole:\n"
                        + tail(Path.of(machine.get("CONSOLE_LOG"))));
            }
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        }
        System.out.println("OsProvisioningIT: network install, from provision to the installer's callback "
                + Duration.ofNanos(System.nanoTime() - begun).toMillis() + " ms");
        String steps = seen[0].path("steps").toString();
        assertTrue(steps, steps.contains("\"netboot\""));
        assertTrue(steps, steps.contains("\"answer-file\""));
        assertTrue(steps, steps.contains("installing"));
        // Past its early command, the installer goes on with the preseed's answers alone: its next request is the
        // mirror's Release file, at the host and directory the driver split the mirror URL into.
        String release = "/debian/dists/bookworm/Release";
        List<String> asked = new ArrayList<>();
        long mirrorLimit = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!asked.contains(release)) {
            long left = mirrorLimit - System.nanoTime();
            String next = left <= 0 ? null : mirrorRequests.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("the installer did not ask the mirror for " + release + " within 5 minutes;"
                        + " it asked " + asked + "\nconsole:\n" + tail(Path.of(machine.get("CONSOLE_LOG"))));
            }
            asked.add(next);
        }
        String xml = Testbed.virsh(machine.get("URI"), "dumpxml", machine.get("DOMAIN"));
        assertTrue(
                "the BMC was told to boot from the network, and the machine's hook made it so: " + xml,
                xml.indexOf("<boot dev='network'/>") >= 0
                        && xml.indexOf("<boot dev='network'/>") < Math.max(0, xml.indexOf("<boot dev='hd'/>")));

        JsonNode cancelled = ok(strata.send("POST", "/api/v1/tasks/" + task + "/cancel", ""), 200);
        assertTrue(cancelled.toString(), cancelled.path("state").asText().matches("CANCELLED|RUNNING"));
        JsonNode end = awaitTask(task);
        assertEquals(end.toString(), "CANCELLED", end.path("state").asText());
        assertEquals(
                "CANCELLED",
                ok(
                                strata.send(
                                        "GET",
                                        "/api/v1/provisionings/"
                                                + seen[0].path("id").asText(),
                                        null),
                                200)
                        .path("state")
                        .asText());
    }

    /**
     * SAN boot of a bare-metal machine (docs/os.md, "Image methods"): the golden image (tools/test-env/golden-image.sh)
     * is LUN "golden" of the test target, registered as an image; the provisioning clones it to a LUN of the machine's
     * own, sets the machine's boot device to PXE through its BMC and powers it on; iPXE fetches its script from
     * Strata, attaches the LUN, boots the image's kernel from Strata, the initramfs logs in to the LUN, and cloud-init
     * reads its NoCloud seed from Strata and calls back: the provisioning is BOOTED, and the machine's root is its LUN.
     */
    @Test
    public void aBareMetalMachineSanBootsALunClonedFromTheGoldenImageAndCallsBack() throws Exception {
        String iscsi = System.getenv("STRATA_TEST_ISCSI_ADDRESS");
        String iscsiDir = System.getenv("STRATA_TEST_ISCSI_DIR");
        assertTrue("STRATA_TEST_ISCSI_ADDRESS is set (./strata test)", iscsi != null && iscsiDir != null);
        Map<String, String> machine = startMachine(2);

        String dc = ok(strata.send("POST", "/api/v1/datacenters", "{\"name\":\"san-" + tag + "\"}"), 201)
                .path("id")
                .asText();
        String san = ok(
                        strata.send(
                                "POST",
                                "/api/v1/hosts",
                                "{\"name\":\"san-" + tag + "\",\"datacenterId\":\"" + dc
                                        + "\",\"driverId\":\"iscsi\",\"kind\":\"STORAGE\",\"address\":\""
                                        + iscsi + "\"}"),
                        201)
                .path("id")
                .asText();
        String iqn = iscsi.replaceAll(".*[?&]pool=([^&]+).*", "$1");
        String volumes = "/api/v1/hosts/" + san + "/storage-pools/" + iqn + "/volumes";
        String lun = "golden-" + tag;
        long bytes = json.readTree(StrataTestSupport.program(
                        List.of("qemu-img", "info", "--output=json", golden.get("IMAGE")), Map.of()))
                .path("virtual-size")
                .asLong();
        taskResult(strata.send(
                "POST", volumes, "{\"name\":\"" + lun + "\",\"capacityMb\":" + (bytes >> 20) + ",\"format\":\"raw\"}"));
        volumesToDelete.add(volumes + "/" + lun);
        // The image's bytes into the LUN's backing file, as an admin uploads an image to the SAN.
        Path backing;
        try (var files = Files.walk(Path.of(iscsiDir))) {
            backing = files.filter(f -> f.getFileName().toString().equals(lun))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no backing file " + lun + " under " + iscsiDir));
        }
        StrataTestSupport.program(
                List.of(
                        "qemu-img",
                        "convert",
                        "-n",
                        "-f",
                        "qcow2",
                        "-O",
                        "raw",
                        golden.get("IMAGE"),
                        backing.toString()),
                Map.of());
        String image = ok(
                        strata.send(
                                "POST",
                                "/api/v1/os/images",
                                "{\"name\":\"golden-" + tag + "\",\"profileId\":\"debian-12-server\","
                                        + "\"storageHostId\":\"" + san + "\",\"pool\":\"" + iqn + "\",\"volume\":\""
                                        + lun + "\",\"kernel\":\"" + golden.get("KERNEL") + "\",\"initrd\":\""
                                        + golden.get("INITRD") + "\"}"),
                        201)
                .path("id")
                .asText();
        String host = machineHost(dc, "bm-san-" + tag, machine);

        long begun = System.nanoTime();
        HttpResponse<String> accepted = provisionFromImage(host, "SAN_BOOT", image, "bm-san-" + tag, machine);
        assertEquals(accepted.body(), 202, accepted.statusCode());
        String task = json.readTree(accepted.body()).path("id").asText();
        String provisioning = provisioningOf(host).path("id").asText();
        volumesToDelete.add(0, volumes + "/os-" + provisioning);
        JsonNode end = awaitTask(task, Duration.ofMinutes(10), machine);
        System.out.println("OsProvisioningIT: SAN boot, from provision to the OS's callback "
                + Duration.ofNanos(System.nanoTime() - begun).toMillis() + " ms");
        assertEquals(
                end.toString() + "\nconsole:\n" + tail(Path.of(machine.get("CONSOLE_LOG"))),
                "SUCCEEDED",
                end.path("state").asText());
        JsonNode p = provisioningOf(host);
        assertEquals(p.toString(), "BOOTED", p.path("state").asText());
        String steps = p.path("steps").toString();
        assertTrue(steps, steps.contains("\"cloned\"") && steps.contains("\"netboot\""));
        assertTrue("the LUN is the machine's own, a clone of the image: " + steps, steps.contains("/" + iqn + "/"));
        String console = tail(Path.of(machine.get("CONSOLE_LOG")));
        assertTrue(
                "the boot went through Strata's script and the LUN: " + console,
                Files.readString(Path.of(machine.get("CONSOLE_LOG")), java.nio.charset.StandardCharsets.ISO_8859_1)
                        .contains("bm-san-" + tag));
        assertTrue(
                "once provisioned, the machine goes on booting its LUN",
                fetchAsIpxe("/boot/ipxe/" + machine.get("MAC")).contains("sanhook iscsi:10.0.2.2:"));
    }

    /**
     * Image deploy of a VM (docs/os.md, "Image methods"): the golden image is a volume of a libvirt dir pool on this
     * machine's libvirtd, registered as an image; the provisioning clones it to the VM's disk and gives the VM the
     * serial number that names its NoCloud seed; the VM boots its disk, cloud-init reads the seed from Strata (host
     * name, the administrator and its SSH key), calls back, and the guest agent reports, through Strata, the OS and
     * the address cloud-init configured. Then the VM and the image are patched
     * ({@link #patchTheVmAndTheGoldenImage}): one boot under TCG serves both.
     */
    @Test
    public void aVmDeployedFromTheGoldenImageReportsThroughItsAgentAndIsPatchedWithTheImage() throws Exception {
        Path poolDir = Path.of("/var/lib/libvirt/images/strata-os-" + tag);
        String pool = "os-pool-" + tag;
        Files.createDirectories(poolDir);
        poolsToRemove.add(new String[] {pool, poolDir.toString()});
        StrataTestSupport.program(
                List.of("cp", "--sparse=always", golden.get("IMAGE"), poolDir + "/golden.qcow2"), Map.of());
        StrataTestSupport.program(
                List.of("virsh", "-q", "-c", LOCAL, "pool-create-as", pool, "dir", "--target", poolDir.toString()),
                Map.of());

        String dc = ok(strata.send("POST", "/api/v1/datacenters", "{\"name\":\"deploy-" + tag + "\"}"), 201)
                .path("id")
                .asText();
        String storage = ok(
                        strata.send(
                                "POST",
                                "/api/v1/hosts",
                                "{\"name\":\"deploy-pool-" + tag + "\",\"datacenterId\":\"" + dc
                                        + "\",\"driverId\":\"libvirt-dir\",\"kind\":\"STORAGE\",\"address\":\""
                                        + LOCAL + "\"}"),
                        201)
                .path("id")
                .asText();
        String host = ok(
                        strata.send(
                                "POST",
                                "/api/v1/hosts",
                                "{\"name\":\"deploy-kvm-" + tag + "\",\"datacenterId\":\"" + dc
                                        + "\",\"driverId\":\"kvm\",\"address\":\"" + LOCAL + "\"}"),
                        201)
                .path("id")
                .asText();
        awaitFor(
                "the hosts are available",
                () -> "AVAILABLE"
                                .equals(ok(strata.send("GET", "/api/v1/hosts/" + host, null), 200)
                                        .path("state")
                                        .asText())
                        && "AVAILABLE"
                                .equals(ok(strata.send("GET", "/api/v1/hosts/" + storage, null), 200)
                                        .path("state")
                                        .asText()));
        String image = ok(
                        strata.send(
                                "POST",
                                "/api/v1/os/images",
                                "{\"name\":\"deploy-golden-" + tag + "\",\"profileId\":\"debian-12-server\","
                                        + "\"storageHostId\":\"" + storage + "\",\"pool\":\"" + pool
                                        + "\",\"volume\":\"golden.qcow2\"}"),
                        201)
                .path("id")
                .asText();
        String name = "os-deploy-" + tag;
        domains.add(name);
        String vm = taskResult(strata.send(
                "POST",
                "/api/v1/vms",
                "{\"hostId\":\"" + host + "\",\"spec\":{\"name\":\"" + name + "\",\"cpus\":1,\"memoryMb\":1024,"
                        + "\"nics\":[{\"attachment\":\"user\",\"model\":\"virtio\"}],\"serialConsole\":true}}"));

        long begun = System.nanoTime();
        HttpResponse<String> accepted = strata.send(
                "POST",
                "/api/v1/provisionings",
                "{\"targetType\":\"vm\",\"targetId\":\"" + vm + "\",\"profileId\":\"debian-12-server\","
                        + "\"method\":\"IMAGE_DEPLOY\",\"imageId\":\"" + image + "\",\"hostname\":\"deployed-" + tag
                        + "\",\"accounts\":[{\"name\":\"ops\",\"sshKeys\":[\"" + KEY + "\"]}]}");
        assertEquals(accepted.body(), 202, accepted.statusCode());
        String task = json.readTree(accepted.body()).path("id").asText();
        JsonNode end = awaitTask(
                task, Duration.ofMinutes(10), Map.of("CONSOLE_LOG", "/var/log/libvirt/qemu/" + name + ".log"));
        System.out.println("OsProvisioningIT: image deploy, from provision to the OS's callback "
                + Duration.ofNanos(System.nanoTime() - begun).toMillis() + " ms");
        assertEquals(end.toString(), "SUCCEEDED", end.path("state").asText());

        JsonNode spec = ok(strata.send("GET", "/api/v1/vms/" + vm, null), 200).path("spec");
        String disk = spec.path("disks").get(0).path("source").asText();
        assertTrue(spec.toString(), disk.startsWith(poolDir + "/os-"));
        assertTrue(
                spec.toString(),
                spec.path("serialNumber").asText().startsWith("ds=nocloud-net;s=" + BOOT + "/boot/nocloud/"));
        String xml = Testbed.virsh(LOCAL, "dumpxml", name);
        assertTrue(xml, xml.contains("<entry name='serial'>ds=nocloud-net;s=" + BOOT + "/boot/nocloud/"));

        // The guest agent, through Strata: the OS, the host name cloud-init set, the address QEMU's DHCP gave.
        JsonNode[] guest = new JsonNode[1];
        awaitFor("the guest agent answers through Strata", () -> {
            HttpResponse<String> r = strata.send("GET", "/api/v1/vms/" + vm + "/guest", null);
            guest[0] = r.statusCode() == 200 ? json.readTree(r.body()) : null;
            return guest[0] != null && guest[0].path("agentRunning").asBoolean();
        });
        String facts = guest[0].toString();
        assertTrue(facts, facts.contains("\"debian\"") && facts.contains("\"12\""));
        assertEquals(facts, "deployed-" + tag, guest[0].path("hostname").asText());
        assertTrue(facts, facts.contains("10.0.2.15"));

        patchTheVmAndTheGoldenImage(vm, image, poolDir);
    }

    /**
     * Patching (docs/os-patching.md), on the VM just deployed and its golden image, so that one TCG boot serves both:
     * a local repository of real packages built here; a baseline that asks for strata-p 1.1, which neither has; a
     * scan that says so (JSON and CSV); a remediation that installs it in the running VM through its agent (the
     * agent's package query then lists it) and in the image offline, on a copy that becomes the image's new version
     * (the old volume's file left as it was); a package whose installation fails, which rolls the VM back to its
     * snapshot; and a package that fills the guest's root file system, which the guest monitoring reports as an
     * event.
     */
    private void patchTheVmAndTheGoldenImage(String vm, String image, Path poolDir) throws Exception {
        Path debs = Files.createTempDirectory("strata-patch-debs");
        try {
            Path p11 = Path.of(makeDeb("strata-p", "1.1", debs));
            Path broken = Path.of(makeDeb("strata-broken", "1.0", debs, "--fail"));
            Path filler = Path.of(makeDeb("strata-filler", "1.0", debs, "--fill-root", "93"));
            String repo = ok(
                            strata.send(
                                    "POST",
                                    "/api/v1/patching/repositories",
                                    "{\"name\":\"patches-" + tag + "\",\"family\":\"debian\"}"),
                            201)
                    .path("id")
                    .asText();
            for (Path deb : List.of(p11, broken, filler)) {
                ok(
                        strata.upload(
                                "/api/v1/patching/repositories/" + repo + "/packages", deb, "application/octet-stream"),
                        201);
            }
            // What guests read: the flat repository's index over plain HTTP.
            HttpResponse<String> index = fetch("/repos/" + repo + "/Packages");
            assertEquals(index.body(), 200, index.statusCode());
            assertTrue(index.body(), index.body().contains("Package: strata-p\nVersion: 1.1"));

            String baseline = baseline("p-" + tag, repo, "strata-p", "1.1");
            Path goldenVolume = poolDir.resolve("golden.qcow2");
            long goldenModified = Files.getLastModifiedTime(goldenVolume).toMillis();
            long goldenSize = Files.size(goldenVolume);

            // The scan: both lack strata-p (the VM read through its agent, the image offline).
            // One target per task, so that each is timed (docs/performance.md, bench/os-provisioning.sh).
            String vmOnly = "{\"vmIds\":[\"" + vm + "\"]}";
            String imageOnly = "{\"imageIds\":[\"" + image + "\"]}";
            timed(
                    "scan of a running VM",
                    () -> taskResult(strata.send("POST", "/api/v1/patching/baselines/" + baseline + "/scans", vmOnly)));
            timed(
                    "scan of an offline image",
                    () -> taskResult(
                            strata.send("POST", "/api/v1/patching/baselines/" + baseline + "/scans", imageOnly)));
            JsonNode report =
                    ok(strata.send("GET", "/api/v1/patching/baselines/" + baseline + "/compliance", null), 200);
            assertEquals(report.toString(), 2, report.size());
            for (JsonNode row : report) {
                assertEquals(row.toString(), "NON_COMPLIANT", row.path("status").asText());
                assertEquals(
                        row.toString(),
                        "strata-p",
                        row.path("missing").get(0).path("name").asText());
                assertTrue(
                        row.toString(),
                        row.path("missing").get(0).path("installed").isNull());
                assertEquals(
                        row.toString(),
                        row.path("targetKind").asText().equals("VM") ? "agent" : "offline",
                        row.path("method").asText());
            }
            HttpResponse<String> csv =
                    strata.send("GET", "/api/v1/patching/baselines/" + baseline + "/compliance?format=csv", null);
            assertEquals(csv.body(), 200, csv.statusCode());
            assertTrue(
                    csv.body(),
                    csv.body().contains("NON_COMPLIANT") && csv.body().contains("strata-p"));

            // Remediation: the VM through its agent, the image offline on a copy.
            timed(
                    "remediation of a running VM",
                    () -> taskResult(
                            strata.send("POST", "/api/v1/patching/baselines/" + baseline + "/remediations", vmOnly)));
            timed(
                    "remediation of an offline image",
                    () -> taskResult(strata.send(
                            "POST", "/api/v1/patching/baselines/" + baseline + "/remediations", imageOnly)));
            report = ok(strata.send("GET", "/api/v1/patching/baselines/" + baseline + "/compliance", null), 200);
            for (JsonNode row : report) {
                assertEquals(row.toString(), "COMPLIANT", row.path("status").asText());
            }
            readSoftware(vm);
            assertEquals(
                    "1.1",
                    installed(ok(strata.send("GET", "/api/v1/patching/software/vm/" + vm, null), 200), "strata-p"));
            JsonNode patchedImage = ok(strata.send("GET", "/api/v1/os/images/" + image, null), 200);
            String newVolume = patchedImage.path("volume").asText();
            assertTrue(patchedImage.toString(), newVolume.matches("golden-p[0-9a-f]{8}\\.qcow2"));
            assertTrue(Files.isRegularFile(poolDir.resolve(newVolume)));
            assertEquals(
                    "1.1",
                    installed(
                            ok(strata.send("GET", "/api/v1/patching/software/image/" + image, null), 200), "strata-p"));
            assertEquals(
                    "the old version is untouched",
                    goldenModified,
                    Files.getLastModifiedTime(goldenVolume).toMillis());
            assertEquals(goldenSize, Files.size(goldenVolume));

            // A package whose installation fails: the VM goes back to its snapshot, without the package.
            String brokenBaseline = baseline("broken-" + tag, repo, "strata-broken", "1.0");
            HttpResponse<String> failing = strata.send(
                    "POST",
                    "/api/v1/patching/baselines/" + brokenBaseline + "/remediations",
                    "{\"vmIds\":[\"" + vm + "\"]}");
            assertEquals(failing.body(), 202, failing.statusCode());
            JsonNode failed = awaitTask(json.readTree(failing.body()).path("id").asText());
            assertEquals(failed.toString(), "FAILED", failed.path("state").asText());
            assertTrue(failed.toString(), failed.path("errorMessage").asText().contains("rolled back to snapshot"));
            awaitFor(
                    "the rolled-back guest's agent answers again",
                    () -> strata.send("GET", "/api/v1/vms/" + vm + "/guest", null)
                            .body()
                            .contains("\"agentRunning\":true"));
            readSoftware(vm);
            JsonNode after = ok(strata.send("GET", "/api/v1/patching/software/vm/" + vm, null), 200);
            assertEquals(after.toString(), null, installed(after, "strata-broken"));
            assertEquals(after.toString(), "1.1", installed(after, "strata-p"));
            JsonNode snapshots = ok(strata.send("GET", "/api/v1/vms/" + vm + "/snapshots", null), 200);
            assertTrue(snapshots.toString(), !snapshots.toString().contains("strata-patch-"));

            // A package that fills the root file system: the guest monitoring raises an event.
            String fillerBaseline = baseline("filler-" + tag, repo, "strata-filler", "1.0");
            taskResult(strata.send(
                    "POST",
                    "/api/v1/patching/baselines/" + fillerBaseline + "/remediations",
                    "{\"vmIds\":[\"" + vm + "\"]}"));
            try {
                awaitFor(
                        "an event says the guest's root file system is full",
                        () -> strata.send("GET", "/api/v1/events?subject=" + vm + "&limit=50", null)
                                .body()
                                .contains(FILESYSTEM_FULL));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nthe guest's last sample: "
                        + strata.send("GET", "/api/v1/vms/" + vm + "/guest/sample", null)
                                .body()
                        + "\nthe agent now: "
                        + strata.send("GET", "/api/v1/vms/" + vm + "/guest", null)
                                .body()
                        + "\nits events: "
                        + strata.send("GET", "/api/v1/events?subject=" + vm + "&limit=20", null)
                                .body());
            }
        } finally {
            StrataTestSupport.execute(List.of("rm", "-rf", debs.toString()), Map.of());
        }
    }

    /** Reads a VM's software through its agent, as a task; on failure, what the agent answers now and the log say. */
    private void readSoftware(String vm) throws Exception {
        HttpResponse<String> accepted = strata.send("POST", "/api/v1/patching/software/vm/" + vm, null);
        assertEquals(accepted.body(), 202, accepted.statusCode());
        JsonNode end = awaitTask(json.readTree(accepted.body()).path("id").asText());
        if (!"SUCCEEDED".equals(end.path("state").asText())) {
            throw new AssertionError(end + "\nthe agent now: "
                    + strata.send("GET", "/api/v1/vms/" + vm + "/guest", null).body() + "\nthe log: "
                    + strata.grep("data/log/karaf.log", "guest agent", 30));
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    /** Runs a step and prints how long it took, as the image deploy's figure is printed. */
    private static void timed(String what, Step step) throws Exception {
        long begun = System.nanoTime();
        step.run();
        System.out.println("OsProvisioningIT: " + what + " "
                + Duration.ofNanos(System.nanoTime() - begun).toMillis() + " ms");
    }

    /** The guest monitoring's event type for a file system over its threshold. */
    private static final String FILESYSTEM_FULL = "GUEST_FILESYSTEM_FULL";

    private String baseline(String name, String repo, String pkg, String version) throws Exception {
        return ok(
                        strata.send(
                                "POST",
                                "/api/v1/patching/baselines",
                                "{\"name\":\"" + name + "\",\"profileId\":\"debian-12-server\",\"repositoryId\":\""
                                        + repo + "\",\"packages\":[{\"name\":\"" + pkg + "\",\"minimumVersion\":\""
                                        + version + "\"}]}"),
                        201)
                .path("id")
                .asText();
    }

    /** A package's version in a software report, or null when it is not there. */
    private static String installed(JsonNode software, String name) {
        for (JsonNode p : software.path("packages")) {
            if (p.path("name").asText().equals(name)) {
                return p.path("version").asText();
            }
        }
        return null;
    }

    /** A real .deb built by tools/test-env/make-deb.sh; its path. */
    private static String makeDeb(String name, String version, Path dir, String... options) throws Exception {
        List<String> command =
                new ArrayList<>(List.of("bash", "../tools/test-env/make-deb.sh", name, version, dir.toString()));
        command.addAll(List.of(options));
        return StrataTestSupport.program(command, Map.of()).strip();
    }

    /**
     * NAS boot of a bare-metal machine: the golden image's root tree is exported read-only by the test NFS server
     * (tools/test-env/nfs.sh export), registered as the image's NFS root with its kernel and initrd; the machine boots
     * the kernel from Strata with its root on that export and its writes in memory, cloud-init reads its seed from the
     * command line and calls back; the export is left as it was.
     */
    @Test
    public void aBareMetalMachineNasBootsTheGoldenImagesSharedRootAndCallsBack() throws Exception {
        assertTrue("STRATA_TEST_NFS_URL is set (./strata test)", System.getenv("STRATA_TEST_NFS_URL") != null);
        Map<String, String> export = vars(StrataTestSupport.program(
                List.of("bash", "../tools/test-env/nfs.sh", "export", golden.get("ROOTFS"), "golden"), Map.of()));
        String path = export.get("STRATA_TEST_NFS_EXTRA_PATH");
        assertTrue(export.toString(), path != null && path.startsWith("/"));
        Path marker = Path.of(golden.get("ROOTFS"), "etc", "hostname");
        String before = Files.readString(marker);
        Map<String, String> machine = startMachine(3);

        String dc = ok(strata.send("POST", "/api/v1/datacenters", "{\"name\":\"nas-" + tag + "\"}"), 201)
                .path("id")
                .asText();
        String image = ok(
                        strata.send(
                                "POST",
                                "/api/v1/os/images",
                                "{\"name\":\"nas-golden-" + tag + "\",\"profileId\":\"debian-12-server\","
                                        + "\"nfsRoot\":\"127.0.0.1:" + path + "\",\"kernel\":\"" + golden.get("KERNEL")
                                        + "\",\"initrd\":\"" + golden.get("INITRD") + "\"}"),
                        201)
                .path("id")
                .asText();
        String host = machineHost(dc, "bm-nas-" + tag, machine);
        long begun = System.nanoTime();
        HttpResponse<String> accepted = provisionFromImage(host, "NAS_BOOT", image, "bm-nas-" + tag, machine);
        assertEquals(accepted.body(), 202, accepted.statusCode());
        JsonNode end = awaitTask(json.readTree(accepted.body()).path("id").asText(), Duration.ofMinutes(10), machine);
        System.out.println("OsProvisioningIT: NAS boot, from provision to the OS's callback "
                + Duration.ofNanos(System.nanoTime() - begun).toMillis() + " ms");
        assertEquals(
                end.toString() + "\nconsole:\n" + tail(Path.of(machine.get("CONSOLE_LOG"))),
                "SUCCEEDED",
                end.path("state").asText());
        String script = fetchAsIpxe("/boot/ipxe/" + machine.get("MAC"));
        assertTrue(script, script.contains(" nfsroot=10.0.2.2:" + path + ",") && !script.contains("sanhook"));
        assertTrue(
                "the console shows the machine's own name: " + tail(Path.of(machine.get("CONSOLE_LOG"))),
                Files.readString(Path.of(machine.get("CONSOLE_LOG")), java.nio.charset.StandardCharsets.ISO_8859_1)
                        .contains("bm-nas-" + tag));
        assertEquals(
                "the shared root is as it was: the machine's writes stayed in its memory",
                before,
                Files.readString(marker));
    }

    private final List<String[]> poolsToRemove = new ArrayList<>();

    private static final String KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOsItTestKeyOsItTestKeyOsItTestKey0000 it@strata";

    private static Map<String, String> vars(String out) {
        Map<String, String> vars = new java.util.HashMap<>();
        out.lines()
                .filter(l -> l.matches("[A-Z_]+=.*"))
                .forEach(l -> vars.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return vars;
    }

    private String fetchAsIpxe(String path) throws Exception {
        return plain.send(
                        HttpRequest.newBuilder(URI.create(PLAIN + path))
                                .header("User-Agent", "iPXE/1.21.1")
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** Waits for a task's end, showing the machine's console when it does not come. */
    private JsonNode awaitTask(String id, Duration limit, Map<String, String> machine) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            JsonNode t = json.readTree(
                    strata.send("GET", "/api/v1/tasks/" + id, null).body());
            if (t.path("state").asText().matches("SUCCEEDED|FAILED|CANCELLED")) {
                return t;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("task " + id + " did not end within " + limit + ": " + t + "\nconsole:\n"
                        + tail(Path.of(machine.get("CONSOLE_LOG"))));
            }
            LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
        }
    }

    /** A bare-metal machine of the test bed, added as an ipmi host behind its BMC; its id. */
    private String machineHost(String dc, String name, Map<String, String> machine) throws Exception {
        return ok(
                        strata.send(
                                "POST",
                                "/api/v1/hosts",
                                "{\"name\":\"" + name + "\",\"datacenterId\":\"" + dc
                                        + "\",\"driverId\":\"ipmi\",\"address\":\"" + machine.get("BMC")
                                        + "\",\"username\":\"" + machine.get("BMC_USER") + "\",\"password\":\""
                                        + machine.get("BMC_PASSWORD") + "\"}"),
                        201)
                .path("id")
                .asText();
    }

    /** Asks for a bare-metal machine's provisioning from a golden image (SAN or NAS boot), on its serial console. */
    private HttpResponse<String> provisionFromImage(
            String host, String method, String image, String hostname, Map<String, String> machine) throws Exception {
        return strata.send(
                "POST",
                "/api/v1/provisionings",
                "{\"targetType\":\"machine\",\"targetId\":\"" + host + "\",\"profileId\":\"debian-12-server\","
                        + "\"method\":\"" + method + "\",\"imageId\":\"" + image + "\",\"hostname\":\"" + hostname
                        + "\",\"bootMac\":\"" + machine.get("MAC") + "\",\"extra\":{\"console\":\"ttyS0,115200\"},"
                        + "\"accounts\":[{\"name\":\"ops\",\"sshKeys\":[\"" + KEY + "\"]}]}");
    }

    /**
     * Starts bare-metal machine {@code number} with its DHCP boot file at Strata's boot service; stopped by cleanUp.
     * Each test has its own number: they run at once.
     */
    private Map<String, String> startMachine(int number) throws Exception {
        machine = number;
        String out = StrataTestSupport.program(
                List.of("bash", "../tools/test-env/bare-metal.sh", "start", String.valueOf(number)),
                Map.of("STRATA_BARE_METAL_BOOT_URL", "http://10.0.2.2:8181/boot/ipxe/{mac}"));
        Map<String, String> vars = new java.util.HashMap<>();
        out.lines()
                .filter(l -> l.contains("="))
                .forEach(l -> vars.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return vars;
    }

    private Integer machine;

    /** The provisioning of a target: other tests' provisionings are in the same list. */
    private JsonNode provisioningOf(String targetId) throws Exception {
        for (JsonNode p : ok(strata.send("GET", "/api/v1/provisionings?limit=100", null), 200)
                .path("items")) {
            if (p.path("targetId").asText().equals(targetId)) {
                return p;
            }
        }
        throw new AssertionError("no provisioning of " + targetId);
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, java.nio.charset.StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (java.io.IOException e) {
            return "(no console log: " + e.getMessage() + ")";
        }
    }

    private HttpResponse<String> fetch(String path) throws Exception {
        return plain.send(
                HttpRequest.newBuilder(URI.create(PLAIN + path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(HttpResponse<String> response, int status) throws Exception {
        assertEquals(response.body(), status, response.statusCode());
        return json.readTree(response.body());
    }

    private String taskResult(HttpResponse<String> accepted) throws Exception {
        assertEquals(accepted.body(), 202, accepted.statusCode());
        JsonNode end = awaitTask(json.readTree(accepted.body()).path("id").asText());
        assertEquals(end.toString(), "SUCCEEDED", end.path("state").asText());
        return end.path("result").asText();
    }

    private JsonNode awaitTask(String id) throws Exception {
        JsonNode[] last = new JsonNode[1];
        awaitFor("task " + id + " ends", () -> {
            last[0] = json.readTree(
                    strata.send("GET", "/api/v1/tasks/" + id, null).body());
            return last[0].path("state").asText().matches("SUCCEEDED|FAILED|CANCELLED");
        });
        return last[0];
    }

    private static String line(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(text));
    }

    private static String argument(String kernelLine, String name) {
        for (String word : kernelLine.split(" ")) {
            if (word.startsWith(name)) {
                return word.substring(name.length());
            }
        }
        return null;
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void awaitFor(String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }
}
