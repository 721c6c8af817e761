#!/usr/bin/env bash
# A small bootable Debian 12 image for the OS-provisioning tests, built once and cached. See README.md.
#
#   tools/test-env/golden-image.sh build    (root) build it unless the cache holds one of this recipe's version;
#                                           print KEY=VALUE lines (IMAGE, KERNEL, INITRD, ROOTFS, VERSION)
#   tools/test-env/golden-image.sh path     print the same lines; exit 1 when no current image is cached
#   tools/test-env/golden-image.sh remove   (root) remove the image, its kernel, initrd and root tree
#
# The image: debootstrap (minbase, then PACKAGES with apt) from this machine's own apt source, one ext4
# partition labelled strata-root on an MBR disk with GRUB (so it boots from disk and from an iSCSI LUN through
# iPXE's sanboot), serial console on ttyS0, cloud-init (NoCloud), qemu-guest-agent, systemd-networkd (DHCP on
# every Ethernet NIC), an initramfs that mounts its root from NFS (BOOT=nfs) or from an iSCSI LUN named by iBFT.
# Everything lives under /var/cache/strata-test-env/images, outside /var/lib/strata-test-env: stop-all leaves it.
set -euo pipefail

SCRIPT_NAME="golden-image.sh"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR
. "$HERE/lib.sh"

DIR="${STRATA_IMAGE_DIR:-/var/cache/strata-test-env/images}"
NAME="debian-12-amd64"
IMAGE="$DIR/$NAME.qcow2"
KERNEL="$DIR/$NAME.vmlinuz"
INITRD="$DIR/$NAME.initrd"
ROOTFS="$DIR/$NAME.rootfs"
STAMP="$DIR/$NAME.version"
# The .deb files debootstrap fetched: a rebuild after a recipe change downloads nothing again.
DEBS="$DIR/debs"
SUITE="bookworm"
LABEL="strata-root"
# The virtual disk's size; qcow2 stores only what the file system uses.
DISK_MIB=3072
# Packages on top of minbase, installed by apt inside the new tree: debootstrap's own --include resolves no virtual
# packages (python3-cryptography, which cloud-init needs, failed to configure: python3-cffi-backend-api-min).
# dbus: hostnamectl, which cloud-init sets the host name with; e2fsprogs: fsck and resize2fs for cloud-init's
# growpart; open-iscsi: iscsistart in the initramfs (root on an iBFT LUN); udev and kmod: devices and modules at
# boot; iproute2: the NIC from a shell; grub-pc: update-grub keeps working inside the image after a kernel update;
# sudo: cloud-init's default user gets root through it (its sudoers rule means nothing without it).
PACKAGES=(linux-image-amd64 grub-pc systemd-sysv udev kmod dbus cloud-init qemu-guest-agent openssh-server curl
    initramfs-tools open-iscsi e2fsprogs iproute2 netbase sudo)
# Bump when the recipe below changes: a cached image of another version is rebuilt.
VERSION="5"

# The Debian mirror this machine's apt uses for bookworm (deb822 .sources or one-line .list), never a guess.
apt_mirror() {
    local f uri
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        # deb822 stanzas are separated by blank lines; the first stanza with Suites: bookworm and a URI.
        uri="$(awk -v suite="$SUITE" '
            BEGIN { RS = ""; FS = "\n" }
            {
                uris = ""; ok = 0; types = 0
                for (i = 1; i <= NF; i++) {
                    if ($i ~ /^URIs:/) { sub(/^URIs:[ \t]*/, "", $i); split($i, u, /[ \t]+/); uris = u[1] }
                    if ($i ~ /^Suites:/ && (" " $i " ") ~ (" " suite " ")) ok = 1
                    if ($i ~ /^Types:/ && $i ~ /(^|[ \t])deb([ \t]|$)/) types = 1
                }
                if (ok && types && uris != "") { print uris; exit }
            }' "$f")"
        [ -n "$uri" ] && { echo "$uri"; return 0; }
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        uri="$(awk -v suite="$SUITE" '$1 == "deb" {
                i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
                if ($(i + 1) == suite) { print $i; exit } }' "$f")"
        [ -n "$uri" ] && { echo "$uri"; return 0; }
    done
    die "no '$SUITE' source in /etc/apt/sources.list or /etc/apt/sources.list.d: debootstrap needs a Debian mirror"
}

current() { [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$VERSION" ] && [ -s "$IMAGE" ] && [ -s "$KERNEL" ] &&
    [ -s "$INITRD" ] && [ -d "$ROOTFS" ]; }

print_paths() {
    echo "IMAGE=$IMAGE"
    echo "KERNEL=$KERNEL"
    echo "INITRD=$INITRD"
    echo "ROOTFS=$ROOTFS"
    echo "VERSION=$VERSION"
}

ensure_packages() {
    local missing=()
    command -v debootstrap >/dev/null || missing+=(debootstrap)
    command -v mkfs.ext4 >/dev/null || missing+=(e2fsprogs)
    command -v sfdisk >/dev/null || missing+=(fdisk)
    command -v qemu-img >/dev/null || missing+=(qemu-utils)
    # GRUB's BIOS images (boot.img, the modules core.img is made of) and grub-mkimage on this machine.
    [ -f /usr/lib/grub/i386-pc/boot.img ] || missing+=(grub-pc-bin)
    command -v grub-mkimage >/dev/null || missing+=(grub-common)
    install_packages "${missing[@]}"
}

# Before apt installs the kernel: what the one initramfs it makes must hold, and answers to the packages' questions.
preconfigure_root() {
    local root="$1"
    if [ -z "$root" ] || [ "$root" = / ]; then die "no tree to configure"; fi
    if [ -z "$root" ] || [ "$root" = / ]; then die "no tree to configure"; fi
    # No service starts inside the chroot.
    printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
    chmod 0755 "$root/usr/sbin/policy-rc.d"
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    # The initramfs: NFS root (BOOT=nfs, initramfs-tools' own), iSCSI root (open-iscsi's local-top script) and the
    # drivers of a VM's disk and NIC, whatever the build machine runs on (MODULES=most is Debian's default but picks
    # by what it finds). A hook of our own rather than /etc/initramfs-tools/modules, a conffile of initramfs-tools.
    # iscsi.initramfs with ISCSI_AUTO=true: log in to the LUNs iBFT names (iPXE's sanboot fills the iBFT table);
    # without an iBFT table iscsistart -b fails at once and the boot goes on (after a DHCP round in the initramfs).
    mkdir -p "$root/etc/initramfs-tools/hooks" "$root/etc/iscsi"
    cat >"$root/etc/initramfs-tools/hooks/strata-netroot" <<'HOOK'
#!/bin/sh
[ "$1" = prereqs ] && exit 0
. /usr/share/initramfs-tools/hook-functions
manual_add_modules nfs nfsv3 nfsv4 virtio_net virtio_blk virtio_scsi virtio_pci e1000 ahci iscsi_tcp iscsi_ibft \
    overlay
HOOK
    chmod 0755 "$root/etc/initramfs-tools/hooks/strata-netroot"
    # strata.overlay=tmpfs on the kernel command line: the root the initramfs mounted (NFS, or a disk) becomes the
    # read-only lower layer of an overlayfs whose upper layer is a tmpfs, so that several machines share one
    # exported tree and each one's writes stay in its RAM (diskless-cluster style, as LTSP and Warewulf do).
    # In nfs-bottom and local-bottom: after the root is mounted on $rootmnt, before init-bottom (udev's script
    # there moves /dev into the root, which must be the overlay by then). The layers stay visible in the booted
    # system under /run/strata-overlay (init moves /run into the root with its mounts).
    mkdir -p "$root/etc/initramfs-tools/scripts/nfs-bottom" "$root/etc/initramfs-tools/scripts/local-bottom"
    cat >"$root/etc/initramfs-tools/scripts/nfs-bottom/strata-overlay" <<'OVERLAY'
#!/bin/sh
# Written by tools/test-env/golden-image.sh: strata.overlay=tmpfs puts the root under a tmpfs overlay.
case "$1" in prereqs) exit 0 ;; esac
overlay=""
for arg in $(cat /proc/cmdline); do
    case "$arg" in strata.overlay=*) overlay="${arg#strata.overlay=}" ;; esac
done
[ "$overlay" = tmpfs ] || exit 0
d=/run/strata-overlay
echo "strata-overlay: $rootmnt becomes the read-only lower layer under a tmpfs upper layer ($d)"
modprobe -q overlay || true
mkdir -p "$d"
mount -t tmpfs -o mode=0755 strata-overlay "$d" || { echo "strata-overlay: no tmpfs, root left as it is"; exit 0; }
mkdir -p "$d/lower" "$d/upper" "$d/work"
mount -n -o move "$rootmnt" "$d/lower" || { echo "strata-overlay: cannot move $rootmnt"; exit 1; }
# klibc's mount wants a device even for a remount (the kernel ignores it then).
mount -n -o remount,ro strata-lower "$d/lower" || echo "strata-overlay: the lower layer stays as it was mounted"
if ! mount -t overlay -o "lowerdir=$d/lower,upperdir=$d/upper,workdir=$d/work" overlay "$rootmnt"; then
    echo "strata-overlay: overlay mount failed, root is the lower layer alone"
    mount -n -o move "$d/lower" "$rootmnt"
fi
exit 0
OVERLAY
    chmod 0755 "$root/etc/initramfs-tools/scripts/nfs-bottom/strata-overlay"
    cp -p "$root/etc/initramfs-tools/scripts/nfs-bottom/strata-overlay" \
        "$root/etc/initramfs-tools/scripts/local-bottom/strata-overlay"
    echo "ISCSI_AUTO=true" >"$root/etc/iscsi/iscsi.initramfs"
    # grub-pc: install to no device (make_disk writes GRUB into the image), and a later update-grub inside the
    # image keeps the serial console.
    printf 'grub-pc grub-pc/install_devices multiselect\ngrub-pc grub-pc/install_devices_empty boolean true\n' |
        chroot "$root" debconf-set-selections
    mkdir -p "$root/etc/default"
    cat >"$root/etc/default/grub" <<'GRUB'
GRUB_DEFAULT=0
GRUB_TIMEOUT=1
GRUB_DISTRIBUTOR=Debian
GRUB_CMDLINE_LINUX_DEFAULT=""
GRUB_CMDLINE_LINUX="console=tty0 console=ttyS0,115200n8"
GRUB_TERMINAL="serial console"
GRUB_SERIAL_COMMAND="serial --unit=0 --speed=115200"
GRUB
}

# Runs in the new root tree (chroot), after the packages: everything else that makes it the golden image.
configure_root() {
    local root="$1"
    if [ -z "$root" ] || [ "$root" = / ]; then die "no tree to configure"; fi
    echo "strata-golden" >"$root/etc/hostname"
    printf '127.0.0.1 localhost\n127.0.1.1 strata-golden\n' >"$root/etc/hosts"
    # No root entry: the kernel command line says where root is (a disk label, NFS or an iSCSI LUN) and "rw";
    # an fstab line naming the disk would make an NFS boot wait for a device that never comes.
    echo "# root: from the kernel command line (disk, NFS or iSCSI)" >"$root/etc/fstab"
    # DHCP on every Ethernet NIC whatever its name (eth0, ens3, enp0s3). IPv4 only: with DHCP=yes networkd also
    # waits for a DHCPv6 answer that QEMU's user network never gives, and systemd-networkd-wait-online (which
    # cloud-init's network stage waits for) held every boot for its whole 2-minute time-out. KeepConfiguration: on
    # an NFS or iSCSI root the initramfs configured the NIC, and dropping that address would cut the root away.
    mkdir -p "$root/etc/systemd/network"
    cat >"$root/etc/systemd/network/90-strata-dhcp.network" <<'EOF'
[Match]
Type=ether

[Network]
DHCP=ipv4
KeepConfiguration=yes
EOF
    # A NIC that carries the root file system (iSCSI through iBFT, or NFS) stays as the initramfs configured it:
    # on a SAN boot with networkd managing that NIC, the root's I/O stopped once networkd started (every process
    # that read the disk hung; measured twice). Before networkd starts, a unit writes a runtime .network file that
    # leaves that NIC unmanaged; it sorts before cloud-init's own (10-cloud-init-*.network).
    cat >"$root/usr/local/sbin/strata-netroot" <<'EOF'
#!/bin/sh
# Written by tools/test-env/golden-image.sh: leaves the NIC of a network root to the initramfs's configuration.
ifaces=""
# open-iscsi's initramfs names the NIC it configured even when no login happened (a disk boot): only a session counts.
if [ -r /run/initramfs/open-iscsi.interface ] && [ -n "$(ls /sys/class/iscsi_session 2>/dev/null)" ]; then
    ifaces="$(cat /run/initramfs/open-iscsi.interface)"
fi
if grep -qE '(^| )(root=/dev/nfs|boot=nfs)( |$)' /proc/cmdline; then
    for f in /run/net-*.conf; do
        [ -r "$f" ] && ifaces="$ifaces $(sed -n "s/^DEVICE='\{0,1\}\([^']*\)'\{0,1\}$/\1/p" "$f")"
    done
fi
mkdir -p /run/systemd/network
for i in $ifaces; do
    printf '[Match]\nName=%s\n\n[Link]\nUnmanaged=yes\n' "$i" >"/run/systemd/network/05-strata-netroot-$i.network"
done
EOF
    chmod 0755 "$root/usr/local/sbin/strata-netroot"
    cat >"$root/etc/systemd/system/strata-netroot.service" <<'EOF'
[Unit]
Description=Leave the network root's NIC to the initramfs
DefaultDependencies=no
Before=systemd-networkd.service network-pre.target
Wants=network-pre.target

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/strata-netroot

[Install]
WantedBy=sysinit.target
EOF
    # cloud-init's network stage waits for systemd-networkd-wait-online, which by default waits for every link to be
    # fully configured: on an iSCSI root (measured: iPXE sanboot, iBFT) it still waited after 2 min 50 s, and the
    # boot never reached cloud-init. One link with a routable IPv4 address is what a provisioned machine needs.
    mkdir -p "$root/etc/systemd/system/systemd-networkd-wait-online.service.d"
    cat >"$root/etc/systemd/system/systemd-networkd-wait-online.service.d/strata.conf" <<'EOF'
[Service]
ExecStart=
ExecStart=/lib/systemd/systemd-networkd-wait-online --any --ipv4 --timeout=30
EOF
    # NoCloud (seed ISO labelled cidata, or "ds=nocloud;s=URL" in SMBIOS serial / on the kernel command line);
    # None keeps a boot without a seed quick instead of probing cloud metadata services that are not there.
    # C.UTF-8 is built into glibc: the default en_US.UTF-8 needs the locales package, and cc_locale failed.
    cat >"$root/etc/cloud/cloud.cfg.d/90_strata.cfg" <<'EOF'
datasource_list: [ NoCloud, None ]
locale: C.UTF-8
EOF
    # GRUB from the disk's first partition; the same configuration boots the disk and an iSCSI LUN (iSCSI gives
    # the same disk). The serial console lets tests read the boot.
    mkdir -p "$root/boot/grub"
    cat >"$root/boot/grub/grub.cfg" <<EOF
serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console
set timeout=1
insmod part_msdos
insmod ext2
search --no-floppy --label --set=root $LABEL
menuentry 'Debian 12 (strata golden image)' {
    linux /vmlinuz root=LABEL=$LABEL rw console=tty0 console=ttyS0,115200n8
    initrd /initrd.img
}
EOF
    # No password for anyone; cloud-init gives users and keys. SSH host keys are made at first boot (cloud-init
    # removes these anyway), so that copies of the image do not share them.
    rm -f "$root"/etc/ssh/ssh_host_*
    echo "strata-golden-image $VERSION" >"$root/etc/strata-golden-image"
    rm -f "$root/usr/sbin/policy-rc.d" "$root/etc/resolv.conf"
    chroot "$root" /bin/sh -ec '
        # Debian cloud.cfg puts the default user (debian) in group netdev, which minbase lacks: without it useradd
        # failed, there was no default user, and no SSH key could be given to it.
        getent group netdev >/dev/null || groupadd --system netdev
        systemctl enable systemd-networkd.service serial-getty@ttyS0.service strata-netroot.service >/dev/null 2>&1
        # A machine-id shared by every copy would give them all the same DHCP client id; systemd makes one at boot.
        : >/etc/machine-id
        rm -f /var/lib/dbus/machine-id
        apt-get clean
        rm -rf /var/lib/apt/lists/* /var/log/*.log /var/cache/debconf/*-old'
}

# The MBR disk: one partition from 1 MiB on, its ext4 file system made from the folder by mkfs.ext4 -d (no mount,
# no loop device, no libguestfs appliance), and GRUB written into the file directly, as grub-install would on a
# disk (Debian ships no grub-bios-setup, and grub-install probes the file system its --boot-directory is on, here
# this machine's own): core.img (grub-mkimage, its blocklist already pointing at sector 2 onwards) goes to sector 1,
# in the gap before the partition; boot.img's code (its first 440 bytes, which already load sector 1) goes to the
# MBR, leaving the disk signature and the partition table as sfdisk wrote them.
make_disk() {
    local root="$1" raw="$2" part="$2.part" core="$2.core"
    local part_mib=$((DISK_MIB - 1))
    rm -f "$raw" "$part"
    truncate -s "${part_mib}M" "$part"
    mkfs.ext4 -q -F -L "$LABEL" -d "$root" "$part"
    truncate -s "${DISK_MIB}M" "$raw"
    printf 'label: dos\nstart=2048, type=83, bootable\n' | sfdisk -q "$raw"
    dd if="$part" of="$raw" bs=1M seek=1 conv=notrunc,sparse status=none
    rm -f "$part"
    grub-mkimage -O i386-pc -o "$core" -p "(hd0,msdos1)/boot/grub" biosdisk part_msdos ext2 search search_label \
        serial terminal normal linux configfile echo test
    [ "$(stat -c %s "$core")" -lt $((2047 * 512)) ] || die "GRUB's core.img does not fit before the partition"
    dd if="$core" of="$raw" bs=512 seek=1 conv=notrunc status=none
    dd if=/usr/lib/grub/i386-pc/boot.img of="$raw" bs=440 count=1 conv=notrunc status=none
    rm -f "$core"
}

build() {
    local mirror work started=$SECONDS t kver
    is_root || die "building the golden image needs root (debootstrap, chroot)"
    if current; then
        print_paths
        return 0
    fi
    # One build at a time: ./strata test starts one in the background while the unit tests run, and the first test
    # that needs the image asks for it too; the second caller waits here, then finds the image made.
    mkdir -p "$DIR"
    exec 8>"$DIR/.build.lock"
    flock 8
    if current; then
        print_paths
        return 0
    fi
    ensure_packages
    mirror="$(apt_mirror)"
    mkdir -p "$DIR" "$DEBS"
    work="$DIR/build"
    rm -rf "$work"
    mkdir -p "$work"
    # The log stays after a failure (the tree does not: it is half made).
    LOG="$DIR/build.log"
    : >"$LOG"
    trap 'say "build failed (log: $LOG); removing $work"; umount_all "$work/root"; rm -rf "$work"' EXIT
    say "debootstrap $SUITE from $mirror (packages cached in $DEBS; log $LOG)"
    t=$SECONDS
    debootstrap --variant=minbase --cache-dir="$DEBS" "$SUITE" "$work/root" "$mirror" >>"$LOG" 2>&1 ||
        { tail -n 20 "$LOG" >&2; die "debootstrap failed"; }
    say "debootstrap took $((SECONDS - t)) s"
    t=$SECONDS
    # apt, the packages' scripts and update-initramfs in the chroot want /proc, /sys and /dev.
    mount -t proc proc "$work/root/proc"
    mount --rbind /sys "$work/root/sys"
    mount_chroot_dev "$work/root/dev"
    mkdir -p "$DEBS/apt"
    mount --bind "$DEBS/apt" "$work/root/var/cache/apt/archives"
    preconfigure_root "$work/root"
    chroot "$work/root" /bin/sh -ec "export DEBIAN_FRONTEND=noninteractive
        apt-get -q update
        apt-get -q -y --no-install-recommends install ${PACKAGES[*]}" >>"$LOG" 2>&1 ||
        { tail -n 20 "$LOG" >&2; die "apt-get install in the new tree failed"; }
    umount "$work/root/var/cache/apt/archives"
    say "packages took $((SECONDS - t)) s"
    t=$SECONDS
    configure_root "$work/root"
    umount_all "$work/root"
    say "configuration took $((SECONDS - t)) s"
    t=$SECONDS
    make_disk "$work/root" "$work/disk.raw"
    qemu-img convert -f raw -O qcow2 "$work/disk.raw" "$work/disk.qcow2"
    rm -f "$work/disk.raw"
    say "disk took $((SECONDS - t)) s"
    kver="$(basename "$(readlink -f "$work/root/vmlinuz")")"
    kver="${kver#vmlinuz-}"
    rm -rf "$IMAGE" "$KERNEL" "$INITRD" "$ROOTFS"
    cp "$work/root/boot/vmlinuz-$kver" "$KERNEL"
    cp "$work/root/boot/initrd.img-$kver" "$INITRD"
    mv "$work/disk.qcow2" "$IMAGE"
    mv "$work/root" "$ROOTFS"
    rm -rf "$work"
    trap - EXIT
    echo "$VERSION" >"$STAMP"
    say "built in $((SECONDS - started)) s: $IMAGE ($(du -m "$IMAGE" | cut -f1) MiB on disk, kernel $kver)"
    print_paths
}

# Every mount under the folder, deepest first.
# The chroot's /dev: a tmpfs holding the host's harmless nodes, as debootstrap makes it in a container, never the
# host's /dev itself. udev's postinst in the chroot runs systemd-tmpfiles on static-nodes-permissions.conf, which
# gave the host's /dev/kvm and /dev/vhost-net the gid of the chroot's kvm group (another number than the host's):
# QEMU, run as libvirt-qemu of the host's kvm group, could no longer open /dev/kvm, and every KVM test that ran
# beside this build failed with "Could not access KVM kernel module: Permission denied".
mount_chroot_dev() {
    local dev="$1" node
    mount -t tmpfs -o mode=0755 strata-chroot-dev "$dev"
    for node in null zero full random urandom tty ptmx pts shm; do
        if [ -d "/dev/$node" ]; then
            mkdir "$dev/$node"
        elif [ -c "/dev/$node" ]; then
            touch "$dev/$node"
        else
            continue
        fi
        mount --bind "/dev/$node" "$dev/$node"
    done
    ln -s /proc/self/fd "$dev/fd"
    ln -s /proc/self/fd/0 "$dev/stdin"
    ln -s /proc/self/fd/1 "$dev/stdout"
    ln -s /proc/self/fd/2 "$dev/stderr"
}

umount_all() {
    local m
    [ -d "$1" ] || return 0
    awk -v r="$1" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/mounts | sort -r |
        while IFS= read -r m; do umount -l "$m" 2>/dev/null || true; done
}

path() {
    current || { say "no golden image of version $VERSION in $DIR; build it: sudo $0 build"; return 1; }
    print_paths
}

remove() {
    is_root || die "removing the golden image needs root"
    umount_all "$DIR/build/root"
    rm -rf "$IMAGE" "$KERNEL" "$INITRD" "$ROOTFS" "$STAMP" "$DIR/build"
    say "removed the golden image (the package cache $DEBS stays)"
}

case "${1:-}" in
    build) build ;;
    path) path ;;
    remove) remove ;;
    *) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
