package org.strata.api.operation;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.strata.api.StrataException;
import org.strata.api.vm.VmState;

/** The catalogue of declared operations: constants, and the lookups every front end and core use. */
public final class Operations {

    /** How long a guest gets to shut down before it is powered off: a second to a day. */
    public static final OperationParameter TIMEOUT = new OperationParameter(
            "timeout",
            "seconds the guest gets to shut down before it is powered off (default: the platform's setting)",
            1,
            86_400);

    private static final Set<VmState> RUNNING = EnumSet.of(VmState.RUNNING);

    public static final Operation VM_START =
            vm("start", "power the VM on", EnumSet.of(VmState.STOPPED, VmState.CRASHED), "VM_POWER");
    public static final Operation VM_SHUTDOWN = new Operation(
            OperationTarget.VM,
            "shutdown",
            "ask the guest to shut down; power it off when it has not within the time-out",
            List.of(TIMEOUT),
            RUNNING,
            "VM_POWER",
            "vm.shutdown");
    public static final Operation VM_REBOOT = vm("reboot", "ask the guest to restart", RUNNING, "VM_POWER");
    public static final Operation VM_RESET = vm("reset", "hard reset, without asking the guest", RUNNING, "VM_POWER");
    public static final Operation VM_SUSPEND = vm("suspend", "pause the VM, keeping its memory", RUNNING, "VM_SUSPEND");
    public static final Operation VM_RESUME = vm(
            "resume", "resume a paused or suspended VM", EnumSet.of(VmState.PAUSED, VmState.SUSPENDED), "VM_SUSPEND");
    public static final Operation VM_POWEROFF = vm(
            "poweroff",
            "cut the VM's power at once",
            EnumSet.of(VmState.RUNNING, VmState.PAUSED, VmState.SUSPENDED, VmState.CRASHED),
            "VM_POWER");

    public static final Operation MACHINE_ON = machine("on", "power the machine on");
    public static final Operation MACHINE_OFF = machine("off", "cut the machine's power");
    public static final Operation MACHINE_SOFTOFF = machine("softoff", "ask the operating system to shut down");
    public static final Operation MACHINE_CYCLE = machine("cycle", "power off, then on");
    public static final Operation MACHINE_RESET = machine("reset", "hard reset");
    public static final Operation MACHINE_IDENTIFY = machine("identify", "blink the chassis identify light");

    private static final List<Operation> ALL = List.of(
            VM_START,
            VM_SHUTDOWN,
            VM_REBOOT,
            VM_RESET,
            VM_SUSPEND,
            VM_RESUME,
            VM_POWEROFF,
            hostVm(VM_START),
            hostVm(VM_SHUTDOWN),
            hostVm(VM_POWEROFF),
            MACHINE_ON,
            MACHINE_OFF,
            MACHINE_SOFTOFF,
            MACHINE_CYCLE,
            MACHINE_RESET,
            MACHINE_IDENTIFY);

    private Operations() {}

    /** Every declared operation, in the order users see them listed. */
    public static List<Operation> all() {
        return ALL;
    }

    /** The operations on one kind of target, in the order users see them listed. */
    public static List<Operation> of(OperationTarget target) {
        return ALL.stream().filter(o -> o.target() == target).toList();
    }

    /** Their names, for completion and documentation. */
    public static List<String> names(OperationTarget target) {
        return of(target).stream().map(Operation::name).toList();
    }

    /** The operation of exactly that name (names are lower case; "Start" is no name, as the documents say). */
    public static Optional<Operation> find(OperationTarget target, String name) {
        return of(target).stream().filter(o -> o.name().equals(name)).findFirst();
    }

    /**
     * The operation named, or INVALID_INPUT saying which names there are. {@code what} is how the caller's
     * interfaces call the name ("action", "operation").
     */
    public static Operation require(OperationTarget target, String what, String name) {
        return find(target, name)
                .orElseThrow(() -> StrataException.invalid(what + " must be one of " + String.join(", ", names(target))
                        + ", was '" + shorten(name) + "'"));
    }

    /**
     * Checks a parameter given to an operation: it must apply to the operation and be within its bounds. A null
     * value (not given) always passes.
     */
    public static void checkParameter(Operation operation, OperationParameter parameter, Integer value) {
        if (value == null) {
            return;
        }
        if (operation.parameter(parameter.name()).isEmpty()) {
            List<String> takers = of(operation.target()).stream()
                    .filter(o -> o.parameter(parameter.name()).isPresent())
                    .map(Operation::name)
                    .toList();
            throw StrataException.invalid("'" + parameter.name() + "' applies to the "
                    + (takers.size() == 1 ? "action " + takers.get(0) : "actions " + String.join(", ", takers))
                    + " only");
        }
        if (!parameter.accepts(value)) {
            throw StrataException.invalid("'" + parameter.name() + "' must be between " + parameter.min() + " and "
                    + parameter.max() + ", was " + value);
        }
    }

    /** The states that allow an operation, as users read them ("RUNNING or PAUSED"). */
    public static String statesInWords(Operation operation) {
        return operation.allowedStates().stream().sorted().map(Enum::name).collect(Collectors.joining(" or "));
    }

    private static String shorten(String name) {
        if (name == null) {
            return "";
        }
        return name.length() > 40 ? name.substring(0, 40) + "..." : name;
    }

    private static Operation vm(String name, String summary, Set<VmState> states, String capability) {
        return new Operation(OperationTarget.VM, name, summary, List.of(), states, capability, "vm." + name);
    }

    /** The older host-scoped form of a VM operation: the same rules, the same task. */
    private static Operation hostVm(Operation vm) {
        return new Operation(
                OperationTarget.HOST_VM,
                vm.name(),
                vm.summary(),
                List.of(),
                vm.allowedStates(),
                vm.capability(),
                vm.task());
    }

    private static Operation machine(String name, String summary) {
        return new Operation(
                OperationTarget.MACHINE, name, summary, List.of(), Set.of(), "POWER_CONTROL", "hardware.power." + name);
    }
}
