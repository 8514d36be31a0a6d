#!/usr/bin/env bash
# Checks openlit-go's GPU metrics on a machine with an NVIDIA GPU and its
# driver (libnvidia-ml.so): reads every GPU through NVML once, as the
# metric reader would, and prints each metric it saw with its unit. Fails
# when NVML does not start or no metric is read. Needs Go and gcc (go-nvml
# is cgo).
#
#	bash scripts/gpu-check.sh
set -euo pipefail
cd "$(dirname "$0")/../examples/metrics"
export CGO_CFLAGS="${CGO_CFLAGS:--O2 -g} -Wno-deprecated-declarations"
nvidia-smi -L 2>/dev/null || echo "nvidia-smi not found: NVML may still be there"
go run . -gpu-check
