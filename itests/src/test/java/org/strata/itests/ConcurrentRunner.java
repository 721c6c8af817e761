package org.strata.itests;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.runners.BlockJUnit4ClassRunner;
import org.junit.runners.model.InitializationError;
import org.junit.runners.model.RunnerScheduler;

/**
 * Runs a class's tests at the same time, on {@link Threads} threads, in the order JUnit gives them; the class's
 * {@code @BeforeClass} and {@code @AfterClass} run once around all of them, and each test still gets its own
 * instance, {@code @Before} and {@code @After}. For tests that spend minutes waiting for a guest booting under QEMU's
 * software emulation, which keeps one core busy: on two cores, two such boots at once take about the time of one.
 * The tests must not share anything but what {@code @BeforeClass} made (their own names, machines and ports).
 * The system property {@value #THREADS_PROPERTY} overrides the count, for a benchmark that times each test alone
 * ({@code bench/os-provisioning.sh} gives 1).
 */
public final class ConcurrentRunner extends BlockJUnit4ClassRunner {

    static final String THREADS_PROPERTY = "strata.itests.threads";

    /** How many of the class's tests run at once. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    public @interface Threads {
        int value();
    }

    public ConcurrentRunner(Class<?> testClass) throws InitializationError {
        super(testClass);
        Threads threads = testClass.getAnnotation(Threads.class);
        if (threads == null || threads.value() < 1) {
            throw new InitializationError(testClass.getName() + " names no @ConcurrentRunner.Threads of at least 1");
        }
        int count = Integer.getInteger(THREADS_PROPERTY, threads.value());
        if (count < 1) {
            throw new InitializationError(THREADS_PROPERTY + " must be at least 1, not " + count);
        }
        setScheduler(new PoolScheduler(count, testClass.getSimpleName()));
    }

    /** Hands each test to a fixed pool and waits for all of them before the class's @AfterClass runs. */
    private static final class PoolScheduler implements RunnerScheduler {
        private final ExecutorService pool;
        private final List<Future<?>> started = new ArrayList<>();

        PoolScheduler(int threads, String name) {
            this.pool = Executors.newFixedThreadPool(threads, task -> {
                Thread thread = new Thread(task, name + "-test-" + started.size());
                thread.setDaemon(true);
                return thread;
            });
        }

        @Override
        public void schedule(Runnable test) {
            started.add(pool.submit(test));
        }

        @Override
        public void finished() {
            try {
                for (Future<?> test : started) {
                    // A test's failure reaches JUnit through its notifier, not here: this only waits for its end.
                    test.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the tests ran", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a test's runner failed outside the test", e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
