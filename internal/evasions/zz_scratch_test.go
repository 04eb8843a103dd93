package evasions

import (
	"fmt"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"
)

func threadCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(1, &ru) // RUSAGE_THREAD
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func cpuPerByte(texts [][]byte, rounds int, f func([]byte)) float64 {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var n int64
	for _, t := range texts {
		n += int64(len(t))
	}
	best := time.Duration(1 << 62)
	for range rounds {
		c0 := threadCPU()
		for _, t := range texts {
			f(t)
		}
		best = min(best, threadCPU()-c0)
	}
	return float64(best.Nanoseconds()) / float64(n)
}

func TestScratchCPU(t *testing.T) {
	if os.Getenv("SCRATCH") == "" {
		t.Skip()
	}
	texts := corpusTexts(t)
	var found [numEvasionKinds]string
	var s scan
	full, fullB, all := 0, 0, 0
	for _, tx := range texts {
		all += len(tx)
		s = scan{tally: tally{allSpace: true}}
		if g, _ := s.run(tx, 0, &found); len(tx) > 0 && g < len(tx) {
			full++
			fullB += len(tx)
		}
	}
	fmt.Printf("rows %d full %d (%.1f%%) bytes %d full bytes %.1f%%\n", len(texts), full, 100*float64(full)/float64(len(texts)), all, 100*float64(fullB)/float64(all))
	fmt.Printf("checkText %.3f ns/B\n", cpuPerByte(texts, 5, func(t []byte) { found = [numEvasionKinds]string{}; checkText(t, &found) }))
	fmt.Printf("scan.run  %.3f ns/B\n", cpuPerByte(texts, 5, func(t []byte) { s = scan{tally: tally{allSpace: true}}; s.run(t, 0, &found) }))
	fmt.Printf("checkFull %.3f ns/B (all rows)\n", cpuPerByte(texts, 3, func(t []byte) {
		found = [numEvasionKinds]string{}
		var tl tally
		tl.allSpace = true
		checkFull(t, &found, 0, 0, &tl)
	}))
}

func TestScratchWindows(t *testing.T) {
	if os.Getenv("SCRATCH") == "" {
		t.Skip()
	}
	texts := corpusTexts(t)
	var found [numEvasionKinds]string
	winB, back, gives := 0, 0, 0
	reasons := map[string]int{}
	for _, tx := range texts {
		if len(tx) == 0 {
			continue
		}
		found = [numEvasionKinds]string{}
		s := scan{tally: tally{allSpace: true}}
		for from := 0; from < len(tx); {
			g, done := s.run(tx, from, &found)
			if g == len(tx) {
				break
			}
			gives++
			r := "nonascii"
			if tx[g] < 0x80 {
				if done == g {
					r = "control"
				} else if done == g+8 {
					r = "block"
				} else {
					r = "asciirun"
				}
			}
			reasons[r]++
			p := resetBefore(tx, from, g, found[iBlob] != "")
			back += g - p
			s.uncount(tx, p, done)
			q := checkFull(tx, &found, p, done, &s.tally)
			winB += q - p
			from = q
		}
	}
	fmt.Printf("gives %d window bytes %d back %d reasons %v\n", gives, winB, back, reasons)
}
