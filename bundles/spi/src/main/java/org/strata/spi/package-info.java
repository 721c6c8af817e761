/**
 * Strata's driver SPI: what a vendor implements to make a technology manageable.
 *
 * <p>A driver is an OSGi service that implements {@link org.strata.spi.Driver} and one kind-specific
 * contract ({@link org.strata.spi.hypervisor.HypervisorDriver}, {@link org.strata.spi.hardware.HardwareDriver},
 * {@link org.strata.spi.storage.StorageDriver}, {@link org.strata.spi.os.OsFamilyDriver}). It describes itself
 * with a {@link org.strata.spi.DriverDescriptor}: what it cannot do is data in its capability set, not a surprise
 * at run time. Every failure is a {@link org.strata.spi.DriverException} with one {@link org.strata.spi.Fault}, and a
 * message in words: {@link org.strata.spi.Reasons} says a caught exception in words (since 1.2). What it takes in
 * requests (formats, buses, name rules, credential limits) is data too: the descriptor's
 * {@link org.strata.spi.Vocabulary} (since 1.3).
 *
 * <p>This bundle depends on the JDK and OSGi annotations alone. Its packages follow semantic versioning: a
 * driver built against 1.x runs on every 1.y with y &gt;= x.
 */
@Version("1.7.0")
package org.strata.spi;

import org.osgi.annotation.versioning.Version;
