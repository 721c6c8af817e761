package org.strata.ws.rest;

import java.util.Optional;
import java.util.Set;
import javax.annotation.Priority;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.SecurityContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.ErrorCode;
import org.strata.api.datacenter.TenantScope;
import org.strata.security.login.Authenticator;
import org.strata.security.login.BasicCredentials;
import org.strata.security.login.ClientOrigin;
import org.strata.security.login.LoginThrottledException;
import org.strata.ws.security.Access;
import org.strata.ws.security.AuthenticatedUser;
import org.strata.ws.security.LogSafe;

/**
 * HTTP Basic authentication and role check for every REST request. Pre-matching, so that an unknown
 * path or a wrong method answers 401 to a stranger rather than revealing what exists.
 *
 * <p>One exception: a GET of the health endpoints without credentials goes through, as load balancers and
 * service managers probe them (oVirt's health servlet is open the same way); they then answer the overall state
 * only, and the parts' details need a user ({@link HealthResource}). Credentials that are sent are always checked.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class BasicAuthFilter implements ContainerRequestFilter {
    private static final Logger LOG = LoggerFactory.getLogger(BasicAuthFilter.class);

    /** Request property holding the {@link AuthenticatedUser}, beside the SecurityContext. */
    public static final String USER_PROPERTY = AuthenticatedUser.class.getName();

    /** First path segments of the infrastructure, which users scoped to their tenants may not see. */
    static final Set<String> INFRASTRUCTURE = Set.of(
            "hosts",
            "clusters",
            "datacenters",
            "drivers",
            "hardware",
            "history",
            "placement",
            "failovers",
            "os",
            "provisionings",
            "patching");

    private final Authenticator authenticator;

    /** A proxy to the request being filtered (CXF injects one that follows the current thread). */
    @Context
    private HttpServletRequest servletRequest;

    public BasicAuthFilter(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    private String remoteAddress() {
        try {
            return servletRequest == null ? "unknown" : servletRequest.getRemoteAddr();
        } catch (IllegalStateException e) {
            return "unknown"; // not over HTTP (no request bound to this thread)
        }
    }

    private static String firstSegment(String path) {
        String p = path == null ? "" : path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        int slash = p.indexOf('/');
        return slash < 0 ? p : p.substring(0, slash);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null
                && HttpMethod.GET.equals(request.getMethod())
                && HealthResource.isHealthPath(request.getUriInfo().getPath())) {
            return;
        }
        Optional<AuthenticatedUser> user;
        try {
            user = BasicCredentials.parse(header)
                    .flatMap(credentials -> authenticator.authenticate(
                            credentials.user(), credentials.password(), new ClientOrigin("rest", remoteAddress())))
                    .map(AuthenticatedUser::of);
        } catch (LoginThrottledException e) {
            request.abortWith(Problem.of(ErrorCode.THROTTLED, e.getMessage())
                    .toResponseBuilder()
                    .header(HttpHeaders.RETRY_AFTER, e.retryAfter().toSeconds())
                    .build());
            return;
        }
        if (user.isEmpty()) {
            request.abortWith(Problem.of(ErrorCode.UNAUTHENTICATED, "valid HTTP Basic credentials are required")
                    .toResponseBuilder()
                    .header(HttpHeaders.WWW_AUTHENTICATE, BasicCredentials.CHALLENGE)
                    .build());
            return;
        }
        AuthenticatedUser authenticated = user.get();
        Access access = Access.forHttpMethod(request.getMethod());
        if (!access.grantedTo(authenticated)) {
            LOG.info(
                    "user '{}' with roles {} denied {} {}",
                    LogSafe.text(authenticated.name()),
                    authenticated.roles(),
                    request.getMethod(),
                    LogSafe.text(request.getUriInfo().getPath()));
            String needed = access == Access.READ ? "admin, manager or viewer" : "admin or manager";
            request.abortWith(Problem.of(ErrorCode.FORBIDDEN, "this needs the role " + needed)
                    .toResponse());
            return;
        }
        if (TenantScope.isScoped(authenticated.roles())
                && INFRASTRUCTURE.contains(firstSegment(request.getUriInfo().getPath()))) {
            // Infrastructure is no tenant's object: its existence is no secret, so 403 rather than 404.
            request.abortWith(Problem.of(ErrorCode.FORBIDDEN, TenantScope.NEEDS_PLATFORM_ROLE)
                    .toResponse());
            return;
        }
        SecurityContext previous = request.getSecurityContext();
        request.setSecurityContext(new UserSecurityContext(authenticated, previous != null && previous.isSecure()));
        request.setProperty(USER_PROPERTY, authenticated);
    }
}
