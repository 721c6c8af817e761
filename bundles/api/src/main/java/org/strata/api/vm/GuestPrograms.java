package org.strata.api.vm;

import java.time.Duration;
import java.util.List;

/**
 * Programs run in a running VM's guest through its agent (since 2.5): how the layers above core read a guest's
 * installed software and patch it (the OS family driver names the programs). Not a web service: running any program
 * as root in any guest is more than an integrator's account should hold; the layers expose what they do with it
 * (scans, remediation), each a task with its own checks.
 *
 * <p>Failures are {@link org.strata.api.StrataException}: INVALID_INPUT for an argv without an absolute program or a
 * timeout that is not positive; NOT_FOUND for an unknown VM; CONFLICT when it does not run
 * or its agent does not answer (the hypervisor's reason in the message); UNSUPPORTED when its host's driver cannot run
 * programs in guests; DRIVER_FAILURE when the agent refuses the program or it did not end in time. A program that
 * exits non-zero is a result.
 */
public interface GuestPrograms {

    /**
     * Runs {@code argv} (the program's absolute path, then its arguments; no shell) in the VM's guest, with
     * {@code input} on its standard input (null: none), and waits at most {@code timeout} for it to end. Recorded as
     * an event on the VM ({@code VM_GUEST_PROGRAM}): who ran which program and how it exited, never its arguments,
     * input or output.
     */
    GuestProgramResult run(String vmId, List<String> argv, String input, Duration timeout, String principal);

    /**
     * How a guest program ended.
     *
     * @param exitCode  its exit status
     * @param output    its standard output (UTF-8), possibly cut
     * @param error     its standard error (UTF-8), possibly cut
     * @param truncated whether the agent cut either
     */
    record GuestProgramResult(int exitCode, String output, String error, boolean truncated) {}
}
