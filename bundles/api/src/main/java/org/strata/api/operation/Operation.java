package org.strata.api.operation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.strata.api.vm.VmState;

/**
 * One operation, declared once.
 *
 * @param target        what it acts on
 * @param name          the word users give it ({@code start}, {@code softoff})
 * @param summary       one line for people (shell help, documentation)
 * @param parameters    the parameters that apply to it; any other is refused
 * @param allowedStates for VM operations, the power states that allow it (another state is a conflict, refused
 *                      before any task starts); empty for machine operations, which any state allows
 * @param capability    the name of the driver capability it needs ({@code org.strata.spi.Capability})
 * @param task          the operation name its task carries ({@code vm.start}, {@code hardware.power.on})
 */
public record Operation(
        OperationTarget target,
        String name,
        String summary,
        List<OperationParameter> parameters,
        Set<VmState> allowedStates,
        String capability,
        String task) {

    public Operation {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(task, "task");
        parameters = List.copyOf(parameters);
        allowedStates = Set.copyOf(allowedStates);
    }

    public Optional<OperationParameter> parameter(String parameterName) {
        return parameters.stream().filter(p -> p.name().equals(parameterName)).findFirst();
    }

    /** Whether a VM in {@code state} allows it; always true for operations without a state rule. */
    public boolean allowedIn(VmState state) {
        return allowedStates.isEmpty() || allowedStates.contains(state);
    }
}
