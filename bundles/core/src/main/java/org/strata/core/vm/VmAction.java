package org.strata.core.vm;

import java.util.Locale;
import java.util.Optional;

/** What can be done to a VM, as far as its power state is concerned. */
public enum VmAction {
    START, SHUTDOWN, REBOOT, RESET, SUSPEND, RESUME, POWEROFF, UPDATE, DELETE, MIGRATE, DEVICE;

    /** The lifecycle action a caller names ("start", "poweroff"); empty for anything else. */
    public static Optional<VmAction> lifecycle(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "start" -> Optional.of(START);
            case "shutdown" -> Optional.of(SHUTDOWN);
            case "reboot" -> Optional.of(REBOOT);
            case "reset" -> Optional.of(RESET);
            case "suspend" -> Optional.of(SUSPEND);
            case "resume" -> Optional.of(RESUME);
            case "poweroff" -> Optional.of(POWEROFF);
            default -> Optional.empty();
        };
    }

    /** The word callers use for it, for messages and task names. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
