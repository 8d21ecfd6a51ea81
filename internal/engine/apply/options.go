package apply

// defaultParallelism is -parallelism's default, as in Terraform.
const defaultParallelism = 10

// Options tune Apply.
type Options struct {
	// Parallelism bounds the provider operations running at once; 0 means 10.
	Parallelism int
	// Progress, if set, hears of every step; calls never overlap.
	Progress func(Event)
}

func (o Options) parallelism() int {
	if o.Parallelism > 0 {
		return o.Parallelism
	}
	return defaultParallelism
}
