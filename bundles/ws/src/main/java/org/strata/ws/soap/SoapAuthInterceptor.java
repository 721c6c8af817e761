package org.strata.ws.soap;

import java.io.IOException;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.security.SecurityContext;
import org.apache.cxf.transport.http.AbstractHTTPDestination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.security.login.Authenticator;
import org.strata.security.login.BasicCredentials;
import org.strata.security.login.ClientOrigin;
import org.strata.security.login.LoginThrottledException;
import org.strata.ws.security.AuthenticatedUser;
import org.strata.ws.security.LogSafe;

/**
 * HTTP Basic authentication for the SOAP endpoints. It runs in the RECEIVE phase, before CXF's
 * WSDLGetInterceptor (READ phase), so that {@code ?wsdl} is protected too. A refused request gets a
 * bare 401 (or 403 without any Strata role) and the chain stops: no SOAP processing for strangers.
 * Write permission depends on the operation, which is not known yet here; the services check it.
 */
public final class SoapAuthInterceptor extends AbstractPhaseInterceptor<Message> {
    private static final Logger LOG = LoggerFactory.getLogger(SoapAuthInterceptor.class);

    /** Too many failed logins lately (RFC 6585); HttpServletResponse has no name for it. */
    private static final int TOO_MANY_REQUESTS = 429;

    private final Authenticator authenticator;

    public SoapAuthInterceptor(Authenticator authenticator) {
        super(Phase.RECEIVE);
        this.authenticator = authenticator;
    }

    @Override
    public void handleMessage(Message message) {
        HttpServletRequest request = (HttpServletRequest) message.get(AbstractHTTPDestination.HTTP_REQUEST);
        String header = request != null ? request.getHeader("Authorization") : protocolHeader(message, "Authorization");
        String address = request != null ? request.getRemoteAddr() : "unknown";
        Optional<AuthenticatedUser> user;
        try {
            user = BasicCredentials.parse(header)
                    .flatMap(credentials -> authenticator.authenticate(
                            credentials.user(), credentials.password(), new ClientOrigin("soap", address)))
                    .map(AuthenticatedUser::of);
        } catch (LoginThrottledException e) {
            reject(message, TOO_MANY_REQUESTS, e.retryAfter().toSeconds());
            return;
        }
        if (user.isEmpty()) {
            reject(message, HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        AuthenticatedUser authenticated = user.get();
        if (!authenticated.mayRead()) {
            LOG.info(
                    "user '{}' with roles {} denied SOAP access",
                    LogSafe.text(authenticated.name()),
                    authenticated.roles());
            reject(message, HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        if (org.strata.api.datacenter.TenantScope.isScoped(authenticated.roles()) && !scopedService(message)) {
            // Users scoped to their tenants reach their VMs, tasks, tenants and pools; the other services are
            // infrastructure. The datacenter service mixes both and refuses its infrastructure per operation.
            LOG.info("user '{}' scoped to tenants denied {}", LogSafe.text(authenticated.name()), path(message));
            reject(message, HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        message.getExchange().put(AuthenticatedUser.class, authenticated);
        // Also the standard place, so WebServiceContext.getUserPrincipal() works as a JAX-WS developer expects.
        message.put(SecurityContext.class, new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return authenticated;
            }

            @Override
            public boolean isUserInRole(String role) {
                return authenticated.roles().contains(role);
            }
        });
    }

    /**
     * The SOAP services that scope what they show to the caller's tenants (VmWebService, TaskWebService,
     * DatacenterWebService): each answers a scoped user's infrastructure operations with the fault FORBIDDEN itself.
     */
    private static final java.util.Set<String> SCOPED_SERVICES =
            java.util.Set.of("/soap/vms", "/soap/tasks", "/soap/datacenter");

    private static String path(Message message) {
        Object uri = message.get(Message.REQUEST_URI);
        return uri == null ? "" : uri.toString();
    }

    private static boolean scopedService(Message message) {
        String p = path(message);
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        for (String service : SCOPED_SERVICES) {
            if (p.endsWith(service)) {
                return true;
            }
        }
        return false;
    }

    private static void reject(Message message, int status) {
        reject(message, status, 0);
    }

    /** @param retryAfter seconds for a Retry-After header; 0 for none */
    private static void reject(Message message, int status, long retryAfter) {
        HttpServletResponse response = (HttpServletResponse) message.get(AbstractHTTPDestination.HTTP_RESPONSE);
        if (response == null) {
            // Not over HTTP: nothing to put a status on; stop with a fault instead.
            Fault fault = new Fault(new SecurityException("authentication required"));
            fault.setStatusCode(status);
            throw fault;
        }
        message.getInterceptorChain().abort();
        response.setStatus(status);
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", BasicCredentials.CHALLENGE);
        }
        if (retryAfter > 0) {
            response.setHeader("Retry-After", Long.toString(retryAfter));
        }
        response.setContentLength(0);
        try {
            response.flushBuffer();
        } catch (IOException e) {
            LOG.debug("could not send the {} response", status, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static String protocolHeader(Message message, String name) {
        Object headers = message.get(Message.PROTOCOL_HEADERS);
        if (!(headers instanceof Map)) {
            return null;
        }
        Map<String, List<String>> caseless = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseless.putAll((Map<String, List<String>>) headers);
        List<String> values = caseless.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
