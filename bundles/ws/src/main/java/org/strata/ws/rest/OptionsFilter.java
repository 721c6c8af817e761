package org.strata.ws.rest;

import java.util.Set;
import javax.annotation.Priority;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import org.apache.cxf.jaxrs.JAXRSServiceImpl;
import org.apache.cxf.jaxrs.model.ClassResourceInfo;
import org.apache.cxf.jaxrs.utils.JAXRSUtils;
import org.apache.cxf.message.Message;
import org.strata.api.ErrorCode;

/**
 * Answers OPTIONS with the methods of the resource at the path (see {@link Routes}), after authentication: what
 * exists is for users only, as everywhere in the API.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION + 100)
public final class OptionsFilter implements ContainerRequestFilter {

    /** Read from the service's resource classes at the first request, when CXF has its model. */
    private volatile Routes routes;

    Routes routes() {
        Routes known = routes;
        if (known == null) {
            Message message = JAXRSUtils.getCurrentMessage();
            Object service = message == null ? null : message.getExchange().getService();
            if (!(service instanceof JAXRSServiceImpl jaxrs)) {
                return Routes.of(java.util.List.of());
            }
            known = Routes.of(jaxrs.getClassResourceInfos().stream()
                    .map(ClassResourceInfo::getServiceClass)
                    .toList());
            routes = known;
        }
        return known;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!HttpMethod.OPTIONS.equals(request.getMethod())) {
            return;
        }
        Set<String> allowed = routes().allowed(request.getUriInfo().getPath());
        if (allowed.isEmpty()) {
            request.abortWith(
                    Problem.of(ErrorCode.NOT_FOUND, "no resource at this path").toResponse());
            return;
        }
        request.abortWith(Response.ok()
                .header(HttpHeaders.ALLOW, String.join(", ", allowed))
                .build());
    }
}
