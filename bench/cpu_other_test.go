//go:build !unix

package bench

import "time"

// processCPU is not measured here: the report shows wall time only.
func processCPU() time.Duration { return 0 }
