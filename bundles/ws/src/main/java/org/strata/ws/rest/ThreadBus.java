package org.strata.ws.rest;

import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Makes the web services' CXF bus the default bus of each Jetty request thread once, rather than around every
 * request. CXF sets an endpoint's bus as the thread's default while it handles a message and clears it afterwards
 * unless it was already the default; setting and clearing go through {@link BusFactory}'s map of threads under one
 * global lock, three times a request, which with 32 request threads on two cores queued the threads behind one
 * another (docs/performance.md, "Cheaper requests"). Jetty runs a customizer on the request's own thread before any
 * handler; Pax Web adds every one registered as a service to its connectors. CXF removes its bus from every thread
 * when the bus shuts down, so nothing outlives the bundle.
 */
public final class ThreadBus implements HttpConfiguration.Customizer {
    private final Bus bus;

    public ThreadBus(Bus bus) {
        this.bus = bus;
    }

    @Override
    public void customize(Connector connector, HttpConfiguration channelConfig, Request request) {
        if (BusFactory.getThreadDefaultBus(false) != bus) {
            BusFactory.setThreadDefaultBus(bus);
        }
    }
}
