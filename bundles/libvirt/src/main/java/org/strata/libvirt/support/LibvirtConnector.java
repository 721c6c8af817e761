package org.strata.libvirt.support;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.spi.DriverException;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.hypervisor.HypervisorSession;

/**
 * Opens {@link HypervisorSession}s over libvirt for one driver: checks the URI against the driver's
 * {@link DomainFlavour}, authenticates with the endpoint's credentials and reads the host's capabilities once per
 * session. Immutable and thread-safe.
 *
 * <p>No client keepalive: with libvirt 9.0's client, a connection its keepalive closed while a call of another thread
 * was in flight (a host whose network vanished silently) crashes the whole JVM inside libvirt as soon as anything
 * arrives on it again (the network healing, or the host's reset): measured on this machine, every time (docs/ha.md).
 * Without it, such a call waits until the host answers or resets it, and a host that stops answering is found by HA's
 * bounded round trip ({@code HypervisorSession.alive}), which retires its session so that new calls fail fast.
 */
public final class LibvirtConnector {

    private static final Logger LOG = LoggerFactory.getLogger(LibvirtConnector.class);

    private final EventLoop eventLoop;
    private final DomainFlavour flavour;

    public LibvirtConnector(EventLoop eventLoop, DomainFlavour flavour) {
        this.eventLoop = Objects.requireNonNull(eventLoop, "eventLoop");
        this.flavour = Objects.requireNonNull(flavour, "flavour");
    }

    public DomainFlavour flavour() {
        return flavour;
    }

    /** Connects to the host at the endpoint's libvirt URI. */
    public HypervisorSession open(Endpoint endpoint) {
        URI uri = accepted(endpoint.address());
        LibvirtConnection connect = connect(uri, endpoint);
        try {
            HostCapabilities caps = HostCapabilities.parse(connect.getCapabilities());
            return new LibvirtSession(this, connect, uri, caps, eventLoop);
        } catch (LibvirtException e) {
            closeQuietly(connect);
            throw LibvirtFaults.map(flavour.driverId(), "read the capabilities of " + uri, e, Fault.UNREACHABLE);
        } catch (RuntimeException e) {
            closeQuietly(connect);
            throw e;
        }
    }

    /** The URI when this driver manages it; {@code UNSUPPORTED} with the URIs it does manage otherwise. */
    URI accepted(String address) {
        URI uri;
        try {
            uri = new URI(address.trim());
        } catch (URISyntaxException e) {
            throw new DriverException(
                    Fault.UNSUPPORTED,
                    flavour.driverId() + ": '" + address + "' is not a libvirt URI: " + e.getReason());
        }
        if (uri.getScheme() == null || !flavour.accepts(uri)) {
            throw new DriverException(
                    Fault.UNSUPPORTED, "the " + flavour.driverId() + " driver does not manage '" + address + "'");
        }
        return uri;
    }

    LibvirtConnection connect(URI uri, Endpoint endpoint) {
        try {
            LibvirtConnection connect = new LibvirtConnection(uri.toString(), EndpointAuth.forEndpoint(endpoint));
            connect.setConnectionErrorCallback(EventLoop.QUIET);
            return connect;
        } catch (LibvirtException e) {
            // libvirt reports missing credentials as an invalid argument from its authentication code
            boolean auth = LibvirtFaults.fault(LibvirtFaults.code(e)) == Fault.AUTHENTICATION_FAILED
                    || (e.getError() != null
                            && e.getError().getDomain() == org.libvirt.Error.ErrorDomain.VIR_FROM_AUTH);
            Fault fault = auth ? Fault.AUTHENTICATION_FAILED : Fault.UNREACHABLE;
            throw LibvirtFaults.map(flavour.driverId(), "open " + uri, e, fault);
        } catch (UnsatisfiedLinkError e) {
            throw new DriverException(
                    Fault.DRIVER_FAILURE, "libvirt is not installed on this machine (Debian package libvirt0)", e);
        }
    }

    static boolean isTest(URI uri) {
        return "test".equals(uri.getScheme());
    }

    static void closeQuietly(LibvirtConnection connect) {
        try {
            connect.close();
        } catch (LibvirtException e) {
            // gone either way
        }
    }
}
