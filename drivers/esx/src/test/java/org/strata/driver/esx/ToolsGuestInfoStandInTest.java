package org.strata.driver.esx;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.strata.spi.hypervisor.GuestInfo;
import org.strata.vsphere.vim.ParsedReply;

/**
 * The parts of VMware Tools' report that vcsim cannot be made to give (disks, addresses with prefix lengths, a
 * Windows guest), read from a hand-written stand-in of a {@code guest} property in vim25's schema: no ESX with a
 * running guest can run here. What vcsim does give is tested against it in {@link EsxDriverTest}.
 */
public class ToolsGuestInfoStandInTest {

    private static final String GUEST = "<guest xmlns=\"urn:vim25\">"
            + "<toolsStatus>toolsOk</toolsStatus><toolsRunningStatus>guestToolsRunning</toolsRunningStatus>"
            + "<guestId>rhel9_64Guest</guestId><guestFullName>Red Hat Enterprise Linux 9 (64-bit)</guestFullName>"
            + "<hostName>db-1.example</hostName><ipAddress>192.0.2.10</ipAddress>"
            + "<net><network>VM Network</network><ipAddress>192.0.2.10</ipAddress><ipAddress>fe80::1</ipAddress>"
            + "<macAddress>00:50:56:AB:CD:EF</macAddress><connected>true</connected><deviceConfigId>4000</deviceConfigId>"
            + "<ipConfig><ipAddress><ipAddress>192.0.2.10</ipAddress><prefixLength>24</prefixLength></ipAddress>"
            + "<ipAddress><ipAddress>fe80::1</ipAddress><prefixLength>64</prefixLength></ipAddress></ipConfig></net>"
            + "<net><ipAddress>172.17.0.1</ipAddress><connected>true</connected><deviceConfigId>-1</deviceConfigId></net>"
            + "<disk><diskPath>/</diskPath><capacity>10000</capacity><freeSpace>1000</freeSpace>"
            + "<filesystemType>XFS</filesystemType></disk>"
            + "<disk><diskPath>/boot</diskPath><capacity>500</capacity></disk>"
            + "</guest>";

    @Test
    public void aRunningGuestsReportIsMappedWhole() {
        GuestInfo guest = ToolsGuestInfo.read("poweredOn", ParsedReply.of(GUEST));
        assertTrue(guest.agentAnswered());
        assertEquals(
                Map.of(
                        "id", "rhel",
                        "version-id", "9",
                        "pretty-name", "Red Hat Enterprise Linux 9 (64-bit)",
                        "name", "Red Hat Enterprise Linux 9"),
                guest.os());
        assertEquals("db-1.example", guest.hostname());
        assertEquals(
                List.of(
                        new GuestInfo.Interface(
                                "nic-4000",
                                "00:50:56:ab:cd:ef",
                                List.of(new GuestInfo.Address("192.0.2.10", 24), new GuestInfo.Address("fe80::1", 64))),
                        new GuestInfo.Interface("guest-nic-1", null, List.of(new GuestInfo.Address("172.17.0.1", 32)))),
                guest.interfaces());
        assertEquals(
                List.of(
                        new GuestInfo.FileSystem("/", "xfs", 10000, 9000),
                        new GuestInfo.FileSystem("/boot", "", 500, -1)),
                guest.fileSystems());
        assertEquals(90.0, guest.fileSystems().get(0).usedPercent(), 0.001);
        assertTrue(guest.users().isEmpty());
        assertEquals(null, guest.timezone());
    }

    @Test
    public void toolsThatDoNotRunOrAVmThatDoesNotRunGiveNoAgentWithTheReason() {
        GuestInfo notRunning = ToolsGuestInfo.read(
                "poweredOn",
                ParsedReply.of("<guest xmlns=\"urn:vim25\"><toolsStatus>toolsNotRunning</toolsStatus>"
                        + "<toolsRunningStatus>guestToolsNotRunning</toolsRunningStatus></guest>"));
        assertFalse(notRunning.agentAnswered());
        assertEquals("VMware Tools are not running in the guest (guestToolsNotRunning)", notRunning.reason());
        GuestInfo off = ToolsGuestInfo.read("suspended", ParsedReply.of(GUEST));
        assertFalse(off.agentAnswered());
        assertTrue(off.reason(), off.reason().contains("suspended"));
    }

    @Test
    public void onlyGuestIdsWhoseOsReleaseIdIsKnownNameTheId() {
        assertEquals(Map.of("id", "debian", "version-id", "12"), ToolsGuestInfo.os("debian12_64Guest", null));
        assertEquals(Map.of("id", "ubuntu"), ToolsGuestInfo.os("ubuntu64Guest", null));
        assertEquals(Map.of("id", "mswindows"), ToolsGuestInfo.os("windows2019srv_64Guest", null));
        assertEquals(Map.of(), ToolsGuestInfo.os("otherLinux64Guest", null));
        assertEquals(Map.of(), ToolsGuestInfo.os("other", null));
    }
}
