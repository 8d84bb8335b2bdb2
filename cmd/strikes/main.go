// Command strikes is a terminal dashboard for the people who track air
// strikes: it keeps reports in a local store and shows every source's
// account of a strike side by side. See the README for the commands.
package main

import (
	"context"
	"errors"
	"io"
	"os"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// Exit codes.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
	// exitInterrupted is a command stopped by Ctrl-C (128 + SIGINT).
	exitInterrupted = 130
)

// run executes the command line and maps its outcome to an exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	err := execute(ctx, args, stdout, stderr)
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, new(*usageError)) || isCobraUsage(err):
		return exitUsage
	case errors.As(err, new(*interruptedError)):
		return exitInterrupted
	}
	return exitError
}
