package org.strata.shell.command;

import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;
import org.strata.api.os.ProvisioningMethod;

/** What the OS commands share: provisioning methods as the shell writes them (network-install, image-deploy, ...). */
final class Os {

    private Os() {}

    /** The methods in their declared order, in the shell's words, comma-separated. */
    static String methods(Collection<ProvisioningMethod> methods) {
        return Arrays.stream(ProvisioningMethod.values())
                .filter(methods::contains)
                .map(Ha::word)
                .collect(Collectors.joining(", "));
    }
}
