package org.strata.driver.esx;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.strata.spi.hypervisor.VmEvent;
import org.strata.vsphere.vim.MoRef;
import org.strata.vsphere.vim.VimConnection;
import org.strata.vsphere.vim.VimElement;
import org.strata.vsphere.vim.VimFault;
import org.strata.vsphere.vim.XmlNode;

/**
 * Lifecycle events of one host's VMs, however caused, the vSphere way: a property collector of the subscription's
 * own with a filter on the host's VMs ({@code name}, {@code config.uuid}, {@code runtime.powerState}), and a thread
 * that waits for its updates ({@code WaitForUpdatesEx}, 20 s at a time). A VM entering the filter is DEFINED (or
 * migrated in), leaving it UNDEFINED (or migrated away); power state changes are STARTED, STOPPED, SUSPENDED and
 * RESUMED. The first update, which lists every VM, is the baseline and reports nothing.
 */
final class EsxEvents implements AutoCloseable {

    private static final int WAIT_SECONDS = 20;
    private static final long FIRST_BACKOFF_MS = 500;
    private static final long LAST_BACKOFF_MS = 30_000;

    private final VimConnection vim;
    private final MoRef host;
    private final Consumer<VmEvent> listener;
    private final Map<MoRef, Known> known = new HashMap<>(); // touched by the subscribing thread, then the watcher only
    private final Thread thread;
    private volatile boolean closed;
    private volatile MoRef collector;
    private String version = "";

    private record Known(String uuid, String name, String state) {}

    private EsxEvents(VimConnection vim, MoRef host, String hostName, Consumer<VmEvent> listener) {
        this.vim = vim;
        this.host = host;
        this.listener = listener;
        this.thread = new Thread(this::run, "strata-esx-events-" + hostName);
        this.thread.setDaemon(true);
    }

    /** Subscribes and reads the baseline before it returns, so no change made after it is missed. */
    static EsxEvents start(VimConnection vim, MoRef host, String hostName, Consumer<VmEvent> listener) {
        EsxEvents events = new EsxEvents(vim, host, hostName, listener);
        events.subscribe();
        events.apply(events.waitOnce(0), false);
        events.thread.start();
        return events;
    }

    private void subscribe() {
        collector = vim.invoke("CreatePropertyCollector", vim.service("propertyCollector"))
                .moRef();
        vim.invoke(
                "CreateFilter",
                collector,
                VimElement.el(
                        "spec",
                        VimElement.el(
                                "propSet",
                                VimElement.el("type", "VirtualMachine"),
                                VimElement.el("pathSet", "name"),
                                VimElement.el("pathSet", "config.uuid"),
                                VimElement.el("pathSet", "runtime.powerState")),
                        VimElement.el(
                                "objectSet",
                                VimElement.el("obj", host),
                                VimElement.el("skip", true),
                                VimElement.el(
                                                "selectSet",
                                                VimElement.el("name", "vms"),
                                                VimElement.el("type", "HostSystem"),
                                                VimElement.el("path", "vm"),
                                                VimElement.el("skip", false))
                                        .typed("TraversalSpec"))),
                VimElement.el("partialUpdates", false));
        version = "";
    }

    private XmlNode waitOnce(int seconds) {
        return vim.invoke(
                "WaitForUpdatesEx",
                collector,
                VimElement.el("version", version),
                VimElement.el("options", VimElement.el("maxWaitSeconds", seconds)));
    }

    private void run() {
        long backoff = FIRST_BACKOFF_MS;
        while (!closed) {
            try {
                apply(waitOnce(WAIT_SECONDS), true);
                backoff = FIRST_BACKOFF_MS;
            } catch (VimFault e) {
                if (closed) {
                    return;
                }
                // The server restarted, or the network broke: wait, then subscribe anew (the baseline again
                // reports nothing; the platform's periodic reconcile covers what happened meanwhile).
                try {
                    Thread.sleep(backoff);
                    backoff = Math.min(backoff * 2, LAST_BACKOFF_MS);
                    if (e.is("ManagedObjectNotFound") || e.is("InvalidCollectorVersion") || e.unreachable()) {
                        subscribe();
                        apply(waitOnce(0), false);
                    }
                } catch (InterruptedException interrupted) {
                    return;
                } catch (VimFault again) {
                    // still down: the next round tries again
                }
            } catch (RuntimeException listenerFailed) {
                // A listener that throws must not end the subscription.
            }
        }
    }

    /** Applies one UpdateSet (null when the wait timed out); reports events unless it is the baseline. */
    private void apply(XmlNode updateSet, boolean report) {
        if (updateSet == null) {
            return;
        }
        String next = updateSet.text("version");
        if (next != null) {
            version = next;
        }
        for (XmlNode filter : updateSet.all("filterSet")) {
            for (XmlNode object : filter.all("objectSet")) {
                MoRef vm = object.moRef("obj");
                String kind = object.text("kind");
                Map<String, String> changes = new HashMap<>();
                for (XmlNode change : object.all("changeSet")) {
                    changes.put(change.text("name"), change.text("val"));
                }
                Known before = known.get(vm);
                if ("leave".equals(kind)) {
                    known.remove(vm);
                    if (report && before != null) {
                        listener.accept(new VmEvent(before.uuid, before.name, VmEvent.Type.UNDEFINED, "left the host"));
                    }
                    continue;
                }
                Known now = new Known(
                        changes.getOrDefault("config.uuid", before == null ? null : before.uuid),
                        changes.getOrDefault("name", before == null ? null : before.name),
                        changes.getOrDefault("runtime.powerState", before == null ? null : before.state));
                known.put(vm, now);
                if (!report || now.uuid == null) {
                    continue;
                }
                if ("enter".equals(kind) || before == null) {
                    listener.accept(new VmEvent(now.uuid, now.name, VmEvent.Type.DEFINED, "entered the host"));
                } else if (now.state != null && !now.state.equals(before.state)) {
                    listener.accept(new VmEvent(now.uuid, now.name, type(before.state, now.state), now.state));
                } else if (!now.equals(before)) {
                    listener.accept(new VmEvent(now.uuid, now.name, VmEvent.Type.CHANGED, "reconfigured"));
                }
            }
        }
    }

    private static VmEvent.Type type(String before, String now) {
        return switch (now) {
            case "poweredOn" -> "suspended".equals(before) ? VmEvent.Type.RESUMED : VmEvent.Type.STARTED;
            case "suspended" -> VmEvent.Type.SUSPENDED;
            default -> VmEvent.Type.STOPPED;
        };
    }

    /** Ends the wait at once ({@code CancelWaitForUpdates}) and drops the collector; never throws. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        MoRef c = collector;
        try {
            vim.invoke("CancelWaitForUpdates", c);
        } catch (VimFault ignored) {
            // the wait ends by its own time-out instead
        }
        try {
            vim.invoke("DestroyPropertyCollector", c);
        } catch (VimFault ignored) {
            // gone with the session
        }
        thread.interrupt();
    }
}
