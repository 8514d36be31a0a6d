// Package otlpreceiver is a real OTLP/HTTP receiver for tests: an httptest
// server that decodes the protobuf export requests the OTLP exporters send
// and keeps what arrived, so tests assert spans and metrics rather than
// merely that a request came.
package otlpreceiver
