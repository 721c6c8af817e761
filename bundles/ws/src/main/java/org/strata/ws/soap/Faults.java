package org.strata.ws.soap;

import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.ws.layer.Layers;

/**
 * Runs an operation and turns whatever it throws into a {@link StrataFault}: the API's exceptions
 * keep their code and message; anything else is a bug, reported by reference only.
 */
final class Faults {
    private static final Logger LOG = LoggerFactory.getLogger(Faults.class);

    /** An operation body; may throw StrataFault itself (for example a refused role). */
    @FunctionalInterface
    interface Operation<T> {
        T run() throws StrataFault;
    }

    private Faults() {}

    static <T> T call(Operation<T> operation) throws StrataFault {
        try {
            return operation.run();
        } catch (StrataFault e) {
            throw e;
        } catch (StrataException e) {
            if (e.code().httpStatus() >= 500) {
                LOG.warn("SOAP operation failed with {}: {}", e.code(), e.getMessage(), e);
            }
            throw new StrataFault(e.code().name(), e.getMessage());
        } catch (RuntimeException | Error e) {
            if (Layers.notRunning(e)) {
                throw new StrataFault(ErrorCode.UNAVAILABLE.name(), Layers.message(e));
            }
            String reference = UUID.randomUUID().toString();
            LOG.error("internal error; reference {}", reference, e);
            throw new StrataFault(ErrorCode.INTERNAL.name(), "internal error; reference " + reference);
        }
    }
}
