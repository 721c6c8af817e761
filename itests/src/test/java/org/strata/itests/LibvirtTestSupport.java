package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.After;
import org.junit.Before;

/**
 * What the tests against real libvirt daemons share: the daemon's URI, inventory hosts on it, VMs made
 * through REST, and {@code virsh} as the independent witness.
 */
public abstract class LibvirtTestSupport extends StrataTestSupport {

    protected static final String LIBVIRT = System.getenv("STRATA_TEST_LIBVIRT_URI");

    @Before
    public void ready() throws Exception {
        // The build leaves this class out when the variable is unset (itests/pom.xml): Pax Exam would report an
        // assumption that failed in the container as a pass.
        assertTrue("STRATA_TEST_LIBVIRT_URI names a running libvirtd", LIBVIRT != null && !LIBVIRT.isBlank());
        awaitPlatformReady();
        await(
                "the KVM driver is listed by REST",
                () -> get("/api/v1/drivers").body().contains("\"kvm\""));
    }

    /** Domains a test made, removed from every daemon after it even when it failed half-way. */
    private final List<String> domains = new ArrayList<>();

    /** A domain name for this test, removed from the daemons afterwards. */
    protected String domainName(String prefix) {
        String name = prefix + "-" + shortId();
        domains.add(name);
        return name;
    }

    @After
    public void removeDomains() throws Exception {
        for (String uri : new String[] {LIBVIRT, System.getenv("STRATA_TEST_LIBVIRT_PEER_URI")}) {
            if (uri == null || uri.isBlank()) {
                continue;
            }
            String present = virshList(uri);
            for (String name : domains) {
                if (present.lines().anyMatch(name::equals)) {
                    run(uri, "destroy", name);
                    run(uri, "undefine", name);
                }
            }
        }
    }

    // ---- helpers

    /**
     * The inventory host for a libvirt URI, added on first use. One per URI: two inventory hosts on the same
     * daemon would both see its VMs, and a VM belongs to one host.
     */
    protected String hostFor(String uri) throws Exception {
        for (JsonNode h : parse(get("/api/v1/hosts?limit=500")).path("items")) {
            if (uri.equals(h.path("address").asText())
                    && "kvm".equals(h.path("driverId").asText())) {
                return h.path("id").asText();
            }
        }
        return addHost("e2e-" + shortId(), uri);
    }

    protected String addHost(String name, String uri) throws Exception {
        String id = addHost(name, uri, "kvm");
        // The first contact fills in the host's facts; refresh makes it happen now.
        succeeded(post("/api/v1/hosts/" + id + "/refresh", ""));
        return id;
    }

    protected String addHost(String name, String uri, String driverId) throws Exception {
        String datacenter = parse(get("/api/v1/datacenters"))
                .path("items")
                .get(0)
                .path("id")
                .asText();
        HttpResponse<String> created = post(
                "/api/v1/hosts",
                "{\"name\":\"" + name + "\",\"datacenterId\":\"" + datacenter + "\",\"driverId\":\"" + driverId
                        + "\",\"address\":\"" + uri + "\"}");
        assertEquals(created.body(), 201, created.statusCode());
        return parse(created).path("id").asText();
    }

    protected String createVm(String host, String name) throws Exception {
        JsonNode task = succeeded(post(
                "/api/v1/vms",
                "{\"hostId\":\"" + host + "\",\"spec\":{\"name\":\"" + name
                        + "\",\"cpus\":1,\"memoryMb\":64,\"serialConsole\":true}}"));
        String vm = task.path("result").asText();
        assertFalse(task.toString(), vm.isEmpty());
        return vm;
    }

    protected void awaitVmState(String vm, String state) throws Exception {
        await(
                "VM " + vm + " is " + state + " in the inventory",
                () -> state.equals(parse(get("/api/v1/vms/" + vm)).path("state").asText()));
    }

    protected static String virshList(String uri) throws Exception {
        return virsh(uri, "list", "--all", "--name");
    }

    /** Runs virsh, the independent witness, and returns what it printed; fails on a non-zero exit. */
    protected static String virsh(String uri, String... args) throws Exception {
        return program(virshCommand(uri, args), Map.of());
    }

    /** Runs virsh and returns its outcome, whatever it is (for clean-up). */
    protected static ProgramResult run(String uri, String... args) throws Exception {
        return execute(virshCommand(uri, args), Map.of());
    }

    /** Runs a program of this machine (qemu-img); fails unless it exits with 0. */
    protected static String program(String... command) throws Exception {
        return program(List.of(command), Map.of());
    }

    private static List<String> virshCommand(String uri, String... args) {
        List<String> command = new ArrayList<>(List.of("virsh", "-q", "-c", uri));
        command.addAll(List.of(args));
        return command;
    }

    protected static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
