package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.cxf.Bus;
import org.apache.cxf.interceptor.Interceptor;
import org.apache.cxf.jaxws.EndpointImpl;
import org.apache.cxf.message.Message;
import org.apache.cxf.service.model.EndpointInfo;
import org.apache.cxf.transport.Destination;
import org.apache.cxf.transport.DestinationFactory;
import org.apache.cxf.transport.DestinationFactoryManager;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SOAP services, built after the platform has started rather than before REST answers.
 *
 * <p>Building a JAX-WS endpoint (its service model and JAXB context) costs about 0.2 s of CPU per service, 1-2 s
 * for the eight, and Blueprint builds its beans on the thread that starts every bundle: built there, they held up
 * the drivers' start and so REST's readiness (docs/performance.md, "Issue 16: boot and idle memory"). Now
 * {@link #start()} only puts a {@link StartingSoapObserver} at each address, which costs nothing, and the services
 * are built on a thread of their own once the framework has reached its beginning start level, or as soon as a
 * request asks for one, whichever comes first. A request that comes before its service is built waits for it (at
 * most {@code waitSeconds}), so a client sees a slower first answer, never a missing service.
 */
public final class SoapEndpoints {
    private static final Logger LOG = LoggerFactory.getLogger(SoapEndpoints.class);
    /** The transport a SOAP 1.1 endpoint over HTTP asks CXF for: the one its endpoint will be given too. */
    private static final String SOAP_HTTP_TRANSPORT = "http://schemas.xmlsoap.org/soap/http";

    private final Bus bus;
    private final BundleContext context;
    private final List<SoapService> services;
    private final List<Interceptor<? extends Message>> inInterceptors;
    private final long waitMillis;
    private final AtomicBoolean publishing = new AtomicBoolean();
    private final List<Destination> gates = new ArrayList<>();
    private final List<EndpointImpl> published = new ArrayList<>();
    private final FrameworkListener afterBoot = this::frameworkEvent;
    private volatile boolean closed;
    private Thread publisher;

    /**
     * @param context the ws bundle's, to know when the framework has started; null to leave building to
     *     {@link #publishInBackground()} and to the first request
     */
    public SoapEndpoints(
            Bus bus,
            BundleContext context,
            List<SoapService> services,
            List<Interceptor<? extends Message>> inInterceptors,
            int waitSeconds) {
        this.bus = bus;
        this.context = context;
        this.services = List.copyOf(services);
        this.inInterceptors = List.copyOf(inInterceptors);
        this.waitMillis = waitSeconds * 1000L;
    }

    /** Blueprint's init: every address answers from now on; the services are built after the framework started. */
    public void start() throws Exception {
        DestinationFactory http =
                bus.getExtension(DestinationFactoryManager.class).getDestinationFactory(SOAP_HTTP_TRANSPORT);
        for (SoapService service : services) {
            EndpointInfo info = new EndpointInfo(null, SOAP_HTTP_TRANSPORT);
            info.setAddress(service.address());
            Destination destination = http.getDestination(info, bus);
            destination.setMessageObserver(new StartingSoapObserver(bus, this::publishInBackground, waitMillis));
            synchronized (this) {
                gates.add(destination);
            }
        }
        if (context != null) {
            context.addFrameworkListener(afterBoot);
            if (frameworkStarted()) {
                publishInBackground();
            }
        }
    }

    private void frameworkEvent(FrameworkEvent event) {
        if ((event.getType() == FrameworkEvent.STARTED || event.getType() == FrameworkEvent.STARTLEVEL_CHANGED)
                && frameworkStarted()) {
            publishInBackground();
        }
    }

    /**
     * Whether the framework has finished raising its start level past every installed bundle's: Karaf starts the
     * framework at its lock's level and only then asks for the level it runs at, so the beginning start level of the
     * framework's properties says nothing here, and a start level event comes only when a change has finished.
     */
    private boolean frameworkStarted() {
        try {
            int level = context.getBundle(0).adapt(FrameworkStartLevel.class).getStartLevel();
            int highest = 0;
            for (Bundle bundle : context.getBundles()) {
                BundleStartLevel bundleLevel = bundle.adapt(BundleStartLevel.class);
                if (bundleLevel != null) {
                    highest = Math.max(highest, bundleLevel.getStartLevel());
                }
            }
            LOG.debug("framework at start level {}, highest bundle start level {}", level, highest);
            return level >= highest;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    /** Builds the services on a thread of its own, once; returns at once. */
    public void publishInBackground() {
        if (closed || !publishing.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(this::publish, "strata-soap-publisher");
        thread.setDaemon(true);
        synchronized (this) {
            publisher = thread;
        }
        thread.start();
    }

    /** Waits until the building thread, if one was started, has finished. */
    void awaitPublished() throws InterruptedException {
        Thread thread;
        synchronized (this) {
            thread = publisher;
        }
        if (thread != null) {
            thread.join();
        }
    }

    /** Builds and publishes every service on this thread, with the bus's class loader as CXF expects. */
    void publish() {
        long start = System.nanoTime();
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        ClassLoader loader = bus.getExtension(ClassLoader.class);
        current.setContextClassLoader(loader != null ? loader : SoapEndpoints.class.getClassLoader());
        try {
            for (SoapService service : services) {
                if (closed) {
                    return;
                }
                EndpointImpl endpoint = new EndpointImpl(bus, service.implementor());
                endpoint.setAddress(service.address());
                endpoint.getInInterceptors().addAll(inInterceptors);
                try {
                    endpoint.publish();
                } catch (RuntimeException e) {
                    LOG.error("SOAP service at {} could not be published: {}", service.address(), e.getMessage(), e);
                    continue;
                }
                synchronized (this) {
                    published.add(endpoint);
                }
            }
            LOG.info(
                    "SOAP services published at {} in {} ms",
                    services.stream().map(SoapService::address).toList(),
                    (System.nanoTime() - start) / 1_000_000);
        } finally {
            current.setContextClassLoader(previous);
        }
    }

    /** Blueprint's destroy: the services stop, and their addresses no longer answer. */
    public void close() {
        closed = true;
        if (context != null) {
            try {
                context.removeFrameworkListener(afterBoot);
            } catch (IllegalStateException e) {
                // the bundle is already stopping
            }
        }
        Thread thread;
        synchronized (this) {
            thread = publisher;
        }
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<EndpointImpl> endpoints;
        List<Destination> destinations;
        synchronized (this) {
            endpoints = List.copyOf(published);
            destinations = List.copyOf(gates);
            published.clear();
            gates.clear();
        }
        for (EndpointImpl endpoint : endpoints) {
            try {
                endpoint.stop();
            } catch (RuntimeException e) {
                LOG.debug("SOAP service at {} did not stop cleanly: {}", endpoint.getAddress(), e.getMessage());
            }
        }
        for (Destination destination : destinations) {
            destination.setMessageObserver(null);
            destination.shutdown();
        }
    }
}
