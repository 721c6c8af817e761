package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.Comparator;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SOAP services, built when the first SOAP request comes rather than before REST answers.
 *
 * <p>Building a JAX-WS endpoint (its service model and JAXB context) costs about 0.2 s of CPU per service, 1-2 s
 * for the eight there were then, and Blueprint builds its beans on the thread that starts every bundle: built there, they held up
 * the drivers' start and so REST's readiness; built in the background right after the platform had started, they
 * still took a core from REST's first requests (docs/performance.md, "SOAP after REST, and idle memory"). Now
 * {@link #start()} only puts a {@link StartingSoapObserver} at each address, which costs nothing, and the first SOAP
 * request (a call or a WSDL) has them all built on a thread of their own, its own service first. That request, and
 * any that comes while they are built, waits for its service (at most {@code waitSeconds}): a client sees a slower
 * first answer, never a missing service. An installation that nobody asks over SOAP does not carry their models.
 */
public final class SoapEndpoints {
    private static final Logger LOG = LoggerFactory.getLogger(SoapEndpoints.class);
    /** The transport a SOAP 1.1 endpoint over HTTP asks CXF for: the one its endpoint will be given too. */
    private static final String SOAP_HTTP_TRANSPORT = "http://schemas.xmlsoap.org/soap/http";

    private final Bus bus;
    private final List<SoapService> services;
    private final List<Interceptor<? extends Message>> inInterceptors;
    private final long waitMillis;
    private final AtomicBoolean publishing = new AtomicBoolean();
    private final List<Destination> gates = new ArrayList<>();
    private final List<EndpointImpl> published = new ArrayList<>();
    private volatile boolean closed;
    private Thread publisher;

    public SoapEndpoints(
            Bus bus, List<SoapService> services, List<Interceptor<? extends Message>> inInterceptors, int waitSeconds) {
        this.bus = bus;
        this.services = List.copyOf(services);
        this.inInterceptors = List.copyOf(inInterceptors);
        this.waitMillis = waitSeconds * 1000L;
    }

    /** Blueprint's init: every address answers from now on; its services are built at the first request. */
    public void start() throws Exception {
        DestinationFactory http =
                bus.getExtension(DestinationFactoryManager.class).getDestinationFactory(SOAP_HTTP_TRANSPORT);
        for (SoapService service : services) {
            EndpointInfo info = new EndpointInfo(null, SOAP_HTTP_TRANSPORT);
            info.setAddress(service.address());
            Destination destination = http.getDestination(info, bus);
            destination.setMessageObserver(
                    new StartingSoapObserver(bus, () -> publishInBackground(service.address()), waitMillis));
            synchronized (this) {
                gates.add(destination);
            }
        }
    }

    /** Builds the services on a thread of its own, once, the one at {@code firstAddress} first; returns at once. */
    public void publishInBackground(String firstAddress) {
        if (closed || !publishing.compareAndSet(false, true)) {
            return;
        }
        List<SoapService> order = new ArrayList<>(services);
        order.sort(Comparator.comparing(service -> !service.address().equals(firstAddress)));
        Thread thread = new Thread(() -> publish(order), "strata-soap-publisher");
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

    /** Builds and publishes the services on this thread, with the bus's class loader as CXF expects. */
    private void publish(List<SoapService> order) {
        long start = System.nanoTime();
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        ClassLoader loader = bus.getExtension(ClassLoader.class);
        current.setContextClassLoader(loader != null ? loader : SoapEndpoints.class.getClassLoader());
        try {
            for (SoapService service : order) {
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
                    order.stream().map(SoapService::address).toList(),
                    (System.nanoTime() - start) / 1_000_000);
        } finally {
            current.setContextClassLoader(previous);
        }
    }

    /** Blueprint's destroy: the services stop, and their addresses no longer answer. */
    public void close() {
        closed = true;
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
