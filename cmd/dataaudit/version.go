package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is the release; set with -ldflags "-X main.version=v1.2.3".
var version = "0.1.0-dev"

func versionString() string {
	s := fmt.Sprintf("dataaudit %s (%s, %s/%s)", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s2 := range bi.Settings {
			if s2.Key == "vcs.revision" && len(s2.Value) >= 12 {
				s += " " + s2.Value[:12]
			}
		}
		for _, dep := range bi.Deps {
			if dep.Path == "github.com/apache/arrow-go/v18" {
				s += fmt.Sprintf("\narrow-go %s", dep.Version)
			}
		}
	}
	return s
}
