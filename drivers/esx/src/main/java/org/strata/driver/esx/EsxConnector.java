package org.strata.driver.esx;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.strata.spi.DriverException;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.vsphere.vim.TlsPolicy;
import org.strata.vsphere.vim.VimConnection;
import org.strata.vsphere.vim.VimFault;

/**
 * Logs in to the server an ESX address names and finds its host: what the hypervisor and the datastore driver
 * share. Connections to servers with the same certificate policy share one HTTP client, and so its threads and
 * sockets.
 */
final class EsxConnector {

    /** A logged-in connection and the host it is about. */
    record Connected(EsxAddress address, VimConnection vim, Placement place) {}

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final Map<TlsPolicy, HttpClient> clients = new ConcurrentHashMap<>();

    Connected connect(Endpoint endpoint) {
        EsxAddress address = EsxAddress.parse(endpoint.address());
        if (endpoint.username() == null || endpoint.username().isBlank()) {
            throw new DriverException(Fault.AUTHENTICATION_FAILED, "the vSphere API needs a user name and password");
        }
        HttpClient http = clients.computeIfAbsent(address.tls(), tls -> VimConnection.httpClient(tls, CONNECT_TIMEOUT));
        VimConnection vim;
        try {
            vim = VimConnection.open(http, address.sdk(), REQUEST_TIMEOUT);
        } catch (VimFault e) {
            throw EsxFaults.map("reach " + address.sdk(), e);
        }
        try {
            if (address.vcenter() != vim.isVCenter()) {
                throw new DriverException(
                        Fault.UNSUPPORTED,
                        address.sdk().getAuthority() + " is "
                                + (vim.isVCenter()
                                        ? "a vCenter: name one of its hosts, vpx://SERVER/DATACENTER/[CLUSTER/]HOST"
                                        : "a standalone ESX host: address it as esx://SERVER/"));
            }
            char[] password = endpoint.password().reveal();
            try {
                vim.login(endpoint.username(), password);
            } finally {
                Arrays.fill(password, '\0');
            }
            return new Connected(address, vim, Placement.resolve(vim, address));
        } catch (VimFault e) {
            vim.close();
            throw EsxFaults.map("log in to " + address.sdk().getAuthority(), e);
        } catch (RuntimeException e) {
            vim.close();
            throw e;
        }
    }
}
