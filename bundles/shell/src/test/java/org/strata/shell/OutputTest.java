package org.strata.shell;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.karaf.shell.support.table.ShellTable;
import org.junit.Test;
import org.strata.api.ErrorCode;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.task.Task;
import org.strata.api.task.TaskState;

public class OutputTest {

    @Test
    public void footerShowsOneBasedRangeAndTotal() {
        assertEquals("Showing 1-3 of 3", Output.footer(new Page<>(List.of("a", "b", "c"), 0, 50, 3)));
        assertEquals(
                "Showing 51-100 of 120",
                Output.footer(new Page<>(java.util.Collections.nCopies(50, "x"), 50, 50, 120)));
        assertEquals(
                "Showing 101-120 of 120",
                Output.footer(new Page<>(java.util.Collections.nCopies(20, "x"), 100, 50, 120)));
    }

    @Test
    public void footerOfAnEmptyPage() {
        assertEquals("Showing 0 of 0", Output.footer(new Page<>(List.of(), 0, 50, 0)));
        assertEquals("Showing 0 of 7", Output.footer(new Page<>(List.of(), 50, 50, 7)));
    }

    @Test
    public void sliceCutsAWholeListIntoThePageAskedFor() {
        List<Integer> all = List.of(1, 2, 3, 4, 5);
        Page<Integer> page = Output.slice(all, new PageRequest(1, 2));
        assertEquals(List.of(2, 3), page.items());
        assertEquals(5, page.total());
        assertEquals("Showing 2-3 of 5", Output.footer(page));

        assertEquals(List.of(5), Output.slice(all, new PageRequest(4, 50)).items());
        Page<Integer> beyond = Output.slice(all, new PageRequest(9, 50));
        assertEquals(List.of(), beyond.items());
        assertEquals("Showing 0 of 5", Output.footer(beyond));
        assertEquals(
                List.of(), Output.slice(List.<Integer>of(), PageRequest.first()).items());
    }

    @Test
    public void cellsForAbsentValues() {
        assertEquals("", Output.text(null));
        assertEquals("RUNNING", Output.text(TaskState.RUNNING));
        assertEquals("", Output.time(null));
        assertEquals("2025-11-25T17:08:09Z", Output.time(Instant.parse("2025-11-25T17:08:09.123456Z")));
        assertEquals("unlimited", Output.limit(null));
        assertEquals("4096", Output.limit(4096L));
        assertEquals("a, b, c", Output.joined(Set.of("c", "a", "b")));
        assertEquals("host:h1", Output.target("host", "h1"));
        assertEquals("h1", Output.target(null, "h1"));
        assertEquals("host", Output.target("host", null));
    }

    @Test
    public void tableThenFooter() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PagedAction list = new PagedAction() {
            @Override
            protected void run() {
                ShellTable table = new ShellTable();
                table.column("ID");
                table.column("Name");
                table.addRow().addContent("dc-1", "Paris");
                table.addRow().addContent("dc-2", "");
                print(table, new Page<>(List.of("dc-1", "dc-2"), 0, 50, 2));
            }
        };
        list.redirect(new PrintStream(bytes, true, StandardCharsets.UTF_8), System.err);
        list.execute();
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(5, lines.size());
        assertTrue(lines.get(0), lines.get(0).matches("ID\\s+.\\s+Name\\s*"));
        assertTrue(lines.get(2), lines.get(2).matches("dc-1\\s+.\\s+Paris\\s*"));
        assertTrue(lines.get(3), lines.get(3).startsWith("dc-2"));
        assertEquals("Showing 1-2 of 2", lines.get(4));
    }

    @Test
    public void taskDetailsShowTheErrorOfAFailedTask() {
        Instant t = Instant.parse("2025-11-25T10:00:00Z");
        Task task = new Task(
                "t-1",
                "refresh-host",
                "host",
                "h-1",
                TaskState.FAILED,
                40,
                null,
                null,
                ErrorCode.UNREACHABLE,
                "no answer",
                "admin",
                t,
                t,
                t.plusSeconds(3));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Output.taskDetails(task).print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text, text.lines().anyMatch(l -> l.matches("ID\\s+.\\s+t-1\\s*")));
        assertTrue(text, text.lines().anyMatch(l -> l.matches("Target\\s+.\\s+host:h-1\\s*")));
        assertTrue(text, text.lines().anyMatch(l -> l.matches("Progress\\s+.\\s+40%\\s*")));
        assertTrue(text, text.lines().anyMatch(l -> l.matches("Error\\s+.\\s+\\(UNREACHABLE\\) no answer\\s*")));
        assertTrue(text, text.lines().anyMatch(l -> l.matches("Finished\\s+.\\s+2025-11-25T10:00:03Z\\s*")));
    }

    @Test
    public void waitingForAFinishedTaskReturnsItAtOnce() throws InterruptedException {
        Task done = new Task(
                "t-2",
                "power",
                "vm",
                "v-1",
                TaskState.SUCCEEDED,
                100,
                null,
                null,
                null,
                null,
                "admin",
                null,
                null,
                null);
        // a finished task needs no service call: no TaskService at all
        assertEquals(done, TaskWaiter.await(null, done, 60));
    }
}
