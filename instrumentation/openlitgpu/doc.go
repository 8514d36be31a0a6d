// Package openlitgpu collects NVIDIA GPU metrics through NVML (OpenLIT's
// collect_gpu_stats) as observable gauges, read at each collection of the
// meter provider's reader:
//
//	gpu.utilization       %    GPU utilization
//	gpu.enc.utilization   %    encoder utilization
//	gpu.dec.utilization   %    decoder utilization
//	gpu.temperature       Cel  GPU temperature
//	gpu.fan_speed         %    fan speed (of the device's fans; 0 for GPUs without)
//	gpu.memory.total      MiB  memory
//	gpu.memory.used       MiB
//	gpu.memory.free       MiB
//	gpu.memory.available  MiB  free memory (NVML reserves none)
//	gpu.power.draw        W    power draw
//	gpu.power.limit       W    enforced power limit
//
// Each point has gpu.index, gpu.uuid and gpu.name, with
// telemetry.sdk.name, service.name and deployment.environment as OpenLIT
// puts them.
//
// Importing the package for its side effect links it into openlit.Init,
// which starts it with WithCollectGPUStats(true) or
// OPENLIT_COLLECT_GPU_STATS=true:
//
//	import _ "github.com/openlit/openlit-go/instrumentation/openlitgpu"
//
// Start does the same on any meter provider. NVML is the driver's library
// (libnvidia-ml.so), loaded when collection starts: go-nvml needs cgo to
// build, which is why this is a module of its own and the root module
// stays cgo-free. Without the library or a GPU, Start returns an error
// (Init says it once through the OpenTelemetry error handler) and
// registers nothing. A query that fails for one GPU skips that point (and
// is said once per GPU and metric); a GPU that disappears stops being
// reported. No goroutine: the gauges are read on the reader's schedule.
//
// Where this differs from OpenLIT (Python): the gauges have units; a
// failed query is no point rather than a 0; the fan speed is read (OpenLIT
// reports 0 for NVIDIA); memory and power are not rounded down to whole
// MiB and watts. AMD GPUs (OpenLIT uses amdsmi) are not covered.
package openlitgpu
