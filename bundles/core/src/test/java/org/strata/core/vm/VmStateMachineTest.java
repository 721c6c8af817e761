package org.strata.core.vm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.Test;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.operation.Operation;
import org.strata.api.operation.OperationTarget;
import org.strata.api.operation.Operations;
import org.strata.api.vm.VmState;

public class VmStateMachineTest {

    /** The table the issue asks for, written out independently of the implementation. */
    private static final Map<VmAction, Set<VmState>> EXPECTED = Map.ofEntries(
            Map.entry(VmAction.START, EnumSet.of(VmState.STOPPED, VmState.CRASHED)),
            Map.entry(VmAction.SHUTDOWN, EnumSet.of(VmState.RUNNING)),
            Map.entry(VmAction.REBOOT, EnumSet.of(VmState.RUNNING)),
            Map.entry(VmAction.RESET, EnumSet.of(VmState.RUNNING)),
            Map.entry(VmAction.SUSPEND, EnumSet.of(VmState.RUNNING)),
            Map.entry(VmAction.RESUME, EnumSet.of(VmState.PAUSED, VmState.SUSPENDED)),
            Map.entry(
                    VmAction.POWEROFF, EnumSet.of(VmState.RUNNING, VmState.PAUSED, VmState.SUSPENDED, VmState.CRASHED)),
            Map.entry(VmAction.UPDATE, EnumSet.of(VmState.STOPPED, VmState.CRASHED)),
            Map.entry(VmAction.DELETE, EnumSet.of(VmState.STOPPED, VmState.CRASHED)),
            Map.entry(VmAction.MIGRATE, EnumSet.of(VmState.RUNNING)),
            Map.entry(VmAction.DEVICE, EnumSet.allOf(VmState.class)));

    @Test
    public void everyActionInEveryStateIsAllowedOrRefusedAsSpecified() {
        int allowed = 0;
        int refused = 0;
        for (VmAction action : VmAction.values()) {
            for (VmState state : VmState.values()) {
                boolean expected = EXPECTED.get(action).contains(state);
                assertEquals(action + " in " + state, expected, VmStateMachine.allows(action, state));
                if (expected) {
                    VmStateMachine.check(action, state, "web");
                    allowed++;
                } else {
                    StrataException e =
                            assertThrows(StrataException.class, () -> VmStateMachine.check(action, state, "web"));
                    assertEquals(ErrorCode.CONFLICT, e.code());
                    assertTrue(e.getMessage(), e.getMessage().contains("while it is " + state));
                    assertTrue(e.getMessage(), e.getMessage().contains("'web'"));
                    refused++;
                }
            }
        }
        assertEquals((long) VmAction.values().length * VmState.values().length, allowed + refused);
        assertEquals(23, allowed); // 2+1+1+1+1+2+4+2+2+1 and every state for devices
    }

    @Test
    public void refusalsSayWhenTheActionWouldBeAllowed() {
        StrataException e =
                assertThrows(StrataException.class, () -> VmStateMachine.check(VmAction.START, VmState.RUNNING, "web"));
        assertEquals("cannot start VM 'web' while it is RUNNING; allowed when STOPPED or CRASHED", e.getMessage());
    }

    @Test
    public void lifecycleWordsAreTheDeclaredOperationsAndOthersAreNot() {
        assertEquals(VmAction.POWEROFF, VmAction.of(Operations.require(OperationTarget.VM, "action", "poweroff")));
        assertEquals(VmAction.START, VmAction.of(Operations.require(OperationTarget.VM, "action", "start")));
        assertTrue(Operations.find(OperationTarget.VM, "delete").isEmpty());
        assertTrue(Operations.find(OperationTarget.VM, "migrate").isEmpty());
        assertTrue(Operations.find(OperationTarget.VM, null).isEmpty());
        assertTrue(
                "names are exact", Operations.find(OperationTarget.VM, "Start").isEmpty());
        assertEquals(
                "action must be one of start, shutdown, reboot, reset, suspend, resume, poweroff, was 'fly'",
                assertThrows(StrataException.class, () -> Operations.require(OperationTarget.VM, "action", "fly"))
                        .getMessage());
    }

    @Test
    public void everyDeclaredOperationNeedsACapabilityTheSpiHasAndStatesTheMachineKnows() {
        for (Operation operation : Operations.all()) {
            org.strata.spi.Capability.valueOf(operation.capability());
            if (operation.target() != OperationTarget.MACHINE) {
                assertEquals(
                        operation.name(), operation.allowedStates(), VmStateMachine.statesFor(VmAction.of(operation)));
                assertTrue(operation.name(), !operation.allowedStates().isEmpty());
            }
        }
    }

    @Test
    public void onlyStoppedAndCrashedVmsAreDeviceChangesWithoutHotPlug() {
        for (VmState state : VmState.values()) {
            assertEquals(
                    state.toString(),
                    state != VmState.STOPPED && state != VmState.CRASHED,
                    VmStateMachine.isLive(state));
        }
    }
}
