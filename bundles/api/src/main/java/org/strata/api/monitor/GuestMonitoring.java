package org.strata.api.monitor;

import java.util.List;
import org.strata.api.StrataException;

/**
 * What the guest sampler keeps of running VMs' guests (since 2.1): the last answer of each VM's guest agent and the
 * recent use of its file systems, and which VMs' guests report an IP address. Read from memory, no hypervisor call.
 *
 * <p>The sampler also raises events (subject type {@code vm}): {@code GUEST_FILESYSTEM_FULL} (WARNING) when a file
 * system's use reaches {@code guest.filesystem.full.percent}, {@code GUEST_FILESYSTEM_CLEARED} (INFO) when it is back
 * below that less {@code guest.filesystem.hysteresis.percent}; {@code GUEST_AGENT_SILENT} (WARNING) when an agent that
 * answered has not answered for {@code guest.silent.rounds} rounds while its VM runs, {@code GUEST_AGENT_BACK} (INFO)
 * when it answers again. One event per change, never one per round. Methods throw {@link StrataException} only.
 */
public interface GuestMonitoring {

    /**
     * The VM's last guest sample; a VM not sampled yet (it does not run, its host's driver cannot ask agents, sampling
     * is off) has one with a null {@code at} and the reason. 404 for an unknown VM.
     */
    GuestSample sample(String vmId);

    /**
     * The ids of the VMs whose guest reported this IP address at its last answer (the text as the agent gives it,
     * IPv6 compared without regard to case), in no order; empty when none did.
     */
    List<String> vmsWithAddress(String address);
}
