package org.strata.ws.soap;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.jws.WebMethod;
import org.junit.Test;
import org.strata.api.datacenter.TenantScope;
import org.strata.ws.security.AuthenticatedUser;
import org.strata.ws.security.Scopes;

/**
 * Every operation of the SOAP datacenter service refuses a user scoped to its tenants with the fault FORBIDDEN, except
 * the five that show it its tenants and pools (TenantScopeHttpTest shows those over HTTP). Walks the operations by
 * reflection, so that an operation added later without deciding who may call it fails here. The layer's services are
 * absent: a refusal must come before any of them is touched (touching one would be the fault INTERNAL).
 */
public class DatacenterWebServiceScopeTest {
    private static final Set<String> SCOPED_OPERATIONS =
            Set.of("listTenants", "getTenant", "getTenantUsage", "poolTree", "poolUsage");

    private static final AuthenticatedUser TENANT_ADMIN =
            new AuthenticatedUser("acme-admin", Set.of("tenant-admin", "tenant:acme"));

    private static String faultOf(Object service, Method operation) throws Exception {
        try {
            operation.invoke(service, new Object[operation.getParameterCount()]);
            return "none";
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof StrataFault fault) {
                return fault.getFaultInfo().code + ": " + fault.getFaultInfo().message;
            }
            throw e;
        }
    }

    private static List<Method> operations() {
        List<Method> operations = new ArrayList<>();
        for (Method m : DatacenterWebService.class.getMethods()) {
            if (m.isAnnotationPresent(WebMethod.class)) {
                operations.add(m);
            }
        }
        return operations;
    }

    @Test
    public void everyInfrastructureOperationIsForbiddenToAScopedUser() throws Exception {
        DatacenterWebService service =
                new DatacenterWebService(null, null, null, null, () -> TENANT_ADMIN, null, new Scopes(null, null));
        Set<String> notRefused = new TreeSet<>();
        int refused = 0;
        for (Method operation : operations()) {
            if (SCOPED_OPERATIONS.contains(operation.getName())) {
                continue;
            }
            String fault = faultOf(service, operation);
            if (fault.equals("FORBIDDEN: " + TenantScope.NEEDS_PLATFORM_ROLE)) {
                refused++;
            } else {
                notRefused.add(operation.getName() + " -> " + fault);
            }
        }
        assertEquals(Set.of(), notRefused);
        assertTrue("operations walked: " + refused, refused >= 20);
    }

    @Test
    public void withoutScopesWiredAScopedUserIsRefusedEverything() throws Exception {
        DatacenterWebService service = new DatacenterWebService(null, null, null, null, () -> TENANT_ADMIN, null);
        for (Method operation : operations()) {
            assertEquals(
                    operation.getName(), "FORBIDDEN: " + TenantScope.NEEDS_PLATFORM_ROLE, faultOf(service, operation));
        }
    }
}
