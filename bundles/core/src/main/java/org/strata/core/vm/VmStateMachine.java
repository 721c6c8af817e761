package org.strata.core.vm;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.strata.api.StrataException;
import org.strata.api.operation.Operation;
import org.strata.api.operation.OperationTarget;
import org.strata.api.operation.Operations;
import org.strata.api.vm.VmState;

/**
 * Which actions each power state allows. Checked before any task starts, so that an impossible request
 * (start a running VM) is a 409 at once instead of a failed task, and the hypervisor is never asked.
 */
public final class VmStateMachine {

    private static final Set<VmState> ANY = EnumSet.allOf(VmState.class);
    private static final Map<VmAction, Set<VmState>> ALLOWED = allowed();

    private VmStateMachine() {}

    private static Map<VmAction, Set<VmState>> allowed() {
        Map<VmAction, Set<VmState>> map = new EnumMap<>(VmAction.class);
        // The lifecycle actions as declared; the rest are changes the declarations do not cover.
        for (Operation operation : Operations.of(OperationTarget.VM)) {
            map.put(VmAction.of(operation), operation.allowedStates());
        }
        map.put(VmAction.UPDATE, EnumSet.of(VmState.STOPPED, VmState.CRASHED));
        map.put(VmAction.DELETE, EnumSet.of(VmState.STOPPED, VmState.CRASHED));
        map.put(VmAction.MIGRATE, EnumSet.of(VmState.RUNNING));
        // Whether a device change needs hot-plug is a capability question, asked separately.
        map.put(VmAction.DEVICE, ANY);
        map.replaceAll((action, states) -> Set.copyOf(states));
        return Map.copyOf(map);
    }

    public static boolean allows(VmAction action, VmState state) {
        return ALLOWED.get(action).contains(state);
    }

    /** The states in which {@code action} is allowed. */
    public static Set<VmState> statesFor(VmAction action) {
        return ALLOWED.get(action);
    }

    /** @throws StrataException CONFLICT naming the state when it does not allow the action */
    public static void check(VmAction action, VmState state, String vmName) {
        if (!allows(action, state)) {
            throw StrataException.conflict("cannot " + action.word() + " VM '" + vmName + "' while it is " + state
                    + "; allowed when "
                    + ALLOWED.get(action).stream().sorted().map(Enum::name).collect(Collectors.joining(" or ")));
        }
    }

    /** Whether a VM in this state counts as running for device changes (hot-plug rather than a definition edit). */
    public static boolean isLive(VmState state) {
        return state != VmState.STOPPED && state != VmState.CRASHED;
    }
}
