package main

import (
	"runtime"
	"runtime/debug"

	"github.com/dataaudit/dataaudit/internal/cli"
)

// version is the release; set with -ldflags "-X main.version=v1.2.3". A
// binary built by 'go install ...@v1.2.3' names its module version instead.
var version = "0.1.0-dev"

// versionString is what 'dataaudit version' prints (cli.Version).
func versionString() string {
	bi, _ := debug.ReadBuildInfo()
	return formatVersion(version, runtime.Version()+" "+runtime.GOOS+"/"+runtime.GOARCH, bi)
}

func formatVersion(release, goPlatform string, bi *debug.BuildInfo) string {
	v := cli.Version{Program: "dataaudit", Release: release, Dev: "0.1.0-dev", Deps: []string{"github.com/apache/arrow-go/v18"}}
	return v.Format(goPlatform, bi)
}
