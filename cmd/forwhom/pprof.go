package main

import (
	"net"
	"net/http"
	"net/http/pprof"
	"os"
)

// FORWHOM_PPROF=127.0.0.1:6060 serves Go's profiler on that address, for
// measuring the server under load (see README, Performance). Only a
// loopback address is accepted: profiles show everything in memory.
func init() {
	addr := os.Getenv("FORWHOM_PPROF")
	if addr == "" {
		return
	}
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		os.Stderr.WriteString("forwhom: FORWHOM_PPROF must be a loopback address such as 127.0.0.1:6060; profiler not started\n")
		return
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	go func() { _ = http.ListenAndServe(addr, mux) }()
}
