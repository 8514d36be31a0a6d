module github.com/openlit/openlit-go

go 1.26.8

require go.opentelemetry.io/otel v1.47.0

require github.com/cespare/xxhash/v2 v2.3.0 // indirect
