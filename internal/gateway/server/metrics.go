package server

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"

	"github.com/wsdeploy/wsdeploy/internal/gateway/billing"
	"github.com/wsdeploy/wsdeploy/internal/gateway/dataplane"
)

// metricsHandler serves the gateway's counters in the Prometheus text
// format. It is written by hand: a dozen families do not need a client
// library, and the numbers come from snapshots the data plane and the
// meter already keep.
func metricsHandler(plane *dataplane.Plane, meter *billing.Meter) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		writeMetrics(w, plane.Stats(), meter.Snapshot())
	})
}

type family struct {
	name, help, kind string
}

func header(w io.Writer, f family) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n", f.name, f.help, f.name, f.kind)
}

func writeMetrics(w io.Writer, stats []dataplane.FunctionStats, usage []billing.Usage) {
	sort.Slice(stats, func(i, j int) bool { return stats[i].Function < stats[j].Function })
	sort.Slice(usage, func(i, j int) bool { return usage[i].Function < usage[j].Function })
	gauges := []struct {
		family
		value func(dataplane.FunctionStats) float64
	}{
		{family{"wsdeploy_function_active_connections", "WebSocket connections open now.", "gauge"}, func(s dataplane.FunctionStats) float64 { return float64(s.ActiveConnections) }},
		{family{"wsdeploy_function_active_requests", "Plain HTTP requests in flight.", "gauge"}, func(s dataplane.FunctionStats) float64 { return float64(s.ActiveRequests) }},
		{family{"wsdeploy_function_instances", "Instances starting or running.", "gauge"}, func(s dataplane.FunctionStats) float64 { return float64(s.Instances) }},
		{family{"wsdeploy_function_provisioned_instances", "Instances kept for the provision config, starting or running.", "gauge"}, func(s dataplane.FunctionStats) float64 { return float64(s.Provisioned) }},
		{family{"wsdeploy_function_on_demand_instances", "Instances started for requests, starting or running.", "gauge"}, func(s dataplane.FunctionStats) float64 { return float64(s.Instances - s.Provisioned) }},
		{family{"wsdeploy_function_provision_target", "The provision config's target.", "gauge"}, func(s dataplane.FunctionStats) float64 { return float64(s.ProvisionTarget) }},
		{family{"wsdeploy_function_cold_starts_total", "Instances started.", "counter"}, func(s dataplane.FunctionStats) float64 { return float64(s.ColdStarts) }},
		{family{"wsdeploy_function_cold_start_waits_total", "Requests and handshakes that waited for an instance to start.", "counter"}, func(s dataplane.FunctionStats) float64 { return float64(s.ColdStartWaits) }},
		{family{"wsdeploy_function_crashes_total", "Instances that exited on their own.", "counter"}, func(s dataplane.FunctionStats) float64 { return float64(s.Crashes) }},
	}
	for _, g := range gauges {
		header(w, g.family)
		for _, s := range stats {
			fmt.Fprintf(w, "%s{function=%q} %s\n", g.name, s.Function, num(g.value(s)))
		}
	}

	header(w, family{"wsdeploy_function_cold_start_seconds", "Time from a request that needs a new instance to the instance being ready.", "histogram"})
	for _, s := range stats {
		for i, b := range dataplane.ColdStartBounds {
			fmt.Fprintf(w, "wsdeploy_function_cold_start_seconds_bucket{function=%q,le=%q} %d\n", s.Function, num(b), s.ColdStartBuckets[i])
		}
		fmt.Fprintf(w, "wsdeploy_function_cold_start_seconds_bucket{function=%q,le=\"+Inf\"} %d\n", s.Function, s.ColdStarts)
		fmt.Fprintf(w, "wsdeploy_function_cold_start_seconds_sum{function=%q} %s\n", s.Function, num(s.ColdStartSeconds))
		fmt.Fprintf(w, "wsdeploy_function_cold_start_seconds_count{function=%q} %d\n", s.Function, s.ColdStarts)
	}

	header(w, family{"wsdeploy_function_requests_total", "Answered requests and handshakes by status and X-Fc-Error-Type.", "counter"})
	for _, s := range stats {
		for _, rc := range s.Requests {
			fmt.Fprintf(w, "wsdeploy_function_requests_total{function=%q,status=\"%d\",error_type=%q} %d\n", s.Function, rc.Status, rc.ErrorType, rc.Count)
		}
	}

	billed := []struct {
		family
		value func(billing.Usage) float64
	}{
		{family{"wsdeploy_function_billed_seconds_total", "Instance busy time as FC bills it (overlapping connections once).", "counter"}, func(u billing.Usage) float64 { return u.BilledSeconds() }},
		{family{"wsdeploy_function_gb_seconds_total", "Billed seconds times the function's memory in GB.", "counter"}, func(u billing.Usage) float64 { return u.GBSeconds }},
		{family{"wsdeploy_function_connections_total", "WebSocket connections that reached an instance.", "counter"}, func(u billing.Usage) float64 { return float64(u.Connections) }},
	}
	for _, b := range billed {
		header(w, b.family)
		for _, u := range usage {
			fmt.Fprintf(w, "%s{function=%q} %s\n", b.name, u.Function, num(b.value(u)))
		}
	}
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
