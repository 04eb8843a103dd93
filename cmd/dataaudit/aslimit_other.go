//go:build !unix

package main

// addressSpaceLimit returns ^0: no address-space limit is looked for.
func addressSpaceLimit() uint64 { return ^uint64(0) }
