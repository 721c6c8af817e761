package org.strata.core.drivers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.engine.DriverFaultCodes;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.Reasons;

/**
 * Translates a driver's fault into the API's error, the single place where the SPI meets the API, and so where a
 * driver's message becomes what users read: in a REST or SOAP error, a host's state reason, a task's error, an event.
 */
public final class DriverFaults {

    private static final Logger LOG = LoggerFactory.getLogger(DriverFaults.class);

    private DriverFaults() {}

    public static ErrorCode code(DriverException e) {
        return DriverFaultCodes.code(e);
    }

    /**
     * The API's error for a driver's fault.
     *
     * @param subject what the driver was talking to, for the log (a host's name, a BMC's address)
     */
    public static StrataException toApi(DriverException e, String subject) {
        return new StrataException(code(e), message(e, subject), e);
    }

    /**
     * The driver's message as users may read it. Drivers are asked for words ({@link Reasons}), and the ones Strata
     * ships give them; this is the last line of defence for those that do not. A message that shows code (a Java
     * class name, a stack trace) has it said in words or taken out; one with nothing left, or none at all, is
     * replaced by what the fault means and, when the driver kept the exception it caught, what that says. The
     * driver's own message goes to the log with the subject, for whoever fixes the driver.
     *
     * @param subject what the driver was talking to, for the log (a host's name, a BMC's address)
     */
    public static String message(DriverException e, String subject) {
        String original = e.getMessage();
        if (original != null && !original.isBlank() && !Reasons.showsCode(original)) {
            return original;
        }
        String words = Reasons.inWords(original);
        if (words == null) {
            words = e.getCause() == null ? meaning(e.fault()) : meaning(e.fault()) + ": " + Reasons.of(e.getCause());
        }
        LOG.info(
                "The driver's message about {} was not in words ({}); users read \"{}\"",
                subject,
                original == null ? "none" : "\"" + original + "\"",
                words);
        LOG.debug("The driver's exception about {}", subject, e);
        return words;
    }

    private static String meaning(Fault fault) {
        return switch (fault) {
            case NOT_FOUND -> "not found";
            case UNSUPPORTED -> "not supported by the driver";
            case UNREACHABLE -> "the host did not answer";
            case AUTHENTICATION_FAILED -> "the host refused the credentials";
            case CONFLICT -> "not possible in the current state";
            case DRIVER_FAILURE -> "the driver failed";
            case INVALID -> "not a valid request for the driver";
        };
    }
}
