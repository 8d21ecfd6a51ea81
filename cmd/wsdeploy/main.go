package main

import "os"

func main() {
	os.Exit(run(os.Args, &env{
		stdin:   os.Stdin,
		stdout:  os.Stdout,
		stderr:  os.Stderr,
		getenv:  os.Getenv,
		environ: os.Environ(),
	}))
}
