package org.strata.vsphere.vim;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.strata.vsphere.testkit.BrokenServer;
import org.strata.vsphere.testkit.Vcsim;

/** The vim25 client against a real vSphere API simulator (govmomi's vcsim), and its reply parser on its own. */
public class VimConnectionTest {

    private static Vcsim vcenter;
    private static final HttpClient HTTP = VimConnection.httpClient(TlsPolicy.VERIFY, Duration.ofSeconds(5));

    @BeforeClass
    public static void start() throws Exception {
        vcenter = Vcsim.start("-cluster-hosts", "3", "-standalone-hosts", "0", "-vms", "120");
    }

    @AfterClass
    public static void stop() throws Exception {
        if (vcenter != null) {
            vcenter.close();
        }
    }

    private static VimConnection loggedIn() {
        VimConnection vim = VimConnection.open(HTTP, vcenter.url(), Duration.ofSeconds(10));
        vim.login(Vcsim.USER, Vcsim.PASSWORD.toCharArray());
        return vim;
    }

    @Test
    public void theServiceContentSaysWhatTheServerIs() {
        try (VimConnection vim = VimConnection.open(HTTP, vcenter.url(), Duration.ofSeconds(10))) {
            assertTrue(vim.isVCenter());
            assertTrue(vim.fullName(), vim.fullName().startsWith("VMware vCenter Server"));
            assertNotNull(vim.service("propertyCollector"));
            assertEquals("Folder", vim.service("rootFolder").type());
        }
    }

    @Test
    public void aRefusedLoginIsAnInvalidLoginFault() {
        try (VimConnection vim = VimConnection.open(HTTP, vcenter.url(), Duration.ofSeconds(10))) {
            vim.login(Vcsim.USER, "wrong".toCharArray());
            fail("logged in with a wrong password");
        } catch (VimFault e) {
            assertEquals("InvalidLogin", e.faultType());
            assertFalse(e.unreachable());
            assertTrue("the server's own fault type", e.reported());
        }
    }

    @Test
    public void everyVmOfTheVCenterIsRetrievedAcrossPages() {
        try (VimConnection vim = loggedIn()) {
            MoRef view = vim.invoke(
                            "CreateContainerView",
                            vim.service("viewManager"),
                            VimElement.el("container", vim.service("rootFolder")),
                            VimElement.el("type", "VirtualMachine"),
                            VimElement.el("recursive", true))
                    .moRef();
            List<ObjectContent> vms = vim.retrieve(VimElement.el(
                    "specSet",
                    VimElement.el(
                            "propSet",
                            VimElement.el("type", "VirtualMachine"),
                            VimElement.el("pathSet", "name"),
                            VimElement.el("pathSet", "config.uuid")),
                    VimElement.el(
                            "objectSet",
                            VimElement.el("obj", view),
                            VimElement.el("skip", true),
                            VimElement.el(
                                            "selectSet",
                                            VimElement.el("name", "view"),
                                            VimElement.el("type", "ContainerView"),
                                            VimElement.el("path", "view"),
                                            VimElement.el("skip", false))
                                    .typed("TraversalSpec"))));
            assertEquals(120, vms.size());
            assertTrue(vms.stream()
                    .allMatch(
                            v -> v.text("config.uuid") != null && v.obj().type().equals("VirtualMachine")));
        }
    }

    @Test
    public void aDroppedSessionLogsInAgainOnce() {
        try (VimConnection vim = loggedIn()) {
            MoRef root = vim.service("rootFolder");
            assertNotNull(vim.properties(root, "name"));
            // The server forgets the session (as vCenter does after 30 idle minutes).
            vim.invoke("Logout", vim.service("sessionManager"));
            assertEquals("Datacenters", vim.properties(root, "name").text("name"));
        }
    }

    @Test
    public void anUnknownObjectIsManagedObjectNotFound() {
        try (VimConnection vim = loggedIn()) {
            vim.invoke("PowerOnVM_Task", new MoRef("VirtualMachine", "vm-does-not-exist"));
            fail("powered on nothing");
        } catch (VimFault e) {
            assertEquals("ManagedObjectNotFound", e.faultType());
        }
    }

    @Test
    public void nothingListeningIsUnreachable() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try {
            VimConnection.open(HTTP, java.net.URI.create("http://127.0.0.1:" + port + "/sdk"), Duration.ofSeconds(2));
            fail("opened a connection to nothing");
        } catch (VimFault e) {
            assertTrue(e.unreachable());
            // This JDK's HttpClient reports the refusal as a ClosedChannelException without a message, whose class
            // name was the whole reason users saw.
            assertEquals("127.0.0.1:" + port + " did not answer: connection refused", e.getMessage());
            assertFalse("the client's own fault type is not vSphere's vocabulary", e.reported());
        }
    }

    @Test
    public void aServerThatClosesTheConnectionIsSaidInWords() throws Exception {
        try (BrokenServer peer = BrokenServer.start(BrokenServer.Behaviour.CLOSES)) {
            VimFault e =
                    assertThrows(VimFault.class, () -> VimConnection.open(HTTP, peer.sdk(), Duration.ofSeconds(5)));
            assertTrue(e.unreachable());
            assertEquals(peer.authority() + " did not answer: the connection was closed", e.getMessage());
        }
    }

    @Test
    public void aServerThatNeverAnswersTimesOutWithTheLimitSaid() throws Exception {
        try (BrokenServer peer = BrokenServer.start(BrokenServer.Behaviour.STAYS_SILENT)) {
            VimFault e =
                    assertThrows(VimFault.class, () -> VimConnection.open(HTTP, peer.sdk(), Duration.ofMillis(300)));
            assertTrue(e.unreachable());
            assertEquals(peer.authority() + " did not answer: timed out after 300 ms", e.getMessage());
        }
    }

    @Test
    public void repliesWithADoctypeAreRefused() {
        String evil = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>";
        try {
            new Replies().parse(new ByteArrayInputStream(evil.getBytes(StandardCharsets.UTF_8)));
            fail("parsed a reply with a DTD");
        } catch (Exception expected) {
            assertFalse(String.valueOf(expected.getMessage()).contains("root:"));
        }
    }

    @Test
    public void requestsEscapeTextAndKeepReferencesAndTypes() {
        VimElement x = VimElement.el(
                "spec",
                VimElement.el("name", "a<b & \"c\""),
                VimElement.el("host", new MoRef("HostSystem", "host-1")),
                VimElement.el("device").typed("VirtualDisk"),
                null);
        assertEquals(
                "<spec><name>a&lt;b &amp; &quot;c&quot;</name><host type=\"HostSystem\">host-1</host>"
                        + "<device xsi:type=\"VirtualDisk\"></device></spec>",
                x.toString());
    }
}
