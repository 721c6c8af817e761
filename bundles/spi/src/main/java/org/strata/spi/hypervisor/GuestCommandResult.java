package org.strata.spi.hypervisor;

/**
 * How a program run in a guest ended ({@link HypervisorSession#guestExec}, since 2.4).
 *
 * @param exitCode  its exit status (0: success); a program ended by a signal gives 128 plus the signal's number
 * @param output    its standard output as UTF-8 text, possibly cut (see {@code truncated})
 * @param error     its standard error as UTF-8 text, possibly cut
 * @param truncated whether the agent cut either output (QEMU's agent keeps 16 MiB of each)
 */
public record GuestCommandResult(int exitCode, String output, String error, boolean truncated) {

    public GuestCommandResult {
        output = output == null ? "" : output;
        error = error == null ? "" : error;
    }

    /** Whether it exited with status 0. */
    public boolean succeeded() {
        return exitCode == 0;
    }
}
