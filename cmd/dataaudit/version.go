package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is the release; set with -ldflags "-X main.version=v1.2.3". A
// binary built by 'go install ...@v1.2.3' names its module version instead.
var version = "0.1.0-dev"

// versionString is what 'dataaudit version' prints.
func versionString() string {
	bi, _ := debug.ReadBuildInfo()
	return formatVersion(version, runtime.Version()+" "+runtime.GOOS+"/"+runtime.GOARCH, bi)
}

// formatVersion names the release, the commit the binary was built from
// and its time, and whether the work tree had uncommitted changes, from
// the build information the go command stamps into binaries built in a
// repository ('go build', 'go install'). A binary built without it (go
// test, -buildvcs=false, a module cache without VCS) says what it can:
// the release, the Go version and platform.
func formatVersion(release, goPlatform string, bi *debug.BuildInfo) string {
	var rev, when, modified, arrow string
	if bi != nil {
		// The go command stamps "(devel)" for a build in the work tree
		// (before Go 1.24, or without a tag) and the module's version
		// (v1.2.3, or a pseudo-version naming the commit) otherwise.
		if v := bi.Main.Version; v != "" && v != "(devel)" && release == "0.1.0-dev" {
			release = v
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		for _, dep := range bi.Deps {
			if dep.Path == "github.com/apache/arrow-go/v18" {
				arrow = dep.Version
			}
		}
	}
	s := "dataaudit " + release
	if rev != "" {
		s += "\ncommit " + rev
		if modified == "true" {
			s += " (with uncommitted changes)"
		}
		if when != "" {
			s += "\ncommitted " + when
		}
	} else {
		s += "\ncommit unknown (built without version control information)"
	}
	s += "\n" + goPlatform
	if arrow != "" {
		s += fmt.Sprintf("\narrow-go %s", arrow)
	}
	return s
}
