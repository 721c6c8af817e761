package org.strata.ws.soap;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import javax.servlet.http.HttpServletResponse;
import org.apache.cxf.Bus;
import org.apache.cxf.endpoint.Endpoint;
import org.apache.cxf.message.Message;
import org.apache.cxf.transport.ChainInitiationObserver;
import org.apache.cxf.transport.MessageObserver;
import org.apache.cxf.transport.MultipleEndpointObserver;
import org.apache.cxf.transport.http.AbstractHTTPDestination;
import org.strata.api.ErrorCode;

/**
 * What answers at a SOAP service's address from the moment the ws bundle starts, before the service itself is built
 * (its JAXB model takes about 0.2 s of CPU per service, so the eight are built at the first SOAP request, see
 * {@link SoapEndpoints}): a request that arrives before has them built, waits for its service, at most the given
 * time, and is then handled by it as any other; if the service is still not there, the caller gets a {@code StrataFault} with code
 * {@code UNAVAILABLE}, HTTP 500 as SOAP 1.1 wants, and {@code Retry-After}.
 *
 * <p>It stays the address's observer once the service is built, and hands every message to the service's own
 * {@link ChainInitiationObserver}. It is a {@link MultipleEndpointObserver} because that is how CXF's SOAP binding
 * joins an endpoint to an address that already has an observer: it adds the endpoint to {@link #getEndpoints()}
 * and leaves the observer in place, so no request ever finds the address without one. When the endpoint stops, CXF
 * removes it from the same set.
 */
final class StartingSoapObserver extends MultipleEndpointObserver {
    private final Bus bus;
    private final Runnable onFirstWait;
    private final long waitNanos;
    private final Set<Endpoint> endpoints = new CopyOnWriteArraySet<>();
    private final Object lock = new Object();
    private volatile MessageObserver target;

    /**
     * @param onFirstWait called when a request has to wait: has the services built if nothing did yet; must
     *     return at once
     * @param waitMillis how long a request waits for the service before it gets the "starting" fault
     */
    StartingSoapObserver(Bus bus, Runnable onFirstWait, long waitMillis) {
        super(bus);
        this.bus = bus;
        this.onFirstWait = onFirstWait;
        this.waitNanos = TimeUnit.MILLISECONDS.toNanos(waitMillis);
    }

    /** The endpoints CXF's SOAP binding joined to this address: at most the one built for it. */
    @Override
    public Set<Endpoint> getEndpoints() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Endpoint> iterator() {
                return endpoints.iterator();
            }

            @Override
            public int size() {
                return endpoints.size();
            }

            @Override
            public boolean add(Endpoint endpoint) {
                synchronized (lock) {
                    boolean added = endpoints.add(endpoint);
                    target = new ChainInitiationObserver(endpoint, bus);
                    lock.notifyAll();
                    return added;
                }
            }

            @Override
            public boolean remove(Object endpoint) {
                synchronized (lock) {
                    boolean removed = endpoints.remove(endpoint);
                    target = endpoints.isEmpty()
                            ? null
                            : new ChainInitiationObserver(endpoints.iterator().next(), bus);
                    return removed;
                }
            }
        };
    }

    boolean ready() {
        return target != null;
    }

    @Override
    public void onMessage(Message message) {
        MessageObserver observer = target;
        if (observer == null) {
            observer = awaitTarget();
        }
        if (observer == null) {
            refuse(message);
        } else {
            observer.onMessage(message);
        }
    }

    private MessageObserver awaitTarget() {
        onFirstWait.run();
        if (waitNanos == 0) {
            // No wait at all: a request that found no service is refused, even if the build it started was quick
            // enough to finish meanwhile (what a zero wait means, and what makes it testable).
            return null;
        }
        long deadline = System.nanoTime() + waitNanos;
        synchronized (lock) {
            try {
                while (target == null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return target;
        }
    }

    /** The fault every operation declares, written by hand: there is no service yet to write it. */
    private static void refuse(Message message) {
        HttpServletResponse response = (HttpServletResponse) message.get(AbstractHTTPDestination.HTTP_RESPONSE);
        if (response == null || response.isCommitted()) {
            return;
        }
        String text = "the SOAP services are starting; retry in a few seconds";
        String envelope = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                + "<soap:Fault><faultcode>soap:Server</faultcode><faultstring>" + text + "</faultstring><detail>"
                + "<StrataFault xmlns=\"" + Soap.NAMESPACE + "\"><code>" + ErrorCode.UNAVAILABLE.name()
                + "</code><message>" + text + "</message></StrataFault></detail></soap:Fault></soap:Body>"
                + "</soap:Envelope>";
        byte[] body = envelope.getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        response.setHeader("Retry-After", "5");
        response.setContentType("text/xml; charset=UTF-8");
        response.setContentLength(body.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(body);
        } catch (IOException e) {
            // the caller went away
        }
    }
}
