// Command strata-vcsim is Strata's test peer for the ESX driver: govmomi's vSphere API simulator, served on a
// loopback address, and govmomi's own client as the independent witness of what Strata did to it (as virsh is
// for libvirt and ipmitool for BMCs). vcsim.sh builds it from Debian's golang-github-vmware-govmomi-dev; see
// README.md beside this file.
//
//	strata-vcsim serve [flags]        serve a simulated vCenter (or -esx: one ESX host); prints
//	                                  "url=http(s)://127.0.0.1:PORT/sdk" and, with -tls, "thumbprint=AA:BB:..",
//	                                  then serves until SIGTERM or SIGINT
//	strata-vcsim vm URL NAME           print one VM as govmomi sees it, as JSON
//	strata-vcsim power URL NAME on|off|suspend
//	                                  change a VM's power state from outside Strata
//	strata-vcsim snapshots URL NAME    print a VM's snapshot tree as govmomi sees it, as JSON
//
// The client modes log in as $VCSIM_USERNAME / $VCSIM_PASSWORD and accept any certificate (a witness on
// loopback, not a product).
package main

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/find"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

func main() {
	log.SetFlags(0)
	if len(os.Args) < 2 {
		log.Fatal("usage: strata-vcsim serve|vm|power ...")
	}
	switch os.Args[1] {
	case "serve":
		serve(os.Args[2:])
	case "vm":
		if len(os.Args) != 4 {
			log.Fatal("usage: strata-vcsim vm URL NAME")
		}
		printVM(os.Args[2], os.Args[3])
	case "power":
		if len(os.Args) != 5 {
			log.Fatal("usage: strata-vcsim power URL NAME on|off|suspend")
		}
		power(os.Args[2], os.Args[3], os.Args[4])
	case "snapshots":
		if len(os.Args) != 4 {
			log.Fatal("usage: strata-vcsim snapshots URL NAME")
		}
		printSnapshots(os.Args[2], os.Args[3])
	default:
		log.Fatalf("unknown mode %q", os.Args[1])
	}
}

func serve(args []string) {
	flags := flag.NewFlagSet("serve", flag.ExitOnError)
	esx := flags.Bool("esx", false, "a standalone ESX host instead of a vCenter")
	listen := flags.String("listen", "127.0.0.1:0", "address to serve on; loopback only")
	clusters := flags.Int("clusters", 1, "vCenter: clusters per datacenter")
	clusterHosts := flags.Int("cluster-hosts", 3, "vCenter: hosts per cluster")
	standalone := flags.Int("standalone-hosts", 1, "vCenter: hosts outside any cluster")
	vms := flags.Int("vms", 2, "VMs per resource pool (per cluster, per standalone host, or the ESX host)")
	datastores := flags.Int("datastores", 1, "datastores, each mounted on every host")
	user := flags.String("username", "strata", "the only user that may log in")
	password := flags.String("password", "", "its password (required)")
	useTLS := flags.Bool("tls", false, "serve HTTPS with a self-signed certificate")
	flags.Parse(args)

	if *password == "" {
		log.Fatal("-password is required")
	}
	if !strings.HasPrefix(*listen, "127.") {
		log.Fatalf("refusing to listen on %s: loopback only", *listen)
	}

	var m *simulator.Model
	if *esx {
		m = simulator.ESX()
	} else {
		m = simulator.VPX()
		m.Cluster = *clusters
		m.ClusterHost = *clusterHosts
		m.Host = *standalone
	}
	m.Machine = *vms
	m.Datastore = *datastores
	if err := m.Create(); err != nil {
		m.Remove()
		log.Fatal(err)
	}

	m.Service.Listen = &url.URL{Host: *listen, User: url.UserPassword(*user, *password)}
	if *useTLS {
		m.Service.TLS = new(tls.Config)
	}
	s := m.Service.NewServer()

	u := *s.URL
	u.User = nil
	fmt.Printf("url=%s\n", u.String())
	if *useTLS {
		sum := sha256.Sum256(s.Certificate().Raw)
		parts := make([]string, len(sum))
		for i, b := range sum {
			parts[i] = fmt.Sprintf("%02X", b)
		}
		fmt.Printf("thumbprint=%s\n", strings.Join(parts, ":"))
	}
	os.Stdout.Sync()

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	<-stop
	// The datastores' folders (govcsim-* in $TMPDIR) go first: Close waits for the requests in flight, and a
	// client's WaitForUpdatesEx can outlast the patience of whoever stops us (vcsim.sh kills after 15 s).
	m.Remove()
	s.CloseClientConnections()
	s.Close()
}

// vmView is what the witness reports of a VM: enough to check what Strata asked the simulator to do.
type vmView struct {
	Name       string   `json:"name"`
	UUID       string   `json:"uuid"`
	PowerState string   `json:"powerState"`
	Host       string   `json:"host"`
	CPUs       int32    `json:"cpus"`
	MemoryMB   int32    `json:"memoryMB"`
	Disks      []string `json:"disks"`
	Cdroms     []string `json:"cdroms"`
	Nics       []string `json:"nics"`
	Boot       []string `json:"bootOrder"`
	CPUShares  int32    `json:"cpuShares"`
	CPULimit   int64    `json:"cpuLimitMHz"`
	MemLimit   int64    `json:"memoryLimitMB"`
	MemReserve int64    `json:"memoryReservationMB"`
}

func connect(ctx context.Context, raw string) (*govmomi.Client, *find.Finder) {
	u, err := url.Parse(raw)
	if err != nil {
		log.Fatal(err)
	}
	u.User = url.UserPassword(os.Getenv("VCSIM_USERNAME"), os.Getenv("VCSIM_PASSWORD"))
	c, err := govmomi.NewClient(ctx, u, true)
	if err != nil {
		log.Fatal(err)
	}
	f := find.NewFinder(c.Client, true)
	dc, err := f.DefaultDatacenter(ctx)
	if err != nil {
		log.Fatal(err)
	}
	f.SetDatacenter(dc)
	return c, f
}

func findVM(ctx context.Context, f *find.Finder, name string) *object.VirtualMachine {
	vm, err := f.VirtualMachine(ctx, name)
	if err != nil {
		log.Fatal(err)
	}
	return vm
}

func printVM(raw, name string) {
	ctx := context.Background()
	c, f := connect(ctx, raw)
	defer c.Logout(ctx)
	vm := findVM(ctx, f, name)
	var m mo.VirtualMachine
	if err := vm.Properties(ctx, vm.Reference(), []string{"name", "config", "runtime"}, &m); err != nil {
		log.Fatal(err)
	}
	view := vmView{Name: m.Name, UUID: m.Config.Uuid, PowerState: string(m.Runtime.PowerState),
		CPUs: m.Config.Hardware.NumCPU, MemoryMB: m.Config.Hardware.MemoryMB,
		Disks: []string{}, Cdroms: []string{}, Nics: []string{}, Boot: []string{}}
	if m.Runtime.Host != nil {
		host := object.NewHostSystem(c.Client, *m.Runtime.Host)
		view.Host, _ = host.ObjectName(ctx)
	}
	for _, d := range m.Config.Hardware.Device {
		switch dev := d.(type) {
		case *types.VirtualDisk:
			if b, ok := dev.Backing.(types.BaseVirtualDeviceFileBackingInfo); ok {
				view.Disks = append(view.Disks, b.GetVirtualDeviceFileBackingInfo().FileName)
			}
		case *types.VirtualCdrom:
			if b, ok := dev.Backing.(*types.VirtualCdromIsoBackingInfo); ok {
				view.Cdroms = append(view.Cdroms, b.FileName)
			} else {
				view.Cdroms = append(view.Cdroms, "")
			}
		case types.BaseVirtualEthernetCard:
			card := dev.GetVirtualEthernetCard()
			network := ""
			if b, ok := card.Backing.(*types.VirtualEthernetCardNetworkBackingInfo); ok {
				network = b.DeviceName
			}
			view.Nics = append(view.Nics, card.MacAddress+" "+network)
		}
	}
	if m.Config.BootOptions != nil {
		for _, b := range m.Config.BootOptions.BootOrder {
			switch b.(type) {
			case *types.VirtualMachineBootOptionsBootableDiskDevice:
				view.Boot = append(view.Boot, "disk")
			case *types.VirtualMachineBootOptionsBootableCdromDevice:
				view.Boot = append(view.Boot, "cdrom")
			case *types.VirtualMachineBootOptionsBootableEthernetDevice:
				view.Boot = append(view.Boot, "network")
			}
		}
	}
	if a := m.Config.CpuAllocation; a != nil {
		if a.Shares != nil {
			view.CPUShares = a.Shares.Shares
		}
		if a.Limit != nil {
			view.CPULimit = *a.Limit
		}
	}
	if a := m.Config.MemoryAllocation; a != nil {
		if a.Limit != nil {
			view.MemLimit = *a.Limit
		}
		if a.Reservation != nil {
			view.MemReserve = *a.Reservation
		}
	}
	out, _ := json.Marshal(view)
	fmt.Println(string(out))
}

func power(raw, name, action string) {
	ctx := context.Background()
	c, f := connect(ctx, raw)
	defer c.Logout(ctx)
	vm := findVM(ctx, f, name)
	var task *object.Task
	var err error
	switch action {
	case "on":
		task, err = vm.PowerOn(ctx)
	case "off":
		task, err = vm.PowerOff(ctx)
	case "suspend":
		task, err = vm.Suspend(ctx)
	default:
		log.Fatalf("unknown power action %q", action)
	}
	if err == nil {
		err = task.Wait(ctx)
	}
	if err != nil {
		log.Fatal(err)
	}
}

// snapshotView is one snapshot as the witness reports it: the tree flattened, parents before children.
type snapshotView struct {
	Name        string `json:"name"`
	Parent      string `json:"parent"`
	Description string `json:"description"`
	State       string `json:"state"`
	Quiesced    bool   `json:"quiesced"`
	Current     bool   `json:"current"`
}

func printSnapshots(raw, name string) {
	ctx := context.Background()
	c, f := connect(ctx, raw)
	defer c.Logout(ctx)
	vm := findVM(ctx, f, name)
	var m mo.VirtualMachine
	if err := vm.Properties(ctx, vm.Reference(), []string{"snapshot"}, &m); err != nil {
		log.Fatal(err)
	}
	out := []snapshotView{}
	if m.Snapshot != nil {
		var walk func(parent string, trees []types.VirtualMachineSnapshotTree)
		walk = func(parent string, trees []types.VirtualMachineSnapshotTree) {
			for _, t := range trees {
				current := m.Snapshot.CurrentSnapshot != nil && *m.Snapshot.CurrentSnapshot == t.Snapshot
				out = append(out, snapshotView{Name: t.Name, Parent: parent, Description: t.Description,
					State: string(t.State), Quiesced: t.Quiesced, Current: current})
				walk(t.Name, t.ChildSnapshotList)
			}
		}
		walk("", m.Snapshot.RootSnapshotList)
	}
	text, _ := json.Marshal(out)
	fmt.Println(string(text))
}
