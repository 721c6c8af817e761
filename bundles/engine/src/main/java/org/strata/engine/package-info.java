/**
 * The engine: what a core bundle above the machine layer (the datacenter layer, HA, provisioning, automation)
 * builds on, with this package and {@code org.strata.api} alone.
 *
 * <ul>
 *   <li>{@link org.strata.engine.TaskEngine}: long work as tasks, never two at once on the same target, on
 *       {@linkplain org.strata.engine.Lane lanes} so that urgent work never waits behind slow work;</li>
 *   <li>{@link org.strata.engine.EventFeed}: record events and follow them as they are recorded;</li>
 *   <li>{@link org.strata.engine.LiveHosts}: how each host is doing now, and its latest statistics;</li>
 *   <li>{@link org.strata.engine.DriverSessions}: call a host's driver through the platform's pooled session.</li>
 * </ul>
 *
 * <p>And the other way round (since 1.1), what core asks of a layer that registers it as an OSGi service
 * ({@code @ConsumerType}): {@link org.strata.engine.AdmissionControl}, whether a VM change may take the resources it
 * asks for, and {@link org.strata.engine.HostPlacement}, which host a new VM goes to; since 1.2,
 * {@link org.strata.engine.HostStandby}, bringing a host that power management powered off back before a VM is defined
 * or started on it; since 1.3, {@link org.strata.engine.HostPlacement#startHost}, where a stopped VM that its host
 * can no longer take is to start. Core works without them: then nothing is refused for want of resources, a new VM needs a host, and
 * no host is in standby.
 *
 * <p>Every service above is implemented by Strata's core ({@code @ProviderType}); a bundle consumes them as OSGi
 * services. The package follows semantic versioning: a bundle built against 1.x runs on every 1.y with y &gt;= x.
 */
@Version("1.6.0")
package org.strata.engine;

import org.osgi.annotation.versioning.Version;
