package org.strata.ipmi.lan;

import org.strata.spi.DriverException;
import org.strata.spi.Fault;

/** A BMC answered a request with a completion code other than success; the message says it in words. */
public final class IpmiCompletionException extends DriverException {
    private static final long serialVersionUID = 1L;

    private final int code;

    public IpmiCompletionException(int code, BmcAddress address, int netFn, int cmd) {
        super(
                Fault.DRIVER_FAILURE,
                String.format(
                        "the BMC at %s answered request 0x%02x/0x%02x with: %s (0x%02x)",
                        address, netFn, cmd, CompletionCodes.describe(code), code));
        this.code = code;
    }

    public int code() {
        return code;
    }
}
