package org.strata.core.vm;

import java.util.Locale;
import org.strata.api.operation.Operation;
import org.strata.api.operation.OperationTarget;

/**
 * What can be done to a VM, as far as its power state is concerned: the declared lifecycle operations
 * ({@link org.strata.api.operation.Operations}) and the changes that are not lifecycle actions.
 */
public enum VmAction {
    START,
    SHUTDOWN,
    REBOOT,
    RESET,
    SUSPEND,
    RESUME,
    POWEROFF,
    UPDATE,
    DELETE,
    MIGRATE,
    DEVICE;

    /** The action of a declared VM operation. */
    public static VmAction of(Operation operation) {
        if (operation.target() != OperationTarget.VM && operation.target() != OperationTarget.HOST_VM) {
            throw new IllegalArgumentException("not a VM operation: " + operation);
        }
        return valueOf(operation.name().toUpperCase(Locale.ROOT));
    }

    /** The word callers use for it, for messages and task names. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
