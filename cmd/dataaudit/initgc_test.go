package main

import (
	"os"
	"runtime/debug"
	"testing"
)

// TestCollectorOnAfterInit: package initgc holds the collector off while
// the packages initialize; package main's init must give it back, or
// every run would go without a collector.
func TestCollectorOnAfterInit(t *testing.T) {
	if os.Getenv("GOGC") == "off" {
		t.Skip("GOGC=off")
	}
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	if p < 0 {
		t.Fatalf("collector percentage after init = %d: off", p)
	}
}
