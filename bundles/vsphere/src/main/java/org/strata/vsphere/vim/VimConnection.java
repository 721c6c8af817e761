package org.strata.vsphere.vim;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLHandshakeException;
import javax.xml.stream.XMLStreamException;
import org.strata.spi.Reasons;

/**
 * One session with a vSphere endpoint (an ESX host or a vCenter) over vim25 SOAP/HTTP. Thread-safe: requests
 * may be sent from several threads at once; they share the session cookie. When the server has dropped the
 * session (vCenter does after 30 idle minutes) the next call logs in again once, with the credentials given to
 * {@link #login}, and is retried.
 *
 * <p>The {@link HttpClient} is the caller's, so that many connections share one (its threads and sockets) per
 * {@link TlsPolicy}: see {@link #httpClient}.
 */
public final class VimConnection implements AutoCloseable {

    private static final String ENVELOPE_START = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
            + " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
            + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body>";
    private static final String ENVELOPE_END = "</soapenv:Body></soapenv:Envelope>";
    private static final String COOKIE = "vmware_soap_session";
    private static final MoRef SERVICE_INSTANCE = new MoRef("ServiceInstance", "ServiceInstance");

    private final HttpClient http;
    private final URI sdk;
    private final Duration timeout;
    private final Replies replies = new Replies();
    private final XmlNode content;
    private final String soapAction;
    private final Object loginLock = new Object();

    private volatile String cookie;
    private volatile String username;
    private volatile char[] password;

    private VimConnection(HttpClient http, URI sdk, Duration timeout, XmlNode content) {
        this.http = http;
        this.sdk = sdk;
        this.timeout = timeout;
        this.content = content;
        String version = content.text("about/apiVersion");
        this.soapAction = "urn:vim25/" + (version == null || version.isEmpty() ? "6.5" : version);
    }

    /** An HTTP client for vim25 connections that accept certificates as {@code tls} says. */
    public static HttpClient httpClient(TlsPolicy tls, Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .sslContext(tls.sslContext())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Reaches the endpoint and reads its service content (what it is, where its managers are); no login yet.
     *
     * @param sdk     the API's URL, {@code https://host/sdk}
     * @param timeout how long one request may take
     * @throws VimFault {@link VimFault#TRANSPORT} when nothing answers in vim25
     */
    public static VimConnection open(HttpClient http, URI sdk, Duration timeout) {
        VimConnection probe = new VimConnection(http, sdk, timeout, new XmlNode("none", null, null, "", List.of()));
        XmlNode content = probe.send("RetrieveServiceContent", SERVICE_INSTANCE, new Object[0]);
        if (content == null || content.child("rootFolder") == null) {
            throw new VimFault(VimFault.TRANSPORT, sdk + " did not answer as a vSphere API");
        }
        return new VimConnection(http, sdk, timeout, content);
    }

    /** The service content: {@code about}, {@code rootFolder}, {@code propertyCollector}, ... */
    public XmlNode serviceContent() {
        return content;
    }

    /** One of the service content's managers ("propertyCollector", "searchIndex", "viewManager"), or null. */
    public MoRef service(String name) {
        return content.moRef(name);
    }

    /** "VirtualCenter" for a vCenter, "HostAgent" for a standalone ESX host. */
    public String apiType() {
        return content.text("about/apiType");
    }

    public boolean isVCenter() {
        return "VirtualCenter".equals(apiType());
    }

    /** The product's full name and build, for people ("VMware vCenter Server 6.5.0 build-5973321"). */
    public String fullName() {
        return content.text("about/fullName");
    }

    public String version() {
        return content.text("about/version");
    }

    /** The server's own id (vCenter's instance UUID); null on ESX. */
    public String instanceUuid() {
        return content.text("about/instanceUuid");
    }

    public URI url() {
        return sdk;
    }

    /**
     * Logs in with a user name and password ({@code SessionManager.Login}); keeps them to log in again when the
     * server drops the session. The password array is copied; the caller may clear its own.
     *
     * @throws VimFault {@code InvalidLogin} when the server refuses them
     */
    public void login(String user, char[] secret) {
        Objects.requireNonNull(user, "user");
        char[] copy = secret == null ? new char[0] : secret.clone();
        synchronized (loginLock) {
            doLogin(user, copy);
            this.username = user;
            this.password = copy;
        }
    }

    private void doLogin(String user, char[] secret) {
        cookie = null;
        send("Login", service("sessionManager"), new Object[] {
            VimElement.el("userName", user), VimElement.el("password", new String(secret))
        });
    }

    /**
     * Invokes a method on a managed object and answers its {@code returnval} (null for a void method).
     *
     * @param params the method's parameters after {@code _this}, in the schema's order; nulls are left out
     */
    public XmlNode invoke(String method, MoRef self, Object... params) {
        List<XmlNode> all = invokeAll(method, self, params);
        return all.isEmpty() ? null : all.get(0);
    }

    /** Like {@link #invoke}, for methods that answer an array: every {@code returnval}. */
    public List<XmlNode> invokeAll(String method, MoRef self, Object... params) {
        return withSession(() -> returnvals(method, self, params));
    }

    /**
     * The property collector's {@code RetrievePropertiesEx}, following the continuation token to the end.
     *
     * @param specSet a {@code PropertyFilterSpec} element named {@code specSet}
     */
    public List<ObjectContent> retrieve(VimElement specSet) {
        return withSession(() -> retrieveOnce(specSet));
    }

    private List<ObjectContent> retrieveOnce(VimElement specSet) {
        MoRef collector = service("propertyCollector");
        List<ObjectContent> out = new ArrayList<>();
        List<XmlNode> first =
                returnvals("RetrievePropertiesEx", collector, new Object[] {specSet, VimElement.el("options")});
        XmlNode result = first.isEmpty() ? null : first.get(0);
        while (result != null) {
            for (XmlNode object : result.all("objects")) {
                refuseUnauthenticated(object);
                out.add(objectContent(object));
            }
            String token = result.text("token");
            if (token == null || token.isEmpty()) {
                break;
            }
            List<XmlNode> next =
                    returnvals("ContinueRetrievePropertiesEx", collector, new Object[] {VimElement.el("token", token)});
            result = next.isEmpty() ? null : next.get(0);
        }
        return out;
    }

    /**
     * The property collector reports a dropped session per property ({@code missingSet} with a NotAuthenticated
     * fault) rather than as a fault of the call; it is one all the same.
     */
    private static void refuseUnauthenticated(XmlNode object) {
        for (XmlNode missing : object.all("missingSet")) {
            XmlNode fault = missing.at("fault/fault");
            if (fault != null && "NotAuthenticated".equals(fault.xsiType())) {
                throw VimFault.serverFault("NotAuthenticated", "the session has ended");
            }
        }
    }

    /** Runs a call; when the server has dropped the session, logs in again once and runs it again. */
    private <T> T withSession(java.util.function.Supplier<T> call) {
        String sent = cookie;
        try {
            return call.get();
        } catch (VimFault fault) {
            if (!fault.is("NotAuthenticated") || username == null) {
                throw fault;
            }
            synchronized (loginLock) {
                // Another thread may have logged in again meanwhile.
                if (Objects.equals(sent, cookie)) {
                    doLogin(username, password);
                }
            }
            return call.get();
        }
    }

    /** The properties of one object, or null when the server does not know it any more. */
    public ObjectContent properties(MoRef obj, String... paths) {
        VimElement spec = VimElement.el(
                "specSet",
                VimElement.el(
                        "propSet", VimElement.el("type", obj.type()), VimElement.each("pathSet", Arrays.asList(paths))),
                VimElement.el("objectSet", VimElement.el("obj", obj), VimElement.el("skip", false)));
        List<ObjectContent> found = retrieve(spec);
        return found.isEmpty() ? null : found.get(0);
    }

    /** Reads one {@code ObjectContent} element of a reply. */
    public static ObjectContent objectContent(XmlNode object) {
        Map<String, XmlNode> props = new HashMap<>();
        for (XmlNode prop : object.all("propSet")) {
            XmlNode val = prop.child("val");
            if (val != null) {
                props.put(prop.text("name"), val);
            }
        }
        return new ObjectContent(object.moRef("obj"), props);
    }

    /** Logs out; never throws (the session may be gone already). */
    @Override
    public void close() {
        if (cookie == null) {
            return;
        }
        try {
            send("Logout", service("sessionManager"), new Object[0]);
        } catch (RuntimeException ignored) {
            // The session ends with the server's timeout instead.
        } finally {
            cookie = null;
            char[] secret = password;
            if (secret != null) {
                Arrays.fill(secret, '\0');
            }
        }
    }

    private List<XmlNode> returnvals(String method, MoRef self, Object[] params) {
        XmlNode response = sendForResponse(method, self, params);
        return response == null ? List.of() : response.all("returnval");
    }

    private XmlNode send(String method, MoRef self, Object[] params) {
        XmlNode response = sendForResponse(method, self, params);
        return response == null ? null : response.child("returnval");
    }

    /** Posts one request; answers the {@code <METHODResponse>} element, or throws the fault. */
    private XmlNode sendForResponse(String method, MoRef self, Object[] params) {
        StringBuilder body = new StringBuilder(256)
                .append(ENVELOPE_START)
                .append('<')
                .append(method)
                .append(" xmlns=\"urn:vim25\">");
        VimElement.el("_this", self).write(body);
        for (Object p : params) {
            if (p instanceof VimElement x) {
                x.write(body);
            } else if (p instanceof List<?> list) {
                for (Object item : list) {
                    ((VimElement) item).write(body);
                }
            } else if (p != null) {
                throw new IllegalArgumentException("parameters are VimElement elements: " + p);
            }
        }
        body.append("</").append(method).append('>').append(ENVELOPE_END);

        HttpRequest.Builder request = HttpRequest.newBuilder(sdk)
                .timeout(timeout)
                .header("Content-Type", "text/xml; charset=utf-8")
                .header("SOAPAction", soapAction)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        String session = cookie;
        if (session != null) {
            request.header("Cookie", COOKIE + "=" + session);
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (SSLHandshakeException e) {
            throw new VimFault("CertificateNotTrusted", sdk.getHost() + ": " + Reasons.of(e), e);
        } catch (IOException e) {
            // The connect timeout is the client's own, shorter than a request's.
            Duration limit = e instanceof HttpConnectTimeoutException
                    ? http.connectTimeout().orElse(timeout)
                    : timeout;
            throw new VimFault(VimFault.TRANSPORT, sdk.getAuthority() + " did not answer: " + Reasons.of(e, limit), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VimFault(VimFault.TRANSPORT, "interrupted while waiting for " + sdk.getAuthority(), e);
        }
        response.headers().allValues("Set-Cookie").forEach(this::takeCookie);

        XmlNode envelope;
        try (InputStream in = response.body()) {
            envelope = replies.parse(in);
        } catch (IOException | XMLStreamException e) {
            throw new VimFault(
                    VimFault.TRANSPORT,
                    sdk.getAuthority() + " answered HTTP " + response.statusCode() + " without a SOAP reply",
                    e);
        }
        XmlNode bodyNode = envelope.child("Body");
        if (bodyNode == null) {
            throw new VimFault(VimFault.TRANSPORT, sdk.getAuthority() + " answered without a SOAP body");
        }
        XmlNode fault = bodyNode.child("Fault");
        if (fault != null) {
            throw fault(fault);
        }
        return bodyNode.child(method + "Response");
    }

    private void takeCookie(String header) {
        String prefix = COOKIE + "=";
        int start = header.indexOf(prefix);
        if (start >= 0) {
            int end = header.indexOf(';', start);
            String value = header.substring(start + prefix.length(), end < 0 ? header.length() : end)
                    .trim();
            if (value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2) {
                value = value.substring(1, value.length() - 1);
            }
            cookie = value;
        }
    }

    /** A SOAP fault: its type from the detail element ({@code <InvalidLoginFault xsi:type="InvalidLogin">}). */
    static VimFault fault(XmlNode fault) {
        String message = fault.text("faultstring");
        String type = null;
        XmlNode detail = fault.child("detail");
        if (detail != null && !detail.children().isEmpty()) {
            XmlNode first = detail.children().get(0);
            type = first.xsiType() != null ? first.xsiType() : first.name();
            if (type.endsWith("Fault") && first.xsiType() == null) {
                type = type.substring(0, type.length() - "Fault".length());
            }
        }
        if (type == null) {
            type = fault.text("faultcode");
        }
        return VimFault.serverFault(type, message == null || message.isEmpty() ? type : message);
    }
}
