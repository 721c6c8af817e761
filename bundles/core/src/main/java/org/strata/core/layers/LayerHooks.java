package org.strata.core.layers;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.strata.api.inventory.PoolSpec;
import org.strata.api.vm.VirtualMachine;
import org.strata.engine.AdmissionControl;
import org.strata.engine.HostPlacement;
import org.strata.engine.HostStandby;
import org.strata.engine.TaskContext;
import org.strata.engine.VmClaim;
import org.strata.engine.VmLeases;
import org.strata.spi.hypervisor.VmLease;

/**
 * What core asks of the layers above it, when one runs: the datacenter layer's admission control, placement and
 * standby (power management's powered-off hosts). All are optional and dynamic, so that the layer can be stopped, updated or started while core runs: without admission
 * control every claim is admitted, without placement a new VM needs a host.
 *
 * <p>The layer's services are bound by reference and fetched at their first use, not when they are bound: the layer's
 * own components use core's services (the inventory, VMs), whose components use these hooks, and getting the layer's
 * service while core's are being activated would close that circle inside Declarative Services.
 */
@Component(service = LayerHooks.class)
public final class LayerHooks {

    private static final AdmissionControl.Admission NOTHING_HELD = () -> {};

    private final Hook<AdmissionControl> admission = new Hook<>();
    private final Hook<HostPlacement> placement = new Hook<>();
    private final Hook<HostStandby> standby = new Hook<>();
    private final Hook<VmLeases> leases = new Hook<>();
    private volatile BundleContext context;

    @Activate
    void activate(BundleContext bundleContext) {
        this.context = bundleContext;
    }

    @Deactivate
    void deactivate() {
        admission.clear(context);
        placement.clear(context);
        standby.clear(context);
        leases.clear(context);
    }

    /** Admits the claim (or throws what the layer refuses it with); a held claim to close when the work ends. */
    public AdmissionControl.Admission admit(VmClaim claim) {
        AdmissionControl control = admission.get(context);
        return control == null ? NOTHING_HELD : control.admit(claim);
    }

    /** Checks a pool's allocation with the layer, when one runs. */
    public void checkPool(String poolId, PoolSpec spec) {
        AdmissionControl control = admission.get(context);
        if (control != null) {
            control.checkPool(poolId, spec);
        }
    }

    public Optional<HostPlacement> placement() {
        return Optional.ofNullable(placement.get(context));
    }

    /**
     * The host a stopped VM is to start on when it is not its own (the layer found its host cannot take it), or
     * empty: start it where it is. A refusal from the layer (CONFLICT: no host can take it) is thrown.
     */
    public Optional<String> startHost(VirtualMachine vm, String principal) {
        HostPlacement layer = placement.get(context);
        String chosen = layer == null ? null : layer.startHost(vm, principal);
        return chosen == null || chosen.equals(vm.hostId()) ? Optional.empty() : Optional.of(chosen);
    }

    /**
     * Brings the host out of power management's standby before a task uses it (a no-op when the host is not in
     * standby, or when no layer runs: then no host is in standby).
     */
    public void awaken(String hostId, TaskContext taskContext) throws InterruptedException {
        HostStandby layer = standby.get(context);
        if (layer != null) {
            layer.awaken(hostId, taskContext);
        }
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindAdmission(ServiceReference<AdmissionControl> reference) {
        admission.bind(reference, context);
    }

    void unbindAdmission(ServiceReference<AdmissionControl> reference) {
        admission.unbind(reference, context);
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindPlacement(ServiceReference<HostPlacement> reference) {
        placement.bind(reference, context);
    }

    void unbindPlacement(ServiceReference<HostPlacement> reference) {
        placement.unbind(reference, context);
    }

    /**
     * The lease the VM must hold on the host while it runs (docs/ha.md), when a layer asks for one: the VM's id in the
     * lockspace the layer names.
     */
    public Optional<VmLease> lease(VirtualMachine vm, String hostId) {
        VmLeases layer = leases.get(context);
        return layer == null ? Optional.empty() : layer.lockspace(vm, hostId).map(dir -> new VmLease(dir, vm.id()));
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindLeases(ServiceReference<VmLeases> reference) {
        leases.bind(reference, context);
    }

    void unbindLeases(ServiceReference<VmLeases> reference) {
        leases.unbind(reference, context);
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindStandby(ServiceReference<HostStandby> reference) {
        standby.bind(reference, context);
    }

    void unbindStandby(ServiceReference<HostStandby> reference) {
        standby.unbind(reference, context);
    }

    /** For tests: hooks with these (either may be null), outside OSGi. */
    public static LayerHooks of(AdmissionControl control, HostPlacement chooser) {
        return of(control, chooser, null);
    }

    /** For tests: hooks with these (any may be null), outside OSGi. */
    public static LayerHooks of(AdmissionControl control, HostPlacement chooser, HostStandby standby) {
        LayerHooks hooks = new LayerHooks();
        hooks.admission.direct.set(control);
        hooks.placement.direct.set(chooser);
        hooks.standby.direct.set(standby);
        return hooks;
    }

    /** For tests: hooks with these (any may be null), outside OSGi. */
    public static LayerHooks of(
            AdmissionControl control, HostPlacement chooser, HostStandby standby, VmLeases vmLeases) {
        LayerHooks hooks = of(control, chooser, standby);
        hooks.leases.direct.set(vmLeases);
        return hooks;
    }

    /** One optional service: its reference as bound, the service once fetched (or, in tests, given directly). */
    private static final class Hook<T> {
        private final AtomicReference<ServiceReference<T>> reference = new AtomicReference<>();
        private final AtomicReference<T> fetched = new AtomicReference<>();
        final AtomicReference<T> direct = new AtomicReference<>();

        void bind(ServiceReference<T> ref, BundleContext context) {
            ServiceReference<T> old = reference.getAndSet(ref);
            release(old, context);
        }

        void unbind(ServiceReference<T> ref, BundleContext context) {
            if (reference.compareAndSet(ref, null)) {
                release(ref, context);
            }
        }

        synchronized T get(BundleContext context) {
            T given = direct.get();
            if (given != null) {
                return given;
            }
            ServiceReference<T> ref = reference.get();
            if (ref == null || context == null) {
                return null;
            }
            T service = fetched.get();
            if (service == null) {
                service = context.getService(ref);
                fetched.set(service);
            }
            return service;
        }

        void clear(BundleContext context) {
            release(reference.getAndSet(null), context);
        }

        private synchronized void release(ServiceReference<T> ref, BundleContext context) {
            if (ref != null && fetched.getAndSet(null) != null && context != null) {
                try {
                    context.ungetService(ref);
                } catch (IllegalStateException | IllegalArgumentException e) {
                    // The framework already let it go (its bundle stopped): nothing to give back.
                }
            }
        }
    }
}
