package exporters_test

import (
	"fmt"

	"github.com/openlit/openlit-go/exporters"
)

// OTEL_EXPORTER_OTLP_HEADERS as the OpenTelemetry specification writes it:
// comma-separated, percent-encoded values.
func ExampleParseHeaders() {
	h, err := exporters.ParseHeaders("Authorization=Bearer%20token,x-team=llm")
	fmt.Println(h, err)
	_, err = exporters.ParseHeaders("no-equals-sign")
	fmt.Println(err)
	// Output:
	// map[Authorization:Bearer token x-team:llm] <nil>
	// header 1: missing '='
}

// A URL as openlit-go prints it in errors: credentials and secret-looking
// query values removed.
func ExampleRedactURL() {
	fmt.Println(exporters.RedactURL("https://user:pass@collector.example.com:4318/v1/traces?api_key=secret&team=llm"))
	// Output:
	// https://REDACTED@collector.example.com:4318/v1/traces?REDACTED
}

// The endpoint and headers a Langfuse project's keys give (the secret never
// printed here).
func ExampleLangfuse() {
	endpoint, headers, err := exporters.Langfuse("https://cloud.langfuse.com", "pk-lf-1", "sk-lf-1")
	fmt.Println(endpoint, err)
	fmt.Println(headers["x-langfuse-ingestion-version"], len(headers["Authorization"]) > len("Basic "))
	_, _, err = exporters.Langfuse("https://cloud.langfuse.com", "", "")
	fmt.Println(err)
	// Output:
	// https://cloud.langfuse.com/api/public/otel/v1/traces <nil>
	// 4 true
	// langfuse: a public and a secret key are required
}

// An endpoint is checked before anything is sent.
func ExampleValidateEndpointURL() {
	fmt.Println(exporters.ValidateEndpointURL("http://localhost:4318/v1/traces"))
	fmt.Println(exporters.ValidateEndpointURL("localhost:4318"))
	// Output:
	// <nil>
	// invalid URL "localhost:4318": scheme must be http or https
}
