package org.strata.core.layers;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.strata.api.inventory.PoolSpec;
import org.strata.engine.AdmissionControl;
import org.strata.engine.HostPlacement;
import org.strata.engine.VmClaim;

/**
 * What core asks of the layers above it, when one runs: the datacenter layer's admission control and placement. Both
 * are optional and dynamic, so that the layer can be stopped, updated or started while core runs: without admission
 * control every claim is admitted, without placement a new VM needs a host.
 */
@Component(service = LayerHooks.class)
public final class LayerHooks {

    private static final AdmissionControl.Admission NOTHING_HELD = () -> {};

    private final AtomicReference<AdmissionControl> admission = new AtomicReference<>();
    private final AtomicReference<HostPlacement> placement = new AtomicReference<>();

    /** Admits the claim (or throws what the layer refuses it with); a held claim to close when the work ends. */
    public AdmissionControl.Admission admit(VmClaim claim) {
        AdmissionControl control = admission.get();
        return control == null ? NOTHING_HELD : control.admit(claim);
    }

    /** Checks a pool's allocation with the layer, when one runs. */
    public void checkPool(String poolId, PoolSpec spec) {
        AdmissionControl control = admission.get();
        if (control != null) {
            control.checkPool(poolId, spec);
        }
    }

    public Optional<HostPlacement> placement() {
        return Optional.ofNullable(placement.get());
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindAdmission(AdmissionControl control) {
        admission.set(control);
    }

    void unbindAdmission(AdmissionControl control) {
        admission.compareAndSet(control, null);
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindPlacement(HostPlacement chooser) {
        placement.set(chooser);
    }

    void unbindPlacement(HostPlacement chooser) {
        placement.compareAndSet(chooser, null);
    }

    /** For tests: hooks with these (either may be null). */
    public static LayerHooks of(AdmissionControl control, HostPlacement chooser) {
        LayerHooks hooks = new LayerHooks();
        if (control != null) {
            hooks.bindAdmission(control);
        }
        if (chooser != null) {
            hooks.bindPlacement(chooser);
        }
        return hooks;
    }
}
