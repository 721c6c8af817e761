/**
 * The OS family contract of Strata's SPI (docs/os.md): one driver per family of operating systems (Debian, the RHEL
 * family, Windows Server) that knows its installable profiles, renders their unattended-install answer files, names
 * their network-boot files in an install tree, writes the files that personalize a deployed image, and recognizes its
 * family in what a guest reports. Pure functions of their arguments: no session, no host, nothing to connect to, so
 * that the platform can call them from any thread and a vendor can test them without a machine.
 *
 * <p>2.0: the 1.0 interface had only {@code profiles()} and no implementation; it was redesigned, not extended.
 * 2.1: {@link org.strata.spi.os.ImageRoot}, {@code OsFamilyDriver.imageBoot} (how a deployed image boots from the
 * network: SAN boot, NAS boot) and {@code OsFamilyDriver.seedSerialNumber} (how a VM's image finds its
 * personalization: image deploy).
 * 2.2: patching ({@code OS_PATCHING}): {@link org.strata.spi.os.OsCommand}, {@link org.strata.spi.os.InstalledPackage},
 * {@link org.strata.spi.os.PackageRequirement}, {@link org.strata.spi.os.PackageSource}; {@code packageQuery},
 * {@code parsePackages}, {@code compareVersions}, {@code patchCommands} (a running guest, through its agent) and
 * {@code offlinePatchCommands} (a disk image, through the disk image tools).
 */
@Version("2.2.0")
package org.strata.spi.os;

import org.osgi.annotation.versioning.Version;
