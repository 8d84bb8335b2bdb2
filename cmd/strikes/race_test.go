//go:build race

package main

// raceEnabled says the tests run under the race detector, which slows the
// subprocesses they start about tenfold.
const raceEnabled = true
