package org.strata.core.vm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.ErrorCode;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.event.Event;
import org.strata.api.inventory.Host;
import org.strata.api.task.Task;
import org.strata.api.task.TaskState;
import org.strata.api.vm.GuestPrograms.GuestProgramResult;
import org.strata.api.vm.VmSpec;
import org.strata.core.CoreTestbed;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.hypervisor.GuestCommand;
import org.strata.spi.hypervisor.GuestCommandResult;

/**
 * Programs in guests through core, against the in-memory hypervisor stand-in of core's tests (a guest agent cannot
 * run here; the KVM driver's end-to-end test runs real programs in a real guest): the checks before the driver is
 * asked, the command the driver gets, its faults as API errors, and the event each run leaves, with the program's
 * path and never its input or output.
 */
public class GuestProgramRunnerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private CoreTestbed bed;
    private GuestProgramRunner programs;
    private Host host;

    @Before
    public void open() {
        bed = new CoreTestbed(folder.getRoot().toPath().resolve("key"));
        programs = new GuestProgramRunner(bed.vms, bed.sessions, bed.events);
        host = bed.addHost("h1", "mem://a");
    }

    @After
    public void close() {
        bed.close();
    }

    private String runningVm() throws Exception {
        Task created = bed.await(bed.vms.create(host.id(), VmSpec.of("db", 1, 512), "alice"));
        assertEquals(created.errorMessage(), TaskState.SUCCEEDED, created.state());
        String id = created.result();
        Task started = bed.await(bed.vms.act(id, "start", null, "alice"));
        assertEquals(started.errorMessage(), TaskState.SUCCEEDED, started.state());
        return id;
    }

    private static void refused(ErrorCode code, Runnable call) {
        StrataException e = assertThrows(StrataException.class, call::run);
        assertEquals(e.getMessage(), code, e.code());
    }

    @Test
    public void runsTheProgramInTheRunningGuestAndRecordsItsPathOnly() throws Exception {
        String id = runningVm();
        AtomicReference<GuestCommand> asked = new AtomicReference<>();
        bed.driver.host("mem://a").programs = command -> {
            asked.set(command);
            return new GuestCommandResult(3, "secret output\n", "warning\n", true);
        };
        GuestProgramResult result = programs.run(
                id, List.of("/usr/bin/dpkg-query", "-W", "--password=hunter2"), "secret input", TIMEOUT, "alice");
        assertEquals(new GuestProgramResult(3, "secret output\n", "warning\n", true), result);
        assertEquals(
                new GuestCommand("/usr/bin/dpkg-query", List.of("-W", "--password=hunter2"), "secret input", TIMEOUT),
                asked.get());

        List<Event> runs = bed.events.events(id, PageRequest.first()).items().stream()
                .filter(e -> e.type().equals(GuestProgramRunner.EVENT))
                .toList();
        assertEquals(runs.toString(), 1, runs.size());
        String message = runs.get(0).message();
        assertTrue(message, message.contains("alice") && message.contains("/usr/bin/dpkg-query"));
        assertTrue(message, message.contains("exit status 3"));
        for (String hidden : List.of("hunter2", "secret", "-W")) {
            assertFalse("no arguments, input or output: " + message, message.contains(hidden));
        }
    }

    @Test
    public void refusesBeforeAskingTheDriverAndMapsItsFaults() throws Exception {
        refused(ErrorCode.NOT_FOUND, () -> programs.run("no-such-vm", List.of("/bin/true"), null, TIMEOUT, "alice"));
        Task created = bed.await(bed.vms.create(host.id(), VmSpec.of("off", 1, 512), "alice"));
        String stopped = created.result();
        bed.driver.host("mem://a").programs = command -> new GuestCommandResult(0, "", "", false);
        refused(ErrorCode.CONFLICT, () -> programs.run(stopped, List.of("/bin/true"), null, TIMEOUT, "alice"));

        String id = runningVm();
        refused(ErrorCode.INVALID_INPUT, () -> programs.run(id, List.of(), null, TIMEOUT, "alice"));
        refused(ErrorCode.INVALID_INPUT, () -> programs.run(id, List.of("true"), null, TIMEOUT, "alice"));
        refused(ErrorCode.INVALID_INPUT, () -> programs.run(id, List.of("/bin/true"), null, Duration.ZERO, "alice"));

        bed.driver.host("mem://a").programs = command -> {
            throw new DriverException(Fault.DRIVER_FAILURE, "the guest agent refused to run " + command.path());
        };
        refused(ErrorCode.DRIVER_FAILURE, () -> programs.run(id, List.of("/no/such"), null, TIMEOUT, "alice"));
        assertTrue(bed.events.events(id, PageRequest.first()).items().stream()
                .anyMatch(e -> e.type().equals(GuestProgramRunner.EVENT)
                        && e.severity() == Event.Severity.WARNING
                        && e.message().contains("/no/such")));

        bed.driver.host("mem://a").programs = null;
        refused(ErrorCode.UNSUPPORTED, () -> programs.run(id, List.of("/bin/true"), null, TIMEOUT, "alice"));
    }
}
