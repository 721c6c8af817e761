package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.datacenter.Quota;
import org.strata.api.datacenter.Tenant;
import org.strata.api.datacenter.TenantService;
import org.strata.api.datacenter.TenantSpec;
import org.strata.shell.Layer;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.StrataAction;

@Command(scope = "strata", name = "tenant-add", description = "Creates a tenant, with its quota")
@Service
public class TenantAdd extends StrataAction {

    @Reference(optional = true)
    TenantService tenants;

    @Argument(
            index = 0,
            name = "name",
            description = "The tenant's name (its users have the role tenant:<name>)",
            required = true)
    String name;

    @Option(name = "--description", aliases = "-d", description = "A description")
    String description;

    @Option(name = "--max-vms", description = "Most VMs (default: unlimited)")
    Integer vms;

    @Option(name = "--max-cpus", description = "Most vCPUs (default: unlimited)")
    Integer cpus;

    @Option(name = "--max-memory-mb", description = "Most memory in MB (default: unlimited)")
    Long memoryMb;

    @Option(name = "--max-storage-gb", description = "Most storage in GB (default: unlimited)")
    Long storageGb;

    @Override
    protected void run() {
        Tenant t = Layer.required(tenants)
                .createTenant(
                        new TenantSpec(name, description, new Quota(vms, cpus, memoryMb, storageGb)),
                        ShellPrincipal.current());
        out().println("Tenant " + t.name() + " created: " + t.id());
    }
}
