package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Live migration through the REST API between two real libvirt daemons: the one of this machine and a second
 * one in its own network namespace (tools/test-env/libvirtd-peer.sh), which libvirt sees as another host.
 * {@code ./strata test} sets STRATA_TEST_LIBVIRT_PEER_URI; without it the build leaves this class out.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LibvirtMigrationIT extends LibvirtTestSupport {

    private static final String PEER = System.getenv("STRATA_TEST_LIBVIRT_PEER_URI");

    @Test
    public void aRunningVmMigratesLiveToTheOtherHost() throws Exception {
        assertTrue("STRATA_TEST_LIBVIRT_PEER_URI names a second libvirtd", PEER != null && !PEER.isBlank());
        String source = hostFor(LIBVIRT);
        String target = hostFor(PEER);
        String name = domainName("e2e-mig");
        String vm = createVm(source, name);
        succeeded(post("/api/v1/vms/" + vm + "/actions/start", ""));

        JsonNode task = succeeded(post("/api/v1/vms/" + vm + "/migrate", "{\"targetHostId\":\"" + target + "\"}"));
        assertEquals(100, task.path("progress").asInt());
        assertEquals("running", virsh(PEER, "domstate", vm).trim());
        assertFalse("gone from the source", virshList(LIBVIRT).contains(name));
        JsonNode moved = parse(get("/api/v1/vms/" + vm));
        assertEquals(target, moved.path("hostId").asText());
        assertEquals("RUNNING", moved.path("state").asText());

        succeeded(post("/api/v1/vms/" + vm + "/actions/poweroff", ""));
        succeeded(delete("/api/v1/vms/" + vm));
        assertFalse(virshList(PEER).contains(name));
    }
}
