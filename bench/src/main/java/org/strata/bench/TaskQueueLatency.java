package org.strata.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import org.strata.api.task.Task;
import org.strata.api.task.TaskState;
import org.strata.core.tasks.TaskManager;
import org.strata.repository.jdbc.DatabaseSettings;
import org.strata.repository.jdbc.JdbcConfigRepository;

/**
 * How long a task waits once it may start: TASKS tasks queued at once on TARGETS targets (so each target has a
 * queue of TASKS/TARGETS), each doing no work of its own. A task may start when it was submitted and the task before
 * it on its target has finished; the figure is the time from then to its first line of work, which covers the
 * predecessor's final write, the hand-over, a worker and the RUNNING write, all on an embedded H2 file database
 * with the distribution's settings. Run by {@code bench/tasks.sh}.
 */
public final class TaskQueueLatency {

    private TaskQueueLatency() {}

    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int targets = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path dir = Files.createTempDirectory("strata-task-bench");
        try {
            JdbcConfigRepository repository = new JdbcConfigRepository(
                    new DatabaseSettings("jdbc:h2:file:" + dir.resolve("repository") + ";WRITE_DELAY=0", "sa", "", 8),
                    dir.resolve("strata-secret.key"));
            TaskManager manager = new TaskManager(repository);
            try {
                for (int round = 1; round <= rounds; round++) {
                    run(manager, tasks, targets, round);
                }
            } finally {
                manager.close();
                repository.close();
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(TaskManager manager, int count, int targets, int round) throws Exception {
        long[] submitted = new long[count];
        long[] started = new long[count];
        AtomicLongArray lastFinished = new AtomicLongArray(targets);
        long[] eligible = new long[count];
        List<Task> queued = new ArrayList<>(count);
        long begin = System.nanoTime();
        for (int i = 0; i < count; i++) {
            int index = i;
            int target = i % targets;
            submitted[i] = System.nanoTime();
            queued.add(manager.submit("bench.noop", "bench", "target-" + target, "bench", ctx -> {
                long now = System.nanoTime();
                started[index] = now;
                eligible[index] = Math.max(submitted[index], lastFinished.get(target));
                lastFinished.set(target, System.nanoTime());
                return null;
            }));
        }
        long submittedAll = System.nanoTime();
        for (Task task : queued) {
            Task done = manager.await(task.id(), Duration.ofMinutes(5));
            if (done.state() != TaskState.SUCCEEDED) {
                throw new IllegalStateException("task " + done.id() + " ended " + done.state());
            }
        }
        long end = System.nanoTime();
        double[] waits = new double[count];
        for (int i = 0; i < count; i++) {
            waits[i] = (started[i] - eligible[i]) / 1e6;
        }
        Arrays.sort(waits);
        System.out.printf(
                "round %d: %d tasks on %d targets: submit %.0f ms (%.2f ms a task), all done in %.0f ms; "
                        + "wait once eligible p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                round,
                count,
                targets,
                (submittedAll - begin) / 1e6,
                (submittedAll - begin) / 1e6 / count,
                (end - begin) / 1e6,
                waits[count / 2],
                waits[count * 9 / 10],
                waits[count * 99 / 100],
                waits[count - 1]);
    }
}
