/**
 * What every libvirt-based Strata driver shares: the one libvirt event loop ({@link EventLoop}, a DS
 * component), a {@link org.strata.spi.hypervisor.HypervisorSession} over one libvirt connection opened by a
 * {@link LibvirtConnector}, the neutral spec to domain XML translation ({@link DomainXml}), host capabilities
 * ({@link HostCapabilities}) and the libvirt error to fault mapping ({@link LibvirtFaults}). A driver contributes
 * a small {@link DomainFlavour}: the domain type, OS type, buses and NIC model of its hypervisor.
 */
@Version("1.2.0")
package org.strata.libvirt.support;

import org.osgi.annotation.versioning.Version;
