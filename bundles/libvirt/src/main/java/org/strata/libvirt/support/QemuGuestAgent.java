package org.strata.libvirt.support;

import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The QEMU guest agent's file-system freeze, through libvirt's agent pass-through. A guest without an agent, a
 * driver without one (the test driver, Xen) or an agent that does not answer in time all read as "not frozen": a
 * snapshot is then taken unquiesced, which is what vSphere does too.
 */
final class QemuGuestAgent implements LibvirtSnapshots.GuestAgent {

    private static final Logger LOG = LoggerFactory.getLogger(QemuGuestAgent.class);
    private static final int TIMEOUT_SECONDS = 5;

    @Override
    public boolean freeze(Domain domain) {
        return command(domain, "guest-fsfreeze-freeze");
    }

    @Override
    public void thaw(Domain domain) {
        if (!command(domain, "guest-fsfreeze-thaw")) {
            LOG.warn("the guest agent did not confirm thawing the file systems after a snapshot");
        }
    }

    private static boolean command(Domain domain, String command) {
        try {
            String reply = domain.qemuAgentCommand("{\"execute\":\"" + command + "\"}", TIMEOUT_SECONDS, 0);
            return reply != null && reply.contains("\"return\"");
        } catch (LibvirtException | LinkageError | UnsupportedOperationException e) {
            // LinkageError: libvirt-qemu's library is not there; the agent is then as good as silent.
            return false;
        }
    }
}
