package exporters

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// LangfuseIngestionVersionHeader and LangfuseIngestionVersion are the header
// Langfuse asks direct OTLP exporters to send, selecting its v4 ingestion.
const (
	LangfuseIngestionVersionHeader = "x-langfuse-ingestion-version"
	LangfuseIngestionVersion       = "4"
)

// Langfuse is the OTLP/HTTP traces endpoint and headers of a Langfuse host
// (https://cloud.langfuse.com, a self-hosted URL, …) for a project's keys:
// {host}/api/public/otel/v1/traces with Basic auth (public key : secret key)
// and the x-langfuse-ingestion-version: 4 header Langfuse asks direct OTLP
// exporters to send. Langfuse ingests traces only, so there is no metrics
// counterpart.
func Langfuse(host, publicKey, secretKey string) (endpoint string, headers map[string]string, err error) {
	if publicKey == "" || secretKey == "" {
		return "", nil, fmt.Errorf("langfuse: a public and a secret key are required")
	}
	endpoint = strings.TrimRight(host, "/") + "/api/public/otel/v1/traces"
	if err := ValidateEndpointURL(endpoint); err != nil {
		return "", nil, fmt.Errorf("langfuse host: %w", err)
	}
	return endpoint, map[string]string{
		"Authorization":                "Basic " + base64.StdEncoding.EncodeToString([]byte(publicKey+":"+secretKey)),
		LangfuseIngestionVersionHeader: LangfuseIngestionVersion,
	}, nil
}
