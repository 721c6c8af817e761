package org.strata.ws.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.jaxrs.json.JacksonJsonProvider;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.apache.cxf.jaxws.JaxWsServerFactoryBean;
import org.apache.cxf.transport.servlet.CXFNonSpringServlet;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.rules.ExternalResource;
import org.strata.api.datacenter.AllocationService;
import org.strata.api.datacenter.ClusterService;
import org.strata.api.datacenter.PlacementService;
import org.strata.api.datacenter.TenantService;
import org.strata.security.login.Authenticator;
import org.strata.security.login.Login;
import org.strata.ws.rest.BasicAuthFilter;
import org.strata.ws.rest.ClusterResource;
import org.strata.ws.rest.DatacenterResource;
import org.strata.ws.rest.DiscoveryResource;
import org.strata.ws.rest.DriverResource;
import org.strata.ws.rest.EventResource;
import org.strata.ws.rest.HardwareResource;
import org.strata.ws.rest.HealthResource;
import org.strata.ws.rest.HistoryResource;
import org.strata.ws.rest.HostResource;
import org.strata.ws.rest.HostStatsResource;
import org.strata.ws.rest.JsonBindingProblemMapper;
import org.strata.ws.rest.JsonMapper;
import org.strata.ws.rest.JsonProblemMapper;
import org.strata.ws.rest.JsonSyntaxProblemMapper;
import org.strata.ws.rest.NoSuchResource;
import org.strata.ws.rest.OpenApiResource;
import org.strata.ws.rest.OptionsFilter;
import org.strata.ws.rest.PlacementResource;
import org.strata.ws.rest.PoolResource;
import org.strata.ws.rest.PowerStatesResource;
import org.strata.ws.rest.ResponseDate;
import org.strata.ws.rest.SecurityHeaders;
import org.strata.ws.rest.StorageResource;
import org.strata.ws.rest.StrataExceptionMapper;
import org.strata.ws.rest.TaskResource;
import org.strata.ws.rest.TenantResource;
import org.strata.ws.rest.UnexpectedExceptionMapper;
import org.strata.ws.rest.UnknownQueryParameterFilter;
import org.strata.ws.rest.VmResource;
import org.strata.ws.rest.WebApplicationExceptionMapper;
import org.strata.ws.soap.CxfSoapCaller;
import org.strata.ws.soap.DatacenterWebService;
import org.strata.ws.soap.DriverWebService;
import org.strata.ws.soap.HardwareWebService;
import org.strata.ws.soap.InventoryWebService;
import org.strata.ws.soap.SoapAuthInterceptor;
import org.strata.ws.soap.SoapIdLimit;
import org.strata.ws.soap.StorageWebService;
import org.strata.ws.soap.TaskWebService;
import org.strata.ws.soap.VmWebService;

/**
 * The web services wired as ws.xml wires them, behind CXF's servlet (as in Karaf) in an in-process
 * Jetty on 127.0.0.1 and an ephemeral port, over {@link InMemoryServicesForTests}; and what every HTTP test asks of
 * its answers. One per test class, started before its first test and stopped after its last:
 * {@code @ClassRule public static final TestServer server = new TestServer();}
 */
final class TestServer extends ExternalResource {
    static final String PASSWORD = "s3cret";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * admin / viewer / nobody (no Strata role), and users scoped to tenants: acme-user, acme-admin, globex-user and
     * lost-user (a tenant user of no tenant); all with {@link #PASSWORD}.
     */
    static final Authenticator USERS = (user, password, origin) -> {
        Map<String, Set<String>> roles = Map.of(
                "admin",
                Set.of("admin"),
                "viewer",
                Set.of("viewer"),
                "nobody",
                Set.of("somethingelse"),
                "acme-user",
                Set.of("tenant-user", "tenant:acme"),
                "acme-admin",
                Set.of("tenant-admin", "tenant:acme"),
                "globex-user",
                Set.of("tenant-user", "tenant:globex"),
                "lost-user",
                Set.of("tenant-user"));
        boolean ok = roles.containsKey(user) && PASSWORD.equals(new String(password));
        return ok ? Optional.of(new Login(user, roles.get(user))) : Optional.empty();
    };

    final InMemoryServicesForTests.InMemoryTaskServiceForTests tasks =
            new InMemoryServicesForTests.InMemoryTaskServiceForTests();
    final InMemoryServicesForTests.InMemoryVmServiceForTests vms =
            new InMemoryServicesForTests.InMemoryVmServiceForTests(tasks);
    final InMemoryGuestMonitoringForTests guests = new InMemoryGuestMonitoringForTests(vms);
    final InMemoryServicesForTests.InMemoryStorageServiceForTests storage =
            new InMemoryServicesForTests.InMemoryStorageServiceForTests(tasks);
    final InMemoryServicesForTests.InMemoryHardwareServiceForTests hardware =
            new InMemoryServicesForTests.InMemoryHardwareServiceForTests(tasks);
    final InMemoryServicesForTests.InMemoryInventoryServiceForTests inventory =
            new InMemoryServicesForTests.InMemoryInventoryServiceForTests(tasks);
    /** Whether the datacenter layer "runs": when not, its services answer as Blueprint's proxies of absent ones. */
    volatile boolean datacenterLayerRunning = true;

    final InMemoryDatacenterServicesForTests.InMemoryClusterServiceForTests clusters =
            new InMemoryDatacenterServicesForTests.InMemoryClusterServiceForTests(tasks);
    final InMemoryDatacenterServicesForTests.InMemoryTenantServiceForTests tenants =
            new InMemoryDatacenterServicesForTests.InMemoryTenantServiceForTests();
    private final ClusterService clusterProxy = InMemoryDatacenterServicesForTests.blueprintProxy(
            ClusterService.class, clusters, () -> datacenterLayerRunning);
    private final TenantService tenantProxy = InMemoryDatacenterServicesForTests.blueprintProxy(
            TenantService.class, tenants, () -> datacenterLayerRunning);
    private final AllocationService allocationProxy = InMemoryDatacenterServicesForTests.blueprintProxy(
            AllocationService.class,
            new InMemoryDatacenterServicesForTests.InMemoryAllocationServiceForTests(),
            () -> datacenterLayerRunning);
    private final org.strata.api.datacenter.PowerService powerProxy = InMemoryDatacenterServicesForTests.blueprintProxy(
            org.strata.api.datacenter.PowerService.class,
            new InMemoryDatacenterServicesForTests.InMemoryPowerServiceForTests(),
            () -> datacenterLayerRunning);

    /** No affinity service here: the routes answer as they do while the datacenter layer is not running. */
    private final org.strata.api.datacenter.AffinityService affinityProxy =
            InMemoryDatacenterServicesForTests.blueprintProxy(
                    org.strata.api.datacenter.AffinityService.class, null, () -> false);

    /** HA: settings stored, host states and failovers seeded by the tests. */
    final InMemoryHaServiceForTests ha = new InMemoryHaServiceForTests(vms, clusters);

    private final org.strata.api.ha.HaService haProxy = InMemoryDatacenterServicesForTests.blueprintProxy(
            org.strata.api.ha.HaService.class, ha, () -> datacenterLayerRunning);

    /** Whether the OS layer "runs": when not, its service answers as Blueprint's proxy of an absent one. */
    volatile boolean osLayerRunning = true;

    /** The OS layer: a stand-in that keeps images, trees and provisionings (see InMemoryOsServiceForTests). */
    final InMemoryOsServiceForTests os = new InMemoryOsServiceForTests(tasks, vms);

    private final org.strata.api.os.OsService osProxy = InMemoryDatacenterServicesForTests.blueprintProxy(
            org.strata.api.os.OsService.class, os, () -> osLayerRunning);

    /** Whether patching "runs": when not, its service answers as Blueprint's proxy of an absent one. */
    volatile boolean patchingRunning = true;

    /** Patching: a stand-in that keeps repositories, packages and baselines (see InMemoryPatchServiceForTests). */
    final InMemoryPatchServiceForTests patching = new InMemoryPatchServiceForTests(tasks);

    private final org.strata.api.patch.PatchService patchProxy = InMemoryDatacenterServicesForTests.blueprintProxy(
            org.strata.api.patch.PatchService.class, patching, () -> patchingRunning);

    /** The largest package file an upload takes here: small, so that a test can cross it cheaply. */
    static final long MAX_UPLOAD_BYTES = 64 * 1024;

    private final org.strata.api.datacenter.UsageReportService usageProxy =
            InMemoryDatacenterServicesForTests.blueprintProxy(
                    org.strata.api.datacenter.UsageReportService.class,
                    new UsageReportHttpTest.FixedUsageReportsForTests(),
                    () -> datacenterLayerRunning);
    private final PlacementService placementProxy = InMemoryDatacenterServicesForTests.blueprintProxy(
            PlacementService.class,
            new InMemoryDatacenterServicesForTests.InMemoryPlacementServiceForTests(),
            () -> datacenterLayerRunning);

    private final org.strata.ws.security.Scopes scopes = new org.strata.ws.security.Scopes(tenantProxy, inventory);

    /** What the health endpoints report; tests replace it. */
    volatile org.strata.api.health.Health health =
            org.strata.api.health.Health.of(List.of(org.strata.api.health.HealthCheck.up("repository", true, null)));

    private org.eclipse.jetty.server.Server jetty;
    private Bus bus;
    private List<Server> endpoints = List.of();
    /** http://127.0.0.1:PORT, once started. */
    String base;

    private final HttpClient client = HttpClient.newHttpClient();

    HttpClient client() {
        return client;
    }

    @Override
    protected void before() throws Exception {
        bus = BusFactory.newInstance().createBus();
        CXFNonSpringServlet servlet = new CXFNonSpringServlet();
        servlet.setBus(bus);
        jetty = new org.eclipse.jetty.server.Server(
                new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(servlet), "/*");
        jetty.setHandler(context);
        jetty.start();
        base = "http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();

        JAXRSServerFactoryBean rest = new JAXRSServerFactoryBean();
        rest.setBus(bus);
        rest.setAddress("/api/v1");
        var drivers = new InMemoryServicesForTests.InMemoryDriverServiceForTests();
        OptionsFilter options = new OptionsFilter();
        rest.setServiceBeans(List.of(
                new DriverResource(drivers),
                new DatacenterResource(inventory),
                new PoolResource(inventory, allocationProxy, scopes),
                new ClusterResource(clusterProxy, tasks),
                new TenantResource(tenantProxy, scopes),
                new org.strata.ws.rest.ReportResource(usageProxy),
                new PlacementResource(placementProxy),
                new org.strata.ws.rest.ClusterPowerResource(powerProxy, tasks),
                new org.strata.ws.rest.HostStandbyResource(powerProxy, tasks),
                new HostResource(inventory, tasks),
                new TaskResource(tasks, vms, scopes),
                new EventResource(new InMemoryServicesForTests.InMemoryEventServiceForTests(), vms, scopes),
                new HistoryResource(new InMemoryServicesForTests.InMemoryHistoryServiceForTests()),
                new VmResource(vms, snapshotsForTests(), templatesForTests(), tasks, scopes, guests),
                new HostStatsResource(vms),
                new StorageResource(storage, tasks),
                new HardwareResource(hardware, tasks),
                new DiscoveryResource(hardware, tasks),
                new PowerStatesResource(hardware),
                new OpenApiResource(),
                new HealthResource(() -> health),
                new org.strata.ws.rest.AffinityResource(affinityProxy, tasks),
                new org.strata.ws.rest.VmHaResource(haProxy, scopes),
                new org.strata.ws.rest.ClusterHaResource(haProxy),
                new org.strata.ws.rest.HostHaResource(haProxy),
                new org.strata.ws.rest.FailoverResource(haProxy),
                new org.strata.ws.rest.OsResource(osProxy),
                new org.strata.ws.rest.ProvisioningResource(osProxy, tasks),
                new org.strata.ws.rest.PatchingResource(patchProxy, tasks, MAX_UPLOAD_BYTES)));
        rest.setProviders(List.of(
                // Jackson's own mappers first, as if something registered them: ours must still be chosen.
                new com.fasterxml.jackson.jaxrs.base.JsonParseExceptionMapper(),
                new com.fasterxml.jackson.jaxrs.base.JsonMappingExceptionMapper(),
                new JacksonJsonProvider(JsonMapper.create()),
                new BasicAuthFilter(USERS),
                new UnknownQueryParameterFilter(),
                options,
                new SecurityHeaders(),
                new StrataExceptionMapper(),
                new JsonSyntaxProblemMapper(),
                new JsonBindingProblemMapper(),
                new JsonProblemMapper(),
                new WebApplicationExceptionMapper(options),
                new UnexpectedExceptionMapper()));
        rest.getOutInterceptors().add(new ResponseDate());
        Server restServer = rest.create();

        JAXRSServerFactoryBean rest404 = new JAXRSServerFactoryBean();
        rest404.setBus(bus);
        rest404.setAddress("/");
        rest404.setServiceBeans(List.of(new NoSuchResource()));
        rest404.setProviders(List.of(new JacksonJsonProvider(JsonMapper.create()), new SecurityHeaders()));
        rest404.getOutInterceptors().add(new ResponseDate());
        Server rest404Server = rest404.create();

        SoapAuthInterceptor auth = new SoapAuthInterceptor(USERS);
        CxfSoapCaller caller = new CxfSoapCaller();
        endpoints = List.of(
                restServer,
                rest404Server,
                soap("/soap/inventory", new InventoryWebService(inventory, caller), auth),
                soap("/soap/drivers", new DriverWebService(drivers), auth),
                soap("/soap/tasks", new TaskWebService(tasks, caller, vms, scopes), auth),
                soap(
                        "/soap/vms",
                        new VmWebService(vms, snapshotsForTests(), templatesForTests(), caller, scopes, guests),
                        auth),
                soap("/soap/storage", new StorageWebService(storage, caller), auth),
                soap("/soap/hardware", new HardwareWebService(hardware, caller), auth),
                soap(
                        "/soap/datacenter",
                        new DatacenterWebService(
                                clusterProxy, tenantProxy, allocationProxy, placementProxy, caller, powerProxy, scopes),
                        auth),
                soap("/soap/affinity", new org.strata.ws.soap.AffinityWebService(affinityProxy, caller), auth),
                soap("/soap/ha", new org.strata.ws.soap.HaWebService(haProxy, caller), auth),
                soap("/soap/reports", new org.strata.ws.soap.ReportWebService(usageProxy), auth),
                soap("/soap/os", new org.strata.ws.soap.OsWebService(osProxy, caller), auth),
                soap(
                        "/soap/patching",
                        new org.strata.ws.soap.PatchWebService(patchProxy, caller, MAX_UPLOAD_BYTES),
                        auth),
                soap(
                        "/soap/events",
                        new org.strata.ws.soap.EventWebService(
                                new InMemoryServicesForTests.InMemoryEventServiceForTests()),
                        auth));
    }

    private Server soap(String address, Object implementor, SoapAuthInterceptor auth) {
        JaxWsServerFactoryBean factory = new JaxWsServerFactoryBean();
        factory.setBus(bus);
        factory.setAddress(address);
        factory.setServiceBean(implementor);
        factory.getInInterceptors().add(auth);
        factory.getInInterceptors().add(new SoapIdLimit());
        return factory.create();
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> send(String method, String path, String user, String contentType, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header("Authorization", basic(user, PASSWORD));
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Asserts a problem+json answer with this status and code; returns its body for the test's own checks. */
    static JsonNode problem(HttpResponse<String> response, int status, String code) throws Exception {
        assertEquals(response.body(), status, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        JsonNode body = MAPPER.readTree(response.body());
        assertEquals(code, body.get("code").asText());
        return body;
    }

    /** Asserts a 202 with a task of the operation, whose Location names it; returns the task. */
    JsonNode accepted(HttpResponse<String> response, String operation) throws Exception {
        assertEquals(response.body(), 202, response.statusCode());
        JsonNode task = MAPPER.readTree(response.body());
        assertEquals(operation, task.get("operation").asText());
        assertEquals(
                base + "/api/v1/tasks/" + task.get("id").asText(),
                response.headers().firstValue("Location").orElseThrow());
        return task;
    }

    /** As {@link #accepted(HttpResponse, String)}, of a task on this target. */
    JsonNode accepted(HttpResponse<String> response, String operation, String target) throws Exception {
        JsonNode task = accepted(response, operation);
        assertEquals(target, task.get("targetId").asText());
        return task;
    }

    /** A SOAP 1.1 request with this body, in Strata's namespace (prefix {@code s}). */
    static String envelope(String body) {
        return "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:s=\"urn:strata:ws:v1\">"
                + "<soap:Body>" + body + "</soap:Body></soap:Envelope>";
    }

    /** The text of the first element with this local name, whatever its prefix. */
    static String element(String xml, String name) {
        Matcher m = Pattern.compile("<(?:\\w+:)?" + name + ">([^<]*)</").matcher(xml);
        assertTrue(name + " in " + xml, m.find());
        return m.group(1);
    }

    @Override
    protected void after() {
        endpoints.forEach(Server::destroy);
        try {
            if (jetty != null) {
                jetty.stop();
            }
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        } finally {
            if (bus != null) {
                bus.shutdown(true);
            }
        }
    }

    /** Snapshots are the hypervisor's: these HTTP tests see only that the routes answer, with the service's 404. */
    private static org.strata.api.vm.SnapshotService snapshotsForTests() {
        return new org.strata.api.vm.SnapshotService() {
            @Override
            public List<org.strata.api.vm.VmSnapshot> snapshots(String vmId) {
                throw org.strata.api.StrataException.notFound("VM", vmId);
            }

            @Override
            public org.strata.api.task.Task createSnapshot(
                    String vmId, org.strata.api.vm.SnapshotRequest request, String principal) {
                throw org.strata.api.StrataException.notFound("VM", vmId);
            }

            @Override
            public org.strata.api.task.Task revertSnapshot(String vmId, String name, String principal) {
                throw org.strata.api.StrataException.notFound("VM", vmId);
            }

            @Override
            public org.strata.api.task.Task deleteSnapshot(String vmId, String name, String principal) {
                throw org.strata.api.StrataException.notFound("VM", vmId);
            }
        };
    }

    private static org.strata.api.vm.TemplateService templatesForTests() {
        return new org.strata.api.vm.TemplateService() {
            @Override
            public org.strata.api.vm.VirtualMachine markTemplate(String vmId, boolean template, String principal) {
                throw org.strata.api.StrataException.notFound("VM", vmId);
            }

            @Override
            public org.strata.api.task.Task clone(
                    String vmId, org.strata.api.vm.CloneRequest request, String principal) {
                throw org.strata.api.StrataException.notFound("VM", vmId);
            }

            @Override
            public List<org.strata.api.vm.VirtualMachine> linkedClones(String vmId) {
                throw org.strata.api.StrataException.notFound("VM", vmId);
            }
        };
    }
}
