package org.strata.vsphere.vim;

import java.time.Duration;

/**
 * Waits for vSphere tasks ({@code *_Task} methods answer a Task at once and do the work after). Polls the task's
 * {@code info} through the property collector: from 10 ms, doubling to 500 ms, so a quick task costs one or two
 * round trips and a long one a request every half second.
 */
public final class VimTasks {

    /** What a waiter is told, and asked, while a task runs. */
    public interface Watcher {
        Watcher NONE = new Watcher() {};

        /** The task's progress in percent, as the server reports it (not every task reports any). */
        default void progress(int percent) {}

        /** Whether to cancel the task ({@code CancelTask}); asked between polls. */
        default boolean cancelled() {
            return false;
        }
    }

    private static final Duration FIRST_POLL = Duration.ofMillis(10);
    private static final Duration LAST_POLL = Duration.ofMillis(500);

    private VimTasks() {}

    /**
     * Waits until the task ends; answers its {@code info.result} (null for none).
     *
     * @throws VimFault the task's fault when it ended in error ({@code RequestCanceled} once cancelled);
     *                  {@code Timeout} when it runs longer than {@code limit}
     */
    public static XmlNode await(VimConnection vim, MoRef task, Watcher watcher, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        long pause = FIRST_POLL.toNanos();
        boolean cancelSent = false;
        int lastProgress = -1;
        while (true) {
            ObjectContent info = vim.properties(task, "info");
            if (info == null || info.get("info") == null) {
                throw new VimFault("ManagedObjectNotFound", "the server no longer knows task " + task.value());
            }
            XmlNode i = info.get("info");
            String state = i.text("state");
            if ("success".equals(state)) {
                return i.child("result");
            }
            if ("error".equals(state)) {
                throw taskFault(i);
            }
            int progress = i.intAt("progress", -1);
            if (progress >= 0 && progress != lastProgress) {
                lastProgress = progress;
                watcher.progress(progress);
            }
            if (!cancelSent && watcher.cancelled()) {
                cancelSent = true;
                try {
                    vim.invoke("CancelTask", task);
                } catch (VimFault notCancellable) {
                    // Some tasks cannot be cancelled past a point; the wait goes on until the task ends.
                }
            }
            if (System.nanoTime() > deadline) {
                throw new VimFault(
                        "Timeout",
                        "task " + i.text("descriptionId") + " did not end within "
                                + (limit.toSeconds() < 120 ? limit.toSeconds() + " s" : limit.toMinutes() + " min"));
            }
            try {
                Thread.sleep(pause / 1_000_000, (int) (pause % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VimFault("RequestCanceled", "interrupted while waiting for task " + task.value(), e);
            }
            pause = Math.min(pause * 2, LAST_POLL.toNanos());
        }
    }

    /** A task's {@code info.error} (a LocalizedMethodFault) as a VimFault. */
    static VimFault taskFault(XmlNode info) {
        XmlNode error = info.child("error");
        if (error == null) {
            return new VimFault("Fault", "task " + info.text("descriptionId") + " failed");
        }
        XmlNode fault = error.child("fault");
        String type = fault == null ? null : fault.xsiType();
        String message = error.text("localizedMessage");
        if (message == null || message.isEmpty() || message.equals("*types." + type)) {
            message = type;
        }
        return VimFault.serverFault(type, message);
    }
}
