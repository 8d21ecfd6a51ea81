package main

import (
	"bufio"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// provisionedSection times the first handshake to a function that has no
// instance (on demand: the handshake waits for a cold start) and to one
// whose provision config keeps one instance ready. Each run deploys a
// fresh function per case and alternates which case goes first, so that
// the noise of a shared machine falls on both alike.
func (s *suite) provisionedSection() error {
	n := s.cfg.provisioned
	fmt.Fprintf(s.out, "\n== first handshake, on demand against provisioned (target 1): %d runs ==\n", n)
	var od, pv []time.Duration
	var odWaits, pvWaits int
	for i := range n {
		onDemand := func() error {
			d, err := gatewayColdStart(s.gw, fmt.Sprintf("ondemand-%d", i))
			od = append(od, d)
			return err
		}
		provisioned := func() error {
			d, err := s.gw.provisionedStart(fmt.Sprintf("provisioned-%d", i))
			pv = append(pv, d)
			return err
		}
		first, second := onDemand, provisioned
		if i%2 == 1 {
			first, second = provisioned, onDemand
		}
		if err := first(); err != nil {
			return err
		}
		if err := second(); err != nil {
			return err
		}
		// The gateway's own count tells whether a handshake waited for an
		// instance to start: 1 on demand, 0 when provisioned.
		ow, err := s.gw.coldStartWaits(fmt.Sprintf("ondemand-%d", i))
		if err != nil {
			return err
		}
		pw, err := s.gw.coldStartWaits(fmt.Sprintf("provisioned-%d", i))
		if err != nil {
			return err
		}
		odWaits, pvWaits = odWaits+ow, pvWaits+pw
		fmt.Fprintf(s.out, "  run %d: on demand %s, provisioned %s\n", i+1, ms(od[i]), ms(pv[i]))
	}
	var per spread // on demand / provisioned, per run
	for i := range od {
		per = append(per, ratio(float64(od[i]), float64(pv[i])))
	}
	fmt.Fprintf(s.out, "first handshake: on demand median %s [%s–%s], provisioned median %s [%s–%s]; on demand / provisioned: of the medians %.1f×, per run %v\n",
		ms(median(od)), ms(minD(od)), ms(maxD(od)), ms(median(pv)), ms(minD(pv)), ms(maxD(pv)),
		ratio(float64(median(od)), float64(median(pv))), per)
	fmt.Fprintf(s.out, "handshakes that waited for an instance to start (the gateway's wsdeploy_function_cold_start_waits_total): on demand %d of %d, provisioned %d of %d\n",
		odWaits, n, pvWaits, n)
	return nil
}

// provisionedStart deploys a fresh function, asks for one provisioned
// instance, waits until the gateway reports it ready, and times the first
// handshake to the first byte of the answer. The config is deleted after,
// so that the runs do not pile instances up against the instance limit.
func (g *gatewayClient) provisionedStart(name string) (time.Duration, error) {
	addr, path, err := g.deploy(name, 1)
	if err != nil {
		return 0, err
	}
	q := dara.String(fcspec.QualifierLatest)
	if _, err := g.c.PutProvisionConfig(dara.String(name), &fc.PutProvisionConfigRequest{
		Qualifier: q, Body: &fc.PutProvisionConfigInput{Target: dara.Int64(1)}}); err != nil {
		return 0, fmt.Errorf("provision %s: %w", name, err)
	}
	defer g.c.DeleteProvisionConfig(dara.String(name), &fc.DeleteProvisionConfigRequest{Qualifier: q})
	if err := g.waitProvisioned(name, 1, time.Minute); err != nil {
		return 0, err
	}
	t0 := time.Now()
	if err := firstByte(addr, path, 30*time.Second); err != nil {
		return 0, err
	}
	return time.Since(t0), nil
}

// waitProvisioned polls GetProvisionConfig until current (instances ready
// to serve) reaches want.
func (g *gatewayClient) waitProvisioned(name string, want int64, timeout time.Duration) error {
	end := time.Now().Add(timeout)
	for {
		resp, err := g.c.GetProvisionConfig(dara.String(name), &fc.GetProvisionConfigRequest{Qualifier: dara.String(fcspec.QualifierLatest)})
		if err != nil {
			return fmt.Errorf("provision config of %s: %w", name, err)
		}
		if dara.Int64Value(resp.Body.Current) >= want {
			return nil
		}
		if time.Now().After(end) {
			return fmt.Errorf("%s: %d of %d provisioned instances ready after %v (%s)", name,
				dara.Int64Value(resp.Body.Current), want, timeout, dara.StringValue(resp.Body.CurrentError))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// coldStartWaits reads the function's count of requests and handshakes
// that waited for an instance to start from the gateway's /metrics.
func (g *gatewayClient) coldStartWaits(function string) (int, error) {
	resp, err := http.Get("http://" + g.control + "/metrics")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	prefix := "wsdeploy_function_cold_start_waits_total{function=" + strconv.Quote(function) + "} "
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), prefix); ok {
			return strconv.Atoi(v)
		}
	}
	return 0, fmt.Errorf("the gateway's /metrics has no %s (%v)", strings.TrimSpace(prefix), sc.Err())
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }
