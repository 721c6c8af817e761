package org.strata.libvirt.support;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.libvirt.Connect;
import org.libvirt.ErrorCallback;
import org.libvirt.Library;
import org.libvirt.LibvirtException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libvirt's event loop, run on one daemon thread for the whole process. libvirt delivers domain events and
 * sends keepalive probes only while someone runs the loop, and registering its default implementation must
 * happen before the first connection that wants events is opened: drivers therefore take this service in their
 * constructor, so DS activates it (and the loop runs) before any of their connections exist.
 *
 * <p>libvirt keeps the loop in global state, so there is one per process: the component is a singleton, and
 * tests create one instance at a time and {@link #close()} it.
 */
@Component(service = EventLoop.class, immediate = true)
public final class EventLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);

    /**
     * libvirt prints every error to stderr unless a callback takes it; the errors reach us as exceptions
     * anyway. A constant, because JNA must keep a callback reachable for as long as C may call it, which is
     * until the process ends once it is registered globally.
     */
    static final ErrorCallback QUIET = new ErrorCallback();

    private final Thread thread;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile boolean running = true;

    @Activate
    public EventLoop() {
        try {
            Connect.setErrorCallback(QUIET);
            Library.initEventLoop();
        } catch (LibvirtException e) {
            throw new IllegalStateException("cannot start the libvirt event loop: " + LibvirtFaults.reason(e), e);
        } catch (UnsatisfiedLinkError e) {
            throw new IllegalStateException("libvirt is not installed on this machine (Debian package libvirt0)", e);
        }
        thread = new Thread(this::run, "libvirt-event-loop");
        thread.setDaemon(true);
        thread.start();
        try {
            started.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        started.countDown();
        while (running) {
            try {
                Library.runEventLoop();
            } catch (InterruptedException e) {
                return;
            } catch (LibvirtException e) {
                // One failed iteration (a callback that threw) must not end event delivery for every driver.
                LOG.warn("libvirt event loop: {}", LibvirtFaults.reason(e));
            }
        }
    }

    /** Whether the loop thread runs, so that events and keepalive work. */
    public boolean running() {
        return running && thread.isAlive();
    }

    /** Stops the loop thread; connections stay usable but get no more events. */
    @Deactivate
    @Override
    public void close() {
        running = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        // stopEventLoop only wakes a loop that has already begun, so ask again until the thread has seen it.
        while (thread.isAlive() && System.nanoTime() < deadline) {
            try {
                Library.stopEventLoop();
                thread.join(50);
            } catch (LibvirtException e) {
                LOG.debug("stopping the libvirt event loop: {}", LibvirtFaults.reason(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (thread.isAlive()) {
            thread.interrupt();
            LOG.warn("the libvirt event loop did not stop within 5 s");
        }
    }
}
