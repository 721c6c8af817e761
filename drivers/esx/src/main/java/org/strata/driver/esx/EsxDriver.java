package org.strata.driver.esx;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;
import org.strata.spi.Capability;
import org.strata.spi.Driver;
import org.strata.spi.DriverDescriptor;
import org.strata.spi.DriverException;
import org.strata.spi.DriverKind;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.hypervisor.HypervisorDriver;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.vsphere.vim.TlsPolicy;
import org.strata.vsphere.vim.VimConnection;
import org.strata.vsphere.vim.VimFault;

/**
 * VMware ESX hosts over the vSphere Web Services API (vim25), standalone ({@code esx://host/}) or managed by a
 * vCenter ({@code vpx://vcenter/DATACENTER/CLUSTER/host}); see {@link EsxAddress}. Sessions to one server share an
 * HTTP client per certificate policy, and so its threads and connections.
 */
@Component(service = {Driver.class, HypervisorDriver.class})
public final class EsxDriver implements HypervisorDriver {

    static final String ID = "esx";

    private static final DriverDescriptor DESCRIPTOR = new DriverDescriptor(
            ID, DriverKind.HYPERVISOR, "Strata", "0.1.0",
            "VMware ESX over the vSphere API: esx://host/ (standalone) or vpx://vcenter/DC/[CLUSTER/]host",
            EnumSet.of(Capability.VM_POWER, Capability.VM_DEFINE, Capability.VM_SUSPEND, Capability.DEVICE_HOTPLUG,
                    Capability.RESOURCE_SETTINGS, Capability.VM_STATISTICS, Capability.HOST_STATISTICS,
                    Capability.LIVE_MIGRATION, Capability.VM_EVENTS));

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final Map<TlsPolicy, HttpClient> clients = new ConcurrentHashMap<>();

    @Override
    public DriverDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public HypervisorSession open(Endpoint endpoint) {
        EsxAddress address = EsxAddress.parse(endpoint.address());
        if (endpoint.username() == null || endpoint.username().isBlank()) {
            throw new DriverException(Fault.AUTHENTICATION_FAILED, "the vSphere API needs a user name and password");
        }
        HttpClient http = clients.computeIfAbsent(address.tls(),
                tls -> VimConnection.httpClient(tls, CONNECT_TIMEOUT));
        VimConnection vim;
        try {
            vim = VimConnection.open(http, address.sdk(), REQUEST_TIMEOUT);
        } catch (VimFault e) {
            throw EsxFaults.map("reach " + address.sdk(), e);
        }
        try {
            if (address.vcenter() != vim.isVCenter()) {
                throw new DriverException(Fault.UNSUPPORTED, address.sdk().getAuthority() + " is "
                        + (vim.isVCenter() ? "a vCenter: name one of its hosts, vpx://SERVER/DATACENTER/[CLUSTER/]HOST"
                        : "a standalone ESX host: address it as esx://SERVER/"));
            }
            char[] password = endpoint.password().reveal();
            try {
                vim.login(endpoint.username(), password);
            } finally {
                Arrays.fill(password, '\0');
            }
            Placement place = Placement.resolve(vim, address);
            return new EsxSession(ID, address, vim, place);
        } catch (VimFault e) {
            vim.close();
            throw EsxFaults.map("log in to " + address.sdk().getAuthority(), e);
        } catch (RuntimeException e) {
            vim.close();
            throw e;
        }
    }
}
